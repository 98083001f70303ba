import { parseTempoDuration } from '../syntax/lexical.js';
import { NotationError, parseSpanLine, SCRIPT_BASE_NS, type NotatedSpan } from './span-notation.js';

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
  readonly spans: readonly NotatedSpan[];
}

export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

/** `expect fail`, optionally with the exact message (`msg:`) or a pattern (`regex:`). */
export interface FailExpectation {
  readonly message?: string;
  readonly regex?: RegExp;
}

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly query: string;
  /** The search window `[startNs, endNs)`: `instant at T` is everything up to and including T. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly limit: number;
  readonly spss: number;
  readonly fail: FailExpectation | undefined;
  /** `expect attributes`: expected lines show each span's returned attributes. */
  readonly showAttributes: boolean;
  /** Expected result lines, whitespace collapsed, in result order. */
  readonly expected: readonly string[];
}

export type ScriptCommand = LoadCommand | ClearCommand | EvalCommand;

/** Tempo's defaults for a search without `limit` and `spss`. */
export const DEFAULT_LIMIT = 20;
export const DEFAULT_SPSS = 3;

const EVAL_INSTANT = /^eval\s+instant\s+at\s+(\S+)\s+(.*)$/;
const EVAL_RANGE = /^eval\s+range\s+from\s+(\S+)\s+to\s+(\S+)(?:\s+step\s+\S+)?\s+(.*)$/;
const OPTION = /^(limit|spss)\s+(\d+)\s+/;
const EXPECT = /^expect\s+(fail|attributes)(?:\s+(regex|msg):\s?(.*))?$/;

function offset(file: string, line: number, text: string): bigint {
  const ns = text === '0' ? 0 : parseTempoDuration(text);
  if (ns === undefined) throw new ScriptSyntaxError(file, line, `invalid time ${JSON.stringify(text)}: use a duration such as 5m`);
  return SCRIPT_BASE_NS + BigInt(ns);
}

/** Collapses whitespace so expected and rendered lines compare regardless of alignment. */
export function normaliseLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/**
 * Parses a TraceQL script: the commands of Prometheus' promqltest (`load`, `clear`, `eval instant
 * at`, `eval range from ... to ...`, `expect fail [msg:|regex:]`) with a span notation in `load`
 * blocks and one line per returned spanset under `eval`. Blank lines end a block; `#` starts a comment.
 */
export function parseScript(text: string, file: string): ScriptCommand[] {
  const lines = text.split('\n').map((l) => (l.trim().startsWith('#') ? '' : l.trim()));
  const out: ScriptCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    const lineNo = i + 1;
    const word = l.split(/\s+/, 1)[0]!;
    if (word === 'clear') out.push({ kind: 'clear', line: lineNo });
    else if (word === 'load') {
      if (l !== 'load') throw new ScriptSyntaxError(file, lineNo, 'a TraceQL load takes no interval: write "load" and the spans below it');
      const spans: NotatedSpan[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== '') {
        i++;
        try {
          spans.push(parseSpanLine(lines[i]!));
        } catch (error) {
          if (error instanceof NotationError || error instanceof SyntaxError) throw new ScriptSyntaxError(file, i + 1, error.message);
          throw error;
        }
      }
      out.push({ kind: 'load', line: lineNo, spans });
    } else if (word === 'eval') i = parseEval(lines, i, file, out);
    else throw new ScriptSyntaxError(file, lineNo, `invalid command ${JSON.stringify(l)}: use load, clear or eval`);
  }
  return out;
}

function parseEval(lines: string[], i: number, file: string, out: ScriptCommand[]): number {
  const lineNo = i + 1;
  const l = lines[i]!;
  const inst = EVAL_INSTANT.exec(l);
  const rng = inst ? null : EVAL_RANGE.exec(l);
  if (!inst && !rng) throw new ScriptSyntaxError(file, lineNo, "invalid evaluation command: use 'eval instant at <time> <query>' or 'eval range from <start> to <end> <query>'");
  const startNs = inst ? SCRIPT_BASE_NS : offset(file, lineNo, rng![1]!);
  const endNs = (inst ? offset(file, lineNo, inst[1]!) : offset(file, lineNo, rng![2]!)) + 1n;
  let rest = (inst ? inst[2] : rng![3])!;
  let limit = DEFAULT_LIMIT;
  let spss = DEFAULT_SPSS;
  for (let m = OPTION.exec(rest); m; m = OPTION.exec(rest)) {
    if (m[1] === 'limit') limit = Number(m[2]);
    else spss = Number(m[2]);
    rest = rest.slice(m[0].length);
  }
  let fail: FailExpectation | undefined;
  let showAttributes = false;
  const expected: string[] = [];
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    const def = lines[i]!;
    if (def.startsWith('expect ')) {
      const m = EXPECT.exec(def);
      if (!m) throw new ScriptSyntaxError(file, i + 1, 'invalid expect statement: use "expect fail", "expect fail msg: <text>", "expect fail regex: <re>" or "expect attributes"');
      if (m[1] === 'attributes') showAttributes = true;
      else if (m[2] === 'msg') fail = { message: m[3]!.trim() };
      else if (m[2] === 'regex') fail = { regex: new RegExp(m[3]!.trim()) };
      else fail = {};
      continue;
    }
    if (!/^\S+:(\s|$)/.test(def)) throw new ScriptSyntaxError(file, i + 1, `invalid result line ${JSON.stringify(def)}: write "<trace>: <span> <span> ..."`);
    expected.push(normaliseLine(def));
  }
  if (fail && expected.length > 0) throw new ScriptSyntaxError(file, lineNo, 'an eval that expects failure cannot list results');
  out.push({ kind: 'eval', line: lineNo, query: rest, startNs, endNs, limit, spss, fail, showAttributes, expected });
  return i;
}
