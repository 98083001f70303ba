import { DEFAULT_LIVE_LOOKBACK_MS, checkLiveQueries, durationMs } from '@srcobs/local';
import { defaultValidationContext, readRendered, validateStack } from '@srcobs/stack';
import type { Command } from '../command.js';
import { EXIT, ExitError, UsageError } from '../errors.js';
import { paint, type Output } from '../output.js';
import { progress } from '../progress.js';
import { ENDPOINT_OPTIONS, clientOf, configFor, endpointsOf } from './endpoints.js';
import { countFindings, formatFindings } from './findings.js';

/** `--live`: every dashboard query and rule of the config, run against live APIs. */
async function validateLive(values: Record<string, unknown>, output: Output): Promise<void> {
  const resolved = endpointsOf(values);
  const config = await configFor(values, resolved);
  const lookbackMs = durationMs(String(values['lookback']), 'lookback');
  progress(output, `Running every dashboard query and rule input against ${[...new Set(Object.values(resolved.endpoints))].join(', ')}…`);
  const { checked, findings } = await checkLiveQueries({ client: clientOf(resolved), config, lookbackMs });
  const counts = countFindings(findings);
  if (values['json']) output.out.write(`${JSON.stringify({ live: true, checked, findings }, null, 2)}\n`);
  else {
    output.out.write(formatFindings(findings, output));
    const empty = findings.filter((f) => f.severity === 'warning').length;
    output.out.write(`${counts.errors ? paint(output, 'red', 'Queries fail') : empty ? paint(output, 'yellow', 'Some queries return nothing') : paint(output, 'green', 'Every query returns data')}: ${checked} dashboard targets and rules checked, ${counts.text}.\n`);
  }
  if (counts.errors || (values['strict'] && counts.warnings)) throw new ExitError(EXIT.PROBLEM);
}

/** `srcobs validate`: prove the rendered files before they reach a cluster. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check rendered files against chart defaults, Kubernetes and CRD schemas, promtool and Alloy',
  usage: 'srcobs validate [<dir>] [--json] | srcobs validate --live [--url <url>] [--config <file>] [--strict]',
  description: `
Validates the files in <dir> (default ./rendered) as they are now, hand edits included:
  helm-values        every key exists in the pinned chart's defaults or values.schema.json
  kubernetes-schema  every object against Kubernetes, prometheus-operator and Gateway API schemas
  promtool           every Prometheus rule file with \`promtool check rules\` and \`promtool test rules\`
  expressions        every PromQL and LogQL expression in rules and dashboards parses
  alloy              the Alloy config parses, every component argument exists, every reference resolves
  wiring             every ServiceMonitor, route backend, data-source URL and exporter endpoint points at a Service that exists
  secrets            no password, token or key in any file
Each finding names the file, the path inside it, and the fix. Exit code 1 when there is an error.

With --live, the files are not read: every dashboard target and every Prometheus and Loki rule
that the config renders runs against live query APIs (the local stack started here by default,
or --url / --prometheus-url / --loki-url / --tempo-url), and each one that returns nothing in
--lookback is reported as a warning, with the selectors that select nothing (a metric nobody
exports here, a wrong label). For an alert rule its inputs are checked, since a healthy alert
returns nothing. On the local stack, panels about components that only run on a cluster (Alloy,
the Collector, Loki's and Tempo's own metrics, kubelet volumes) are reported too: that is where
the preview differs from the cluster. A query that fails is an error (exit 1); --strict makes
an empty one exit 1 as well.`,
  options: {
    json: { type: 'boolean', description: 'print the findings as JSON' },
    live: { type: 'boolean', description: 'run the dashboards\' queries and the rules against live APIs instead of checking files' },
    lookback: { type: 'string', default: `${DEFAULT_LIVE_LOOKBACK_MS / 60_000}m`, description: '(--live) the window each query must return data in', valueName: 'duration' },
    strict: { type: 'boolean', description: '(--live) exit 1 when a query returns nothing, too' },
    config: { type: 'string', short: 'c', description: '(--live) the stack config whose dashboards and rules to run (default: the local stack\'s, or the one here)', valueName: 'file' },
    ...ENDPOINT_OPTIONS,
  },
  allowPositionals: true,
  examples: [
    ['srcobs validate', 'validate ./rendered'],
    ['srcobs validate deploy/monitoring --json', 'validate another folder, machine-readable'],
    ['srcobs validate --live', 'which dashboard panels and rules return nothing on the local stack'],
    ['srcobs validate --live --prometheus-url http://prometheus.monitoring:9090 --loki-url http://loki-gateway.monitoring --tempo-url http://tempo.monitoring:3200 -c srcobs.yaml --strict', 'the same on a cluster, failing CI when a panel is empty'],
  ],
  async run({ values, positionals }, output) {
    if (values['live']) {
      if (positionals.length > 0) throw new UsageError('--live checks the queries against running APIs and reads no folder: drop the folder argument');
      return validateLive(values, output);
    }
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
