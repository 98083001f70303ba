import type { Labels } from '../../../model/labels.js';
import type { LogEntry } from '../../../model/logs.js';
import { NotationError } from '../../script-harness/errors.js';
import { parseScalarLine, type MetricResultLine } from '../../script-harness/metric.js';
import { readScript, type EvalCommand, type EvalHeader, type ScriptCommand, type ScriptDialect } from '../../script-harness/script.js';
import { expandValues, parseMetric } from '../../script-harness/series-notation.js';
import { parseLogQLDuration, unquoteGoString, UnquoteError } from '../syntax/literals.js';

/**
 * LogQL test scripts: the shared commands (`../../script-harness/README.md`), with log lines in
 * `load` and log results in `eval range`:
 *
 * ```
 * load
 *     {app="api", env="prod"} 0s "first line"
 *     {app="api", env="prod"} 1.5s `raw "quoted" line` | {trace_id="abc"}
 *     {app="api"} 10s+10sx3 "tick"                 # 4 lines: 10s, 20s, 30s, 40s
 *
 * eval instant at 1m count_over_time({app="api"}[1m])
 *     {app="api", env="prod"} 2
 *
 * eval range from 0 to 2m step 1m sum(count_over_time({app="api"}[1m]))
 *     {} 2 4 _
 *
 * eval range from 0 to 1m step 1m limit 2 direction forward {app="api"} | json
 *     {app="api", env="prod"} 0s "first line"
 *     {app="api", env="prod"} 1.5s "raw \"quoted\" line"
 *
 * eval range from 0 to 1m step 1m categorize {app="api"} | logfmt
 *     {app="api"} 1s "level=info" {} {level="info"}
 *
 * eval instant at 1m sum_over_time({app="api"}[1m])
 *     expect fail msg: parse error : invalid aggregation sum_over_time without unwrap
 * ```
 *
 * A load line is `{labels} <time> <line> [| {structured metadata}]`: the time is a duration
 * from 0 (`1s`, `1.5s`, `250ms`, `1h`) or `start+stepxN` for N+1 lines; the line is a Go string
 * (`"..."` with escapes or a backtick raw string). Metric expectations use the PromQL notation
 * (`{a="b"} 1 2 _ 4`, `0+10x3`). Log expectations list every returned line as
 * `{labels} <time> "<line>"` in the order the API returns them (streams sorted by labels, lines
 * in the query's direction); with `categorize`, stream labels only, then the line's structured
 * metadata and parsed labels as two label sets. Evals default to limit 100 and direction
 * backward, as Loki's API does.
 */

export interface LoadLine {
  readonly labels: Labels;
  readonly entry: LogEntry;
}

/** One expected line of a log query's result. */
export interface ExpectedLogLine {
  readonly labels: Labels;
  readonly tsNs: bigint;
  readonly text: string;
  readonly metadata?: Labels;
  readonly parsed?: Labels;
}

/** One expected result line of a LogQL eval: a series, a bare scalar, or a log line. */
export type LogQLExpected = MetricResultLine | { readonly kind: 'log'; readonly log: ExpectedLogLine };

export type LogEvalCommand = EvalCommand<LogQLExpected>;
export type LogScriptCommand = ScriptCommand<LoadLine, LogQLExpected>;

function duration(text: string, what: string): bigint {
  const ns = text === '0' ? 0 : parseLogQLDuration(text);
  if (ns === undefined) throw new NotationError(`invalid ${what} ${JSON.stringify(text)}: use a duration such as 1s, 250ms or 5m`);
  return BigInt(Math.round(ns));
}

/** Reads a Go string literal at the start of `text`; returns it and the rest. */
function goString(text: string): { value: string; rest: string } {
  const m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)/.exec(text);
  if (!m) throw new NotationError(`expected a quoted line ("..." or \`...\`), got ${JSON.stringify(text.slice(0, 20))}`);
  try {
    return { value: unquoteGoString(m[0]), rest: text.slice(m[0].length).trim() };
  } catch (error) {
    if (error instanceof UnquoteError) throw new NotationError(`invalid string ${m[0]}: ${error.message}`);
    throw error;
  }
}

