import type { Labels } from '../../../model/labels.js';
import type { LogEntry } from '../../../model/logs.js';
import type { EvalCommand, Expectation } from '../../promql/test-harness/script.js';
import { ScriptSyntaxError } from '../../promql/test-harness/script.js';
import { expandValues, NotationError, parseMetric } from '../../promql/test-harness/series-notation.js';
import { parseLogQLDuration, unquoteGoString, UnquoteError } from '../syntax/literals.js';

/**
 * LogQL test scripts: the commands of Prometheus' promqltest (and of the PromQL harness here),
 * with log lines in `load` and log results in `eval range`:
 *
 * ```
 * # A comment. A blank line ends a block.
 * load
 *     {app="api", env="prod"} 0s "first line"
 *     {app="api", env="prod"} 1.5s `raw "quoted" line` | {trace_id="abc"}
 *     {app="api"} 10s+10sx3 "tick"                 # 4 lines: 10s, 20s, 30s, 40s
 *
 * clear
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
 * metadata and parsed labels as two label sets. `eval range` defaults to limit 100 and direction
 * backward, as Loki's API does.
 */

export interface LoadLine {
  readonly labels: Labels;
  readonly entry: LogEntry;
}

export interface LogLoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly lines: readonly LoadLine[];
}

export interface LogClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

/** One expected line of a log query's result. */
export interface ExpectedLogLine {
  readonly labels: Labels;
  readonly tsNs: bigint;
  readonly text: string;
  readonly metadata?: Labels;
  readonly parsed?: Labels;
}

/**
 * An eval. `metric` carries the PromQL harness' command (times in ms) so metric results are
 * compared by the same code; `logs` holds expected lines for log queries.
 */
export interface LogEvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly expr: string;
  readonly instant: boolean;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly stepNs: bigint;
  readonly limit: number;
  readonly direction: 'forward' | 'backward';
  readonly categorize: boolean;
  readonly fail: Expectation | undefined;
  readonly metric: EvalCommand;
  readonly logs: readonly ExpectedLogLine[];
}

export type LogScriptCommand = LogLoadCommand | LogClearCommand | LogEvalCommand;

const NS_PER_MS = 1_000_000n;

function duration(file: string, line: number, text: string, what: string): bigint {
  const ns = text === '0' ? 0 : parseLogQLDuration(text);
  if (ns === undefined) throw new ScriptSyntaxError(file, line, `invalid ${what} ${JSON.stringify(text)}: use a duration such as 1s, 250ms or 5m`);
  return BigInt(Math.round(ns));
}

/** Reads a Go string literal at the start of `text`; returns it and the rest. */
function goString(file: string, line: number, text: string): { value: string; rest: string } {
  const m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)/.exec(text);
  if (!m) throw new ScriptSyntaxError(file, line, `expected a quoted line ("..." or \`...\`), got ${JSON.stringify(text.slice(0, 20))}`);
  try {
    return { value: unquoteGoString(m[0]), rest: text.slice(m[0].length).trim() };
  } catch (error) {
    if (error instanceof UnquoteError) throw new ScriptSyntaxError(file, line, `invalid string ${m[0]}: ${error.message}`);
    throw error;
  }
}

function labelSet(file: string, line: number, text: string): { labels: Labels; rest: string } {
  try {
    const { labels, rest } = parseMetric(text);
    if (labels['__name__'] !== undefined) throw new ScriptSyntaxError(file, line, 'log streams have no metric name: write {label="value"}');
    return { labels, rest: rest.trim() };
  } catch (error) {
    if (error instanceof NotationError) throw new ScriptSyntaxError(file, line, error.message);
    throw error;
  }
}

function parseLoadLine(file: string, lineNo: number, text: string): LoadLine[] {
  const { labels, rest } = labelSet(file, lineNo, text);
  const time = /^(\S+)\s+/.exec(rest);
  if (!time) throw new ScriptSyntaxError(file, lineNo, 'expected a time after the labels, e.g. {app="a"} 1s "line"');
  const { value, rest: tail } = goString(file, lineNo, rest.slice(time[0].length));
  let metadata: Labels | undefined;
  if (tail !== '') {
    if (!tail.startsWith('|')) throw new ScriptSyntaxError(file, lineNo, `unexpected ${JSON.stringify(tail)} after the line: structured metadata is written | {name="value"}`);
    const md = labelSet(file, lineNo, tail.slice(1).trim());
    if (md.rest !== '') throw new ScriptSyntaxError(file, lineNo, `unexpected ${JSON.stringify(md.rest)} after the structured metadata`);
    metadata = md.labels;
  }
  const rep = /^(.+?)\+(.+?)x(\d+)$/.exec(time[1]!);
  const times = rep
    ? Array.from({ length: Number(rep[3]) + 1 }, (_x, i) => duration(file, lineNo, rep[1]!, 'start time') + BigInt(i) * duration(file, lineNo, rep[2]!, 'step'))
    : [duration(file, lineNo, time[1]!, 'time')];
  return times.map((tsNs) => ({ labels, entry: metadata ? { tsNs, line: value, metadata } : { tsNs, line: value } }));
}

function expectation(file: string, line: number, type: string | undefined, text: string | undefined): Expectation {
  if (type === undefined) return {};
  const body = text!.trim();
  if (type === 'msg') return { message: body };
  try {
    return { regex: new RegExp(body) };
  } catch (error) {
    throw new ScriptSyntaxError(file, line, `invalid regex ${body}: ${(error as Error).message}`);
  }
}

const EVAL_INSTANT = /^eval\s+instant\s+at\s+(\S+)\s+(.+)$/;
const EVAL_RANGE = /^eval\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+((?:(?:limit\s+\d+|direction\s+(?:forward|backward)|categorize)\s+)*)(.+)$/;
const EXPECT = /^expect\s+(fail|ordered)(?:\s+(regex|msg):(.+))?$/;

