import { defaultValidationContext, loadConfig, planDown, planStatus, planUp, renderStack, runPlan, validateStack, writeRendered } from '@srcobs/stack';
import type { CommandOptions } from '../command.js';
import { EXIT, ExitError } from '../errors.js';
import { paint, type Output } from '../output.js';
import { progress } from '../progress.js';
import { countFindings, formatFindings } from './findings.js';

/** Options every `--target kubernetes` command shares. */
export const KUBERNETES_OPTIONS: CommandOptions = {
  config: { type: 'string', short: 'c', description: 'the stack config (default: srcobs.config.ts, srcobs.yaml or srcobs.json here)', valueName: 'file' },
  out: { type: 'string', short: 'o', default: 'rendered', description: '(kubernetes) the folder the rendered files are written to and applied from', valueName: 'dir' },
  'dry-run': { type: 'boolean', description: '(kubernetes) print every command and file, touch no cluster' },
  'kube-context': { type: 'string', description: '(kubernetes) the kube context to use instead of the current one', valueName: 'name' },
};

type Action = 'up' | 'down' | 'status';

/**
 * The kubernetes target: render and validate (up/down need the files), then run the plan. An
 * invalid render never reaches the cluster.
 */
export async function runKubernetes(action: Action, values: Record<string, unknown>, output: Output): Promise<void> {
  const config = await loadConfig(values['config'] ? { file: String(values['config']) } : {});
  const dir = String(values['out'] ?? 'rendered');
  const context = values['kube-context'] ? String(values['kube-context']) : undefined;
  const planOptions = context ? { dir, context } : { dir };
  const log = (line: string): void => void output.out.write(`${line}\n`);
  let plan;
  if (action === 'status') plan = planStatus(config, planOptions);
  else {
    const files = renderStack(config);
    await writeRendered(dir, files);
    progress(output, `Validating ${files.length} rendered files before anything is applied…`);
    const findings = await validateStack(files, defaultValidationContext());
    const counts = countFindings(findings);
    if (counts.errors) {
      output.err.write(formatFindings(findings, output));
      throw new ExitError(EXIT.PROBLEM, `${paint(output, 'red', 'Not applied')}: the rendered stack in ${dir}/ has ${counts.text}. Fix the config and run again (\`srcobs validate ${dir}\` shows the same).`);
    }
    log(`Rendered and validated ${files.length} files in ${dir}/ (${counts.text}).`);
    plan = action === 'up' ? planUp(config, files, planOptions) : planDown(config, files, planOptions);
  }
  await runPlan(plan, { dryRun: Boolean(values['dry-run']), log, ...(context ? { context } : {}) });
}