function labelSet(text: string): { labels: Labels; rest: string } {
  const { labels, rest } = parseMetric(text);
  if (labels['__name__'] !== undefined) throw new NotationError('log streams have no metric name: write {label="value"}');
  return { labels, rest: rest.trim() };
}

/** `{labels} <time> <line>`: the labels, the time text and the line, and what follows it. */
function labelsTimeLine(text: string, timeHint: string): { labels: Labels; time: string; value: string; tail: string } {
  const { labels, rest } = labelSet(text);
  const time = /^(\S+)\s+/.exec(rest);
  if (!time) throw new NotationError(`expected a time after the labels${timeHint}`);
  const { value, rest: tail } = goString(rest.slice(time[0].length));
  return { labels, time: time[1]!, value, tail };
}

function parseLoadLine(text: string): LoadLine[] {
  const { labels, time, value, tail } = labelsTimeLine(text, ', e.g. {app="a"} 1s "line"');
  let metadata: Labels | undefined;
  if (tail !== '') {
    if (!tail.startsWith('|')) throw new NotationError(`unexpected ${JSON.stringify(tail)} after the line: structured metadata is written | {name="value"}`);
    const md = labelSet(tail.slice(1).trim());
    if (md.rest !== '') throw new NotationError(`unexpected ${JSON.stringify(md.rest)} after the structured metadata`);
    metadata = md.labels;
  }
  const rep = /^(.+?)\+(.+?)x(\d+)$/.exec(time);
  const times = rep ? Array.from({ length: Number(rep[3]) + 1 }, (_x, i) => duration(rep[1]!, 'start time') + BigInt(i) * duration(rep[2]!, 'step')) : [duration(time, 'time')];
  return times.map((tsNs) => ({ labels, entry: metadata ? { tsNs, line: value, metadata } : { tsNs, line: value } }));
}

function parseExpectedLog(text: string, categorize: boolean): ExpectedLogLine {
  const { labels, time, value, tail } = labelsTimeLine(text, '');
  const base = { labels, tsNs: duration(time, 'time'), text: value };
  if (!categorize) {
    if (tail !== '') throw new NotationError(`unexpected ${JSON.stringify(tail)} after the line`);
    return base;
  }
  const md = labelSet(tail);
  const parsed = labelSet(md.rest);
  if (parsed.rest !== '') throw new NotationError(`unexpected ${JSON.stringify(parsed.rest)} after the parsed labels`);
  return { ...base, metadata: md.labels, parsed: parsed.labels };
}

function parseResultLine(text: string, header: EvalHeader): LogQLExpected {
  const v = parseScalarLine(text);
  if (v !== undefined) return { kind: 'scalar', v };
  // A quoted string after the time makes it a log line; otherwise it is a series of values.
  if (/^\{[^]*\}\s+\S+\s+["`]/.test(text)) return { kind: 'log', log: parseExpectedLog(text, header.options.has('categorize')) };
  const { labels, rest } = labelSet(text);
  const values = expandValues(rest);
  if (header.instant && values.length !== 1) throw new NotationError('an instant evaluation expects exactly one value per series');
  return { kind: 'series', series: { labels, values } };
}

/** LogQL scripts: log lines in `load`, Loki's query options before the query, log lines or series as results. */
export const LOGQL_DIALECT: ScriptDialect<LoadLine, LogQLExpected> = {
  language: 'LogQL',
  loadInterval: false,
  loadItem: 'log line',
  parseDuration: (text) => {
    const ns = parseLogQLDuration(text);
    return ns === undefined ? undefined : BigInt(Math.round(ns));
  },
  options: { limit: 'count', direction: ['forward', 'backward'], categorize: 'flag' },
  expects: ['fail', 'ordered'],
  parseLoadLine,
  parseResultLine,
};

/** Parses a LogQL script; syntax errors name the file and line. */
export function parseLogScript(text: string, file: string): LogScriptCommand[] {
  return readScript(text, file, LOGQL_DIALECT);
}
