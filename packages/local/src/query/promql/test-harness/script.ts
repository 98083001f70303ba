import { NotationError } from '../../script-harness/errors.js';
import { parseScalarLine, type MetricResultLine } from '../../script-harness/metric.js';
import { readScript, type EvalCommand, type ScriptCommand, type ScriptDialect } from '../../script-harness/script.js';
import { parseSeriesDescription, type SeriesDescription } from '../../script-harness/series-notation.js';
import { parseDuration } from '../syntax/lexical.js';

/** One expected result line of a PromQL eval: a series, a bare scalar, or `expect string "…"`. */
export type PromQLExpected = MetricResultLine | { readonly kind: 'string'; readonly v: string };

export type PromQLEvalCommand = EvalCommand<PromQLExpected>;
export type PromQLScriptCommand = ScriptCommand<SeriesDescription, PromQLExpected>;

function parseResultLine(text: string): PromQLExpected {
  if (text.startsWith('expect string')) {
    try {
      return { kind: 'string', v: JSON.parse(text.slice('expect string'.length).trim()) as string };
    } catch {
      throw new NotationError('expected a quoted string after "expect string"');
    }
  }
  const v = parseScalarLine(text);
  if (v === undefined) return { kind: 'series', series: parseSeriesDescription(text) };
  if (Number.isNaN(v) && !/nan/i.test(text)) throw new NotationError(`invalid scalar ${JSON.stringify(text)}`);
  return { kind: 'scalar', v };
}

/**
 * PromQL scripts, as Prometheus' `promql/promqltest` writes them: `load <interval>` with series in
 * `0+10x10 _ stale` notation, and every `expect` kind (`fail`, `warn`, `no_warn`, `info`,
 * `no_info`, `ordered`, and `expect string "…"` for a string result).
 */
export const PROMQL_DIALECT: ScriptDialect<SeriesDescription, PromQLExpected> = {
  language: 'PromQL',
  loadInterval: true,
  loadItem: 'series',
  parseDuration: (text) => {
    const ms = parseDuration(text);
    return ms === undefined ? undefined : BigInt(ms) * 1_000_000n;
  },
  expects: ['fail', 'warn', 'no_warn', 'info', 'no_info', 'ordered'],
  resultExpects: ['string'],
  parseLoadLine: (text) => [parseSeriesDescription(text)],
  parseResultLine,
};

/** Parses a PromQL script; syntax errors name the file and line. */
export function parseScript(text: string, file: string): PromQLScriptCommand[] {
  return readScript(text, file, PROMQL_DIALECT);
}
