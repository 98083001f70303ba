import { NotationError } from '../../script-harness/errors.js';
import { readScript, type EvalCommand, type ScriptCommand, type ScriptDialect } from '../../script-harness/script.js';
import { parseTempoDuration } from '../syntax/lexical.js';
import { parseSpanLine, SCRIPT_BASE_NS, type NotatedSpan } from './span-notation.js';

/** Tempo's defaults for a search without `limit` and `spss`. */
export const DEFAULT_LIMIT = 20;
export const DEFAULT_SPSS = 3;

export type TraceEvalCommand = EvalCommand<string>;
export type TraceScriptCommand = ScriptCommand<NotatedSpan, string>;

/** Collapses whitespace so expected and rendered lines compare regardless of alignment. */
export function normaliseLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/**
 * TraceQL scripts (README.md): spans in `load`, `limit`/`spss` before the query, one expected
 * line per returned spanset, `expect attributes` to show span attributes. A search has no step:
 * `eval range` may leave it out.
 */
export const TRACEQL_DIALECT: ScriptDialect<NotatedSpan, string> = {
  language: 'TraceQL',
  loadInterval: false,
  loadItem: 'span',
  parseDuration: (text) => {
    const ns = parseTempoDuration(text);
    return ns === undefined ? undefined : BigInt(ns);
  },
  stepOptional: true,
  options: { limit: 'count', spss: 'count' },
  expects: ['fail'],
  flags: ['attributes'],
  parseLoadLine: (text) => [parseSpanLine(text)],
  parseResultLine: (text) => {
    if (!/^\S+:(\s|$)/.test(text)) throw new NotationError(`invalid result line ${JSON.stringify(text)}: write "<trace>: <span> <span> ..."`);
    return normaliseLine(text);
  },
};

/** Parses a TraceQL script; syntax errors name the file and line. */
export function parseScript(text: string, file: string): TraceScriptCommand[] {
  return readScript(text, file, TRACEQL_DIALECT);
}

/** What a search needs from an eval: the window `[startNs, endNs)` and the limits. */
export interface SearchParams {
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly limit: number;
  readonly spss: number;
}

/**
 * The search an eval stands for. Script times count from {@link SCRIPT_BASE_NS}; `instant at T`
 * searches everything up to and including T, `range from S to E` from S up to and including E.
 */
export function searchParams(cmd: TraceEvalCommand): SearchParams {
  return {
    startNs: SCRIPT_BASE_NS + (cmd.instant ? 0n : cmd.startNs),
    endNs: SCRIPT_BASE_NS + cmd.endNs + 1n,
    limit: Number(cmd.options.get('limit') ?? DEFAULT_LIMIT),
    spss: Number(cmd.options.get('spss') ?? DEFAULT_SPSS),
  };
}
