import { defaultValidationContext, loadConfig, renderStack, validateStack, writeRendered } from '@srcobs/stack';
import type { Command } from '../command.js';
import { EXIT, ExitError } from '../errors.js';
import { paint } from '../output.js';
import { progress } from '../progress.js';
import { countFindings, formatFindings } from './findings.js';

/** `srcobs render`: every file the cluster needs, from one config, then validated. */
export const renderCommand: Command = {
  name: 'render',
  summary: 'render every Helm values file, manifest, Alloy config, dashboard and rule for Kubernetes',
  usage: 'srcobs render [--config <file>] [--out <dir>] [--no-validate] [--json]',
  description: `
Reads srcobs.config.ts (or srcobs.yaml / srcobs.json) from the current folder, or the defaults
when there is none (the seed's stack, corrected), and writes the files a cluster needs into
--out: Helm values for each pinned chart, helmfile.yaml, Kubernetes manifests, the Alloy
pipeline, Grafana data sources and dashboards, Prometheus and Loki rules, and a README.md with
the Secrets to create and the exact commands that apply them. Files a previous render wrote and
this one no longer produces are removed; your own files in the folder are left alone.

The rendered files are then validated (as \`srcobs validate\` does) unless --no-validate; the
exit code is 1 when validation finds an error.`,
  options: {
    config: { type: 'string', short: 'c', description: 'the config file (default: srcobs.config.ts, srcobs.yaml or srcobs.json here)', valueName: 'file' },
    out: { type: 'string', short: 'o', default: 'rendered', description: 'the folder to write into', valueName: 'dir' },
    'no-validate': { type: 'boolean', description: 'write the files without validating them' },
    json: { type: 'boolean', description: 'print a JSON report instead of text' },
  },
  examples: [
    ['srcobs render', 'render the default stack into ./rendered and validate it'],
    ['srcobs render -c srcobs.yaml -o deploy/monitoring', 'render your own config into a folder you commit'],
    ['srcobs render --json | jq .findings', 'machine-readable findings'],
  ],
  async run({ values }, output) {
    const config = await loadConfig(values['config'] ? { file: String(values['config']) } : {});
    const dir = String(values['out']);
    const files = renderStack(config);
    const written = await writeRendered(dir, files);
    if (!values['no-validate']) progress(output, `Validating ${files.length} files (chart keys, schemas, promtool, Alloy, wiring, secrets)…`);
    const findings = values['no-validate'] ? [] : await validateStack(files, defaultValidationContext());
    const counts = countFindings(findings);
    if (values['json']) {
      output.out.write(`${JSON.stringify({ dir, written: written.written, removed: written.removed, validated: !values['no-validate'], findings }, null, 2)}\n`);
    } else {
      output.out.write(`Rendered ${written.written.length} files into ${dir}/${written.removed.length ? ` (removed ${written.removed.length} no longer rendered: ${written.removed.join(', ')})` : ''}\n`);
      if (!values['no-validate']) {
        output.out.write(formatFindings(findings, output));
        output.out.write(counts.errors ? `${paint(output, 'red', 'Validation failed')}: ${counts.text}.\n` : `${paint(output, 'green', 'Valid')}: ${counts.text}.\n`);
      }
      if (!counts.errors) output.out.write(`Next: read ${dir}/README.md, then \`srcobs up --target kubernetes --dry-run\` to see every command.\n`);
    }
    if (counts.errors) throw new ExitError(EXIT.PROBLEM);
  },
};