function parseExpectedLog(file: string, lineNo: number, text: string, categorize: boolean): ExpectedLogLine {
  const { labels, rest } = labelSet(file, lineNo, text);
  const time = /^(\S+)\s+/.exec(rest);
  if (!time) throw new ScriptSyntaxError(file, lineNo, 'expected a time after the labels');
  const { value, rest: tail } = goString(file, lineNo, rest.slice(time[0].length));
  const base = { labels, tsNs: duration(file, lineNo, time[1]!, 'time'), text: value };
  if (!categorize) {
    if (tail !== '') throw new ScriptSyntaxError(file, lineNo, `unexpected ${JSON.stringify(tail)} after the line`);
    return base;
  }
  const md = labelSet(file, lineNo, tail);
  const parsed = labelSet(file, lineNo, md.rest);
  if (parsed.rest !== '') throw new ScriptSyntaxError(file, lineNo, `unexpected ${JSON.stringify(parsed.rest)} after the parsed labels`);
  return { ...base, metadata: md.labels, parsed: parsed.labels };
}

function parseEval(file: string, lines: string[], i: number, out: LogScriptCommand[]): number {
  const l = lines[i]!;
  const lineNo = i + 1;
  const inst = EVAL_INSTANT.exec(l);
  const rng = inst ? null : EVAL_RANGE.exec(l);
  if (!inst && !rng) throw new ScriptSyntaxError(file, lineNo, "invalid evaluation command: use 'eval instant at <time> <query>' or 'eval range from <start> to <end> step <step> [limit N] [direction forward|backward] [categorize] <query>'");
  const startNs = duration(file, lineNo, inst ? inst[1]! : rng![1]!, 'start time');
  const endNs = inst ? startNs : duration(file, lineNo, rng![2]!, 'end time');
  const stepNs = inst ? 0n : duration(file, lineNo, rng![3]!, 'step');
  const opts = rng?.[4] ?? '';
  const limit = Number(/limit\s+(\d+)/.exec(opts)?.[1] ?? 100);
  const direction = /direction\s+forward/.test(opts) ? 'forward' : 'backward';
  const categorize = /categorize/.test(opts);
  const expr = (inst ? inst[2] : rng![5])!;
  let fail: Expectation | undefined;
  let ordered = false;
  const seriesLines: Array<{ text: string; line: number }> = [];
  const logs: ExpectedLogLine[] = [];
  let scalar: number | undefined;
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    const def = lines[i]!;
    const here = i + 1;
    if (def.split(/\s+/)[0] === 'expect') {
      const m = EXPECT.exec(def);
      if (!m) throw new ScriptSyntaxError(file, here, 'invalid expect statement: use `expect fail [msg: text|regex: pattern]` or `expect ordered`');
      if (m[1] === 'fail') fail = expectation(file, here, m[2], m[3]);
      else ordered = true;
      continue;
    }
    if (/^[+-]?(?:\d|\.\d|inf$|nan$)/i.test(def) && !/\s/.test(def)) {
      scalar = Number(def.replace(/^\+?inf$/i, 'Infinity').replace(/^-inf$/i, '-Infinity'));
      continue;
    }
    // A quoted string after the time makes it a log line; otherwise it is a series of values.
    if (/^\{[^]*\}\s+\S+\s+["`]/.test(def)) logs.push(parseExpectedLog(file, here, def, categorize));
    else seriesLines.push({ text: def, line: here });
  }
  const series = seriesLines.map(({ text, line }) => {
    const { labels, rest } = labelSet(file, line, text);
    try {
      const values = expandValues(rest);
      if (inst && values.length !== 1) throw new ScriptSyntaxError(file, line, 'an instant evaluation expects exactly one value per series');
      return { labels, values };
    } catch (error) {
      if (error instanceof NotationError) throw new ScriptSyntaxError(file, line, error.message);
      throw error;
    }
  });
  const metric: EvalCommand = {
    kind: 'eval',
    line: lineNo,
    expr,
    instant: !!inst,
    start: Number(startNs / NS_PER_MS),
    end: Number(endNs / NS_PER_MS),
    step: Number(stepNs / NS_PER_MS),
    fail,
    warn: [],
    info: [],
    noWarn: false,
    noInfo: false,
    ordered,
    series,
    scalar,
    string: undefined,
  };
  out.push({ kind: 'eval', line: lineNo, expr, instant: !!inst, startNs, endNs, stepNs, limit, direction, categorize, fail, metric, logs });
  return i;
}

/** Parses a LogQL script; syntax errors name the file and line. */
export function parseLogScript(text: string, file: string): LogScriptCommand[] {
  const lines = text.split('\n').map((l) => (l.trim().startsWith('#') ? '' : l.replace(/\s+#(?![^"`]*["`]).*$/, '').trim()));
  const out: LogScriptCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    const lineNo = i + 1;
    const word = l.split(/\s+/, 1)[0]!.toLowerCase();
    if (word === 'clear') out.push({ kind: 'clear', line: lineNo });
    else if (word === 'load') {
      if (l !== 'load') throw new ScriptSyntaxError(file, lineNo, 'a LogQL load takes no interval: write "load" and one line per log entry');
      const loaded: LoadLine[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== '') {
        i++;
        loaded.push(...parseLoadLine(file, i + 1, lines[i]!));
      }
      out.push({ kind: 'load', line: lineNo, lines: loaded });
    } else if (word === 'eval') i = parseEval(file, lines, i, out);
    else throw new ScriptSyntaxError(file, lineNo, `invalid command ${JSON.stringify(l)}`);
  }
  return out;
}
