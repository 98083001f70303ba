import { QueryApiError, durationMs, formatLabels, guessLanguage, parseTimeArg, runQuery, type LokiQueryData, type LokiStream, type PromQueryData, type QueryLang, type QueryOutcome, type SeriesResult } from '@srcobs/local';
import type { Command } from '../command.js';
import { EXIT, ExitError, UsageError } from '../errors.js';
import { formatTable, paint, type Output } from '../output.js';
import { progressAfter } from '../progress.js';
import { ENDPOINT_OPTIONS, clientOf, endpointsOf } from './endpoints.js';

const LANGS: readonly QueryLang[] = ['promql', 'logql', 'traceql'];
const NEED = { promql: 'prometheus', logql: 'loki', traceql: 'tempo' } as const;

const isoSeconds = (s: number): string => new Date(s * 1000).toISOString().replace(/\.000Z$/, 'Z');

function printSeries(output: Output, kind: string, result: readonly SeriesResult[]): void {
  if (result.length === 0) {
    output.out.write('no series\n');
    return;
  }
  if (kind === 'instant' || result.every((s) => s.value)) {
    output.out.write(formatTable(['series', 'value', 'time'], result.map((s) => [formatLabels(s.metric), s.value?.[1] ?? '', s.value ? isoSeconds(s.value[0]) : ''])));
    return;
  }
  for (const s of result) {
    output.out.write(`${paint(output, 'bold', formatLabels(s.metric))}\n`);
    output.out.write(formatTable(['  time', 'value'], (s.values ?? []).map(([t, v]) => [`  ${isoSeconds(t)}`, v])));
  }
}

function print(output: Output, r: QueryOutcome): void {
  if (r.lang === 'traceql') {
    const traces = r.data.traces;
    if (traces.length === 0) output.out.write('no traces\n');
    else
      output.out.write(
        formatTable(
          ['trace id', 'root service', 'root span', 'start', 'duration'],
          traces.map((t) => [t.traceID, t.rootServiceName ?? '', t.rootTraceName ?? '', t.startTimeUnixNano ? new Date(Number(BigInt(t.startTimeUnixNano) / 1_000_000n)).toISOString() : '', t.durationMs === undefined ? '<1 ms' : `${t.durationMs} ms`]),
        ),
      );
    return;
  }
  const data: PromQueryData | LokiQueryData = r.data;
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    output.out.write(`${data.result[1]} (at ${isoSeconds(data.result[0])})\n`);
    return;
  }
  if (data.resultType !== 'streams') return printSeries(output, r.kind, data.result);
  const streams: readonly LokiStream[] = data.result;
  const lines = streams.flatMap((s) => s.values.map(([ns, line]) => ({ ns: BigInt(ns), line, labels: s.stream })));
  lines.sort((a, b) => (a.ns < b.ns ? 1 : a.ns > b.ns ? -1 : 0));
  if (lines.length === 0) output.out.write('no log lines\n');
  for (const l of lines) output.out.write(`${paint(output, 'dim', new Date(Number(l.ns / 1_000_000n)).toISOString())} ${paint(output, 'blue', formatLabels(l.labels))} ${l.line}\n`);
}

/** Where a server's parse error points: Prometheus writes `1:16:`, Loki and Tempo `line 1, col 14`. */
function errorPosition(message: string): { line: number; col: number } | undefined {
  const m = /\b(\d+):(\d+): parse error/.exec(message) ?? /line (\d+), col(?:umn)? (\d+)/.exec(message);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
}

/** The query with a caret under the position the server named. */
function pointAt(expr: string, at: { line: number; col: number }): string {
  const row = expr.split('\n')[at.line - 1];
  return row === undefined ? '' : `  ${row}\n  ${' '.repeat(Math.max(0, at.col - 1))}^\n`;
}

