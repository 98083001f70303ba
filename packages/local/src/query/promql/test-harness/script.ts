import { parseDuration } from '../syntax/lexical.js';
import { NotationError, parseSeriesDescription, type SeriesDescription } from './series-notation.js';

/** A line of a script that does not follow the format, with its file and 1-based line number. */
export class ScriptSyntaxError extends Error {
  override readonly name = 'ScriptSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly intervalMs: number;
  readonly series: readonly SeriesDescription[];
}

export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

/** `expect warn msg: ...`, `expect fail regex: ...`, or a bare `expect info`. */
export interface Expectation {
  readonly message?: string;
  readonly regex?: RegExp;
}

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly expr: string;
  /** Instant: `start === end`; range: from `start` to `end` every `step` (ms). */
  readonly instant: boolean;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly fail: Expectation | undefined;
  readonly warn: readonly Expectation[];
  readonly info: readonly Expectation[];
  readonly noWarn: boolean;
  readonly noInfo: boolean;
  readonly ordered: boolean;
  /** Expected series (instant: one value each; range: one position per step). */
  readonly series: readonly SeriesDescription[];
  /** Expected scalar, when the line is a bare number. */
  readonly scalar: number | undefined;
  /** Expected string (`expect string "..."`). */
  readonly string: string | undefined;
}

export type ScriptCommand = LoadCommand | ClearCommand | EvalCommand;

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(\S+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;

function time(file: string, line: number, text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new ScriptSyntaxError(file, line, `invalid ${what} ${JSON.stringify(text)}: use a duration such as 5m`);
  return ms;
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

/**
 * Parses a script in the format of Prometheus' `promql/promqltest` (`load`, `clear`, `eval instant
 * at`, `eval range from ... to ... step`, `expect ...` lines, and the older `eval_fail` /
 * `eval_warn` / `eval_info` / `eval_ordered` forms). Blank lines end a block; `#` starts a comment.
 */
export function parseScript(text: string, file: string): ScriptCommand[] {
  const lines = text.split('\n').map((l) => (l.trim().startsWith('#') ? '' : l.trim()));
  const out: ScriptCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    const lineNo = i + 1;
    const word = l.split(/\s+/, 1)[0]!.toLowerCase();
    if (word === 'clear') {
      out.push({ kind: 'clear', line: lineNo });
    } else if (word === 'load') {
      const m = /^load\s+(\S+)$/.exec(l);
      if (!m) throw new ScriptSyntaxError(file, lineNo, 'invalid load command: use "load <interval>"');
      const intervalMs = time(file, lineNo, m[1]!, 'load interval');
      const series: SeriesDescription[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== '') {
        i++;
        try {
          series.push(parseSeriesDescription(lines[i]!));
        } catch (error) {
          if (error instanceof NotationError) throw new ScriptSyntaxError(file, i + 1, error.message);
          throw error;
        }
      }
      out.push({ kind: 'load', line: lineNo, intervalMs, series });
    } else if (word.startsWith('eval')) {
      i = parseEval(lines, i, file, out);
    } else {
      throw new ScriptSyntaxError(file, lineNo, `invalid command ${JSON.stringify(l)}`);
    }
  }
  return out;
}

function parseEval(lines: string[], i: number, file: string, out: ScriptCommand[]): number {
  const l = lines[i]!;
  const lineNo = i + 1;
  const inst = EVAL_INSTANT.exec(l);
  const rng = inst ? null : EVAL_RANGE.exec(l);
  if (!inst && !rng) {
    throw new ScriptSyntaxError(file, lineNo, "invalid evaluation command: use 'eval instant at <time> <query>' or 'eval range from <start> to <end> step <step> <query>'");
  }
  const mod = (inst ?? rng)![1];
  const expr = (inst ? inst[3] : rng![5])!;
  const start = inst ? time(file, lineNo, inst[2] ?? '0s', 'evaluation time') : time(file, lineNo, rng![2]!, 'start time');
  const end = inst ? start : time(file, lineNo, rng![3]!, 'end time');
  const step = inst ? 0 : time(file, lineNo, rng![4]!, 'step');
  if (end < start) throw new ScriptSyntaxError(file, lineNo, `end (${rng![3]}) is before start (${rng![2]})`);
  let fail: Expectation | undefined = mod === 'fail' ? {} : undefined;
  const warn: Expectation[] = mod === 'warn' ? [{}] : [];
  const info: Expectation[] = mod === 'info' ? [{}] : [];
  let noWarn = false;
  let noInfo = false;
  let ordered = mod === 'ordered';
  const series: SeriesDescription[] = [];
  let scalar: number | undefined;
  let string: string | undefined;
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    const def = lines[i]!;
    const here = i + 1;
    if (def.startsWith('expected_fail_message') || def.startsWith('expected_fail_regexp')) {
      const body = def.replace(/^expected_fail_(message|regexp)/, '').trim();
      fail = def.startsWith('expected_fail_message') ? { message: body } : expectation(file, here, 'regex', body);
      continue;
    }
    if (def.startsWith('expect string')) {
      try {
        string = JSON.parse(def.slice('expect string'.length).trim()) as string;
      } catch {
        throw new ScriptSyntaxError(file, here, 'expected a quoted string after "expect string"');
      }
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const m = EXPECT.exec(def);
      if (!m) throw new ScriptSyntaxError(file, here, 'invalid expect statement, must match `expect <type> <match_type>: <string>`');
      const exp = expectation(file, here, m[2], m[3]);
      if (m[1] === 'fail') {
        if (fail && (fail.message !== undefined || fail.regex !== undefined)) throw new ScriptSyntaxError(file, here, 'multiple expect fail lines are not allowed');
        fail = exp;
      } else if (m[1] === 'warn') warn.push(exp);
      else if (m[1] === 'info') info.push(exp);
      else if (m[1] === 'no_warn') noWarn = true;
      else if (m[1] === 'no_info') noInfo = true;
      else ordered = true;
      continue;
    }
    if (/^[+-]?(?:\d|\.\d|inf$|nan$)/i.test(def) && !/\s/.test(def)) {
      const v = Number(def.replace(/^\+?inf$/i, 'Infinity').replace(/^-inf$/i, '-Infinity').replace(/^[+-]?nan$/i, 'NaN'));
      if (Number.isNaN(v) && !/nan/i.test(def)) throw new ScriptSyntaxError(file, here, `invalid scalar ${JSON.stringify(def)}`);
      scalar = v;
      continue;
    }
    try {
      series.push(parseSeriesDescription(def));
    } catch (error) {
      if (error instanceof NotationError) throw new ScriptSyntaxError(file, here, error.message);
      throw error;
    }
  }
  if (warn.length && noWarn) throw new ScriptSyntaxError(file, lineNo, 'warn and no_warn cannot be used together');
  if (info.length && noInfo) throw new ScriptSyntaxError(file, lineNo, 'info and no_info cannot be used together');
  out.push({ kind: 'eval', line: lineNo, expr, instant: !!inst, start, end, step, fail, warn, info, noWarn, noInfo, ordered, series, scalar, string });
  return i;
}
