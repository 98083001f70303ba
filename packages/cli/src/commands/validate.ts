import { defaultValidationContext, readRendered, validateStack } from '@srcobs/stack';
import type { Command } from '../command.js';
import { EXIT, ExitError } from '../errors.js';
import { paint } from '../output.js';
import { progress } from '../progress.js';
import { countFindings, formatFindings } from './findings.js';

/** `srcobs validate`: prove the rendered files before they reach a cluster. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check rendered files against chart defaults, Kubernetes and CRD schemas, promtool and Alloy',
  usage: 'srcobs validate [<dir>] [--json]',
  description: `
Validates the files in <dir> (default ./rendered) as they are now, hand edits included:
  helm-values        every key exists in the pinned chart's defaults or values.schema.json
  kubernetes-schema  every object against Kubernetes, prometheus-operator and Gateway API schemas
  promtool           every Prometheus rule file with \`promtool check rules\` and \`promtool test rules\`
  expressions        every PromQL and LogQL expression in rules and dashboards parses
  alloy              the Alloy config parses, every component argument exists, every reference resolves
  wiring             every ServiceMonitor, route backend, data-source URL and exporter endpoint points at a Service that exists
  secrets            no password, token or key in any file
Each finding names the file, the path inside it, and the fix. Exit code 1 when there is an error.`,
  options: {
    json: { type: 'boolean', description: 'print the findings as JSON' },
  },
  allowPositionals: true,
  examples: [
    ['srcobs validate', 'validate ./rendered'],
    ['srcobs validate deploy/monitoring --json', 'validate another folder, machine-readable'],
  ],
  async run({ values, positionals }, output) {
    const dir = positionals[0] ?? 'rendered';
    const files = await readRendered(dir);
    progress(output, `Validating ${files.length} files in ${dir} (chart keys, schemas, promtool, Alloy, wiring, secrets)…`);
    const findings = await validateStack(files, defaultValidationContext());
    const counts = countFindings(findings);
    if (values['json']) output.out.write(`${JSON.stringify({ dir, files: files.length, findings }, null, 2)}\n`);
    else {
      output.out.write(formatFindings(findings, output));
      output.out.write(`${counts.errors ? paint(output, 'red', 'Validation failed') : paint(output, 'green', 'Valid')}: ${files.length} files in ${dir}, ${counts.text}.\n`);
    }
    if (counts.errors) throw new ExitError(EXIT.PROBLEM);
  },
};
