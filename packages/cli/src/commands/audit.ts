import { DEFAULT_OLA_RANGE_MS, createQueryClient, olaAudit, parseTimeArg, type OlaReport } from '@srcobs/local';
import type { Command } from '../command.js';
import { EXIT, ExitError } from '../errors.js';
import { formatTable, paint, type Output } from '../output.js';
import { progress } from '../progress.js';
import { ENDPOINT_OPTIONS, configFor, endpointsOf } from './endpoints.js';

/** Ranges up to this many days get a lines-per-day table; longer ones are in --json. */
const MAX_DAYS_IN_TABLE = 14;

const shortTime = (iso: string | null): string => (iso ? iso.replace(/\.\d+Z$/, 'Z') : 'none');

function printReport(output: Output, r: OlaReport): void {
  output.out.write(`OLA report from ${shortTime(r.from)} to ${shortTime(r.to)} (gaps to ${r.resolutionSeconds} s)\n\n`);
  output.out.write(
    formatTable(
      ['category', 'compliant', 'lines', 'gaps', 'retention', 'oldest entry', 'last entry', 'silence alert', 'sources seen'],
      r.categories.map((c) => [
        c.id,
        c.compliant ? paint(output, 'green', 'yes') : paint(output, 'red', 'NO'),
        String(c.linesPerDay.reduce((n, d) => n + d.lines, 0)),
        String(c.gaps.length),
        `${c.retentionDays.configured}/${c.retentionDays.required} d`,
        shortTime(c.oldestEntry),
        shortTime(c.lastEntry),
        `${c.alert.state} (${c.alert.window})`,
        c.sources.observed.join(' ') || '-',
      ]),
    ),
  );
  const days = r.categories[0]?.linesPerDay ?? [];
  if (days.length > 0 && days.length <= MAX_DAYS_IN_TABLE) {
    output.out.write('\nLines per day:\n');
    output.out.write(formatTable(['day', ...r.categories.map((c) => c.id)], days.map((d, i) => [d.day, ...r.categories.map((c) => String(c.linesPerDay[i]?.lines ?? 0))])));
  } else if (days.length > MAX_DAYS_IN_TABLE) {
    output.out.write(`\nLines per day for all ${days.length} days: srcobs audit --json | jq '.categories[] | {id, linesPerDay}'\n`);
  }
  const external = r.categories.filter((c) => c.sources.external);
  if (external.length > 0) {
    output.out.write('\nKept outside srcobs (managed cluster):\n');
    for (const c of external) output.out.write(`  ${c.id}: ${c.sources.external}\n`);
  }
  const problems = r.categories.filter((c) => c.problems.length > 0);
  if (problems.length > 0) {
    output.out.write('\nProblems:\n');
    for (const c of problems) for (const p of c.problems) output.out.write(`  ${paint(output, 'red', c.id)}: ${p}\n`);
  }
  for (const w of r.warnings) output.out.write(`\n${paint(output, 'yellow', 'warning')}: ${w}\n`);
}

/** `srcobs audit`: the OLA report, for an auditor or a cron job. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'the OLA report: per log category its sources, lines per day, gaps, retention and alert; exit 1 when out of compliance',
  usage: 'srcobs audit [--from <time>] [--to <time>] [--json] [--url <url> | --loki-url <url>] [--config <file>]',
  description: `
Answers an auditor's question for a time range (default: the last 7 days), for each of the five
OLA log categories: where its lines come from (by design, and the streams seen),
its lines per day, the gaps (no line for longer than the category's silence window), the
retention configured against the retention the OLA requires, the oldest line still stored, the
newest line, and the state of its silence alert in the Loki ruler. A category is compliant when
it has lines, no gap, enough retention and no firing alert.

Everything is read through the Loki API, so it works on the local stack (default) and on a
cluster's Loki (--loki-url, e.g. a Grafana data source URL). The retention and windows come from
--config, else the config the local stack applied, else srcobs.yaml / srcobs.config.ts here.
On a managed cluster (logs.apiServerAudit.mode: managed) the API server audit log is reported as
kept outside srcobs, with where to find it. The console's OLA page shows the same report.

Times: now, now-7d, 2h (ago), 2025-01-01, 2025-01-01T12:00:00Z or unix seconds.
Exit code 0 when every category is compliant, 1 when one is not, 3 when the API does not answer.`,
  options: {
    from: { type: 'string', description: 'start of the range (default: 7 days before --to)', valueName: 'time' },
    to: { type: 'string', description: 'end of the range (default: now)', valueName: 'time' },
    json: { type: 'boolean', description: 'print the report as JSON (the same object as GET /api/srcobs/ola)' },
    config: { type: 'string', short: 'c', description: 'the stack config with the retention and silence windows', valueName: 'file' },
    url: ENDPOINT_OPTIONS['url']!,
    'loki-url': ENDPOINT_OPTIONS['loki-url']!,
    token: ENDPOINT_OPTIONS['token']!,
  },
  examples: [
    ['srcobs audit', 'the last 7 days on the local stack'],
    ['srcobs audit --from 2025-01-01 --to 2025-02-01 --json > ola-january.json', 'a month, as evidence for an auditor'],
    ['srcobs audit --loki-url https://grafana.example.com/api/datasources/proxy/uid/loki --token "$GRAFANA_TOKEN" -c srcobs.yaml', "a cluster's Loki through Grafana, in a nightly CI job"],
  ],
  async run({ values }, output) {
    const resolved = endpointsOf(values, ['loki']);
    const config = await configFor(values, resolved);
    const nowMs = Date.now();
    const toMs = values['to'] ? parseTimeArg(String(values['to']), nowMs, 'to') : nowMs;
    const fromMs = values['from'] ? parseTimeArg(String(values['from']), nowMs, 'from') : toMs - DEFAULT_OLA_RANGE_MS;
    const loki = createQueryClient(resolved.endpoints, resolved.token ? { token: resolved.token } : {}).loki;
    const report = await olaAudit({ loki, config, fromMs, toMs, now: () => nowMs, onProgress: (m) => progress(output, m) });
    if (values['json']) output.out.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(output, report);
    const bad = report.categories.filter((c) => !c.compliant);
    if (bad.length > 0) throw new ExitError(EXIT.PROBLEM, `${paint(output, 'red', 'Out of compliance')}: ${bad.map((c) => c.id).join(', ')} (${bad.length} of ${report.categories.length} categories).`);
    if (!values['json']) output.out.write(`\n${paint(output, 'green', 'Compliant')}: all ${report.categories.length} categories.\n`);
  },
};