/** `srcobs query`: PromQL, LogQL or TraceQL from the terminal. */
export const queryCommand: Command = {
  name: 'query',
  summary: 'run a PromQL, LogQL or TraceQL query against the local stack or a data source; table or JSON',
  usage: 'srcobs query <expr> [--lang promql|logql|traceql] [--from <time>] [--to <time>] [--step <duration>] [--limit <n>] [--json] [--url <url>]',
  description: `
Runs one query as Grafana's Explore would, against the local stack started here (default) or
any Prometheus, Loki or Tempo URL:
  PromQL   an instant query at --to (default now); with --from, a range query (--step, default
           about 250 points)
  LogQL    log lines of the last hour (or --from .. --to), newest first, at most --limit (100);
           a metric query is instant unless --from is given
  TraceQL  a trace search over the last hour (or --from .. --to), at most --limit (20) traces
The language is guessed from the expression when --lang is not given: a spanset such as
{ span.http.route = "/slow" } is TraceQL, a stream selector such as {app="x"} |= "error" or
rate({app="x"}[5m]) is LogQL, anything else PromQL.

Table output: series with their values, log lines with time and labels, traces with their root
service, name and duration. --json prints the API's own data. A query the server refuses (a
parse error, with its position) exits 1 with the server's message.
Times: now, now-1h, 30m (ago), 2025-01-01T12:00:00Z or unix seconds.`,
  options: {
    lang: { type: 'string', short: 'l', description: 'promql, logql or traceql (default: guessed from the expression)', valueName: 'language' },
    from: { type: 'string', description: 'start of the range (a range query / search start)', valueName: 'time' },
    to: { type: 'string', description: 'end of the range, or the instant (default: now)', valueName: 'time' },
    step: { type: 'string', description: 'step of a range query, e.g. 15s', valueName: 'duration' },
    limit: { type: 'string', description: 'most log lines (default 100) or traces (default 20)', valueName: 'n' },
    json: { type: 'boolean', description: "print the API's data as JSON" },
    ...ENDPOINT_OPTIONS,
  },
  allowPositionals: true,
  examples: [
    ['srcobs query \'sum by (job) (rate(http_server_request_duration_seconds_count[5m]))\'', 'request rate per service, now'],
    ['srcobs query \'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))\' --from now-1h --step 1m', 'p99 latency over the last hour'],
    ['srcobs query \'{service_name="test-app"} |= "error"\' --limit 20', 'the last 20 error lines of test-app'],
    ['srcobs query \'{ resource.service.name = "trace-app" && duration > 2s }\'', 'slow traces of the last hour'],
    ['srcobs query up --url http://prometheus.monitoring:9090 --json | jq .result', 'a real Prometheus, machine-readable'],
  ],
  async run({ values, positionals }, output) {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the query to run, in quotes' : `give one query, in quotes (got ${positionals.length} arguments: quote the whole expression)`);
    const expr = positionals[0]!;
    const lang = values['lang'] === undefined ? undefined : (String(values['lang']).toLowerCase() as QueryLang);
    if (lang !== undefined && !LANGS.includes(lang)) throw new UsageError(`--lang must be promql, logql or traceql, not "${String(values['lang'])}"`);
    const limit = values['limit'] === undefined ? undefined : Number(values['limit']);
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new UsageError(`--limit must be a positive whole number, not "${String(values['limit'])}"`);
    const nowMs = Date.now();
    const request = {
      expr,
      nowMs,
      ...(lang ? { lang } : {}),
      ...(values['from'] !== undefined ? { fromMs: parseTimeArg(String(values['from']), nowMs, 'from') } : {}),
      ...(values['to'] !== undefined ? { toMs: parseTimeArg(String(values['to']), nowMs, 'to') } : {}),
      ...(values['step'] !== undefined ? { stepMs: durationMs(String(values['step']), 'step') } : {}),
      ...(limit !== undefined ? { limit } : {}),
    };
    const api = NEED[lang ?? guessLanguage(expr)];
    const resolved = endpointsOf(values, [api]);
    const done = progressAfter(output, `Waiting for ${resolved.endpoints[api]} to answer…`);
    let result: QueryOutcome;
    try {
      result = await runQuery(clientOf(resolved), request);
    } catch (error) {
      if (!(error instanceof QueryApiError) || error.status !== 400) throw error;
      const at = errorPosition(error.serverMessage);
      throw new ExitError(EXIT.PROBLEM, `${paint(output, 'red', 'error')}: ${error.message}\n${at ? pointAt(expr, at) : ''}`.trimEnd());
    } finally {
      done();
    }
    if (values['json']) output.out.write(`${JSON.stringify(result.data, null, 2)}\n`);
    else print(output, result);
  },
};
