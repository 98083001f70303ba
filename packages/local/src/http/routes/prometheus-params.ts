import { BadRequestError } from '../errors.js';
import type { LabelMatcher } from '../../model/labels.js';
import { parsePromQL } from '../../query/promql/syntax/parser.js';
import { parseDuration } from '../../query/promql/syntax/lexical.js';

/**
 * Parameter parsing of Prometheus' HTTP API (`web/api/v1/api.go`), with its error texts, so a
 * client sees `invalid parameter "start": cannot parse "x" to a valid timestamp` as from the real
 * server.
 */

/** The "no bound" times of series/labels queries (Prometheus' MinTime/MaxTime, within JS's safe integers). */
export const MIN_TIME_MS = Number.MIN_SAFE_INTEGER;
/** The latest time a series/labels query reaches by default. */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER;

const GO_FLOAT = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function goFloat(s: string): number | undefined {
  if (!GO_FLOAT.test(s)) return undefined;
  const lower = s.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower.endsWith('nan')) return NaN;
  return Number(s);
}

/** The error Prometheus wraps parameter problems in. */
export function invalidParam(name: string, error: unknown): BadRequestError {
  const message = error instanceof Error ? error.message : String(error);
  return new BadRequestError(`invalid parameter ${JSON.stringify(name)}: ${message}`, { cause: error });
}

/** A time as Unix seconds (float, ms precision) or RFC 3339; milliseconds out. */
export function parseTime(s: string): number {
  const f = goFloat(s);
  if (f !== undefined) {
    if (!Number.isFinite(f)) throw new Error(`cannot parse ${JSON.stringify(s)} to a valid timestamp`);
    const whole = Math.trunc(f);
    return whole * 1000 + Math.round((f - whole) * 1000);
  }
  if (RFC3339.test(s)) {
    const ms = Date.parse(s.toUpperCase());
    if (!Number.isNaN(ms)) return ms;
  }
  throw new Error(`cannot parse ${JSON.stringify(s)} to a valid timestamp`);
}

/** A time parameter, or `fallback` when absent. */
export function timeParam(form: URLSearchParams, name: string, fallback: number): number {
  const v = form.get(name);
  if (v === null || v === '') return fallback;
  try {
    return parseTime(v);
  } catch (error) {
    throw invalidParam(name, error);
  }
}

/** A duration as float seconds or a Prometheus duration (`5m`); milliseconds out. */
export function parseApiDuration(s: string): number {
  const f = goFloat(s);
  if (f !== undefined) {
    if (!Number.isFinite(f) || Math.abs(f * 1e9) > 9.223372036854776e18) throw new Error(`cannot parse ${JSON.stringify(s)} to a valid duration. It overflows int64`);
    return Math.round(f * 1000);
  }
  const ms = parseDuration(s);
  if (ms !== undefined) return ms;
  throw new Error(`cannot parse ${JSON.stringify(s)} to a valid duration`);
}

/** An optional duration parameter (`timeout`, `lookback_delta`). */
export function durationParam(form: URLSearchParams, name: string): number | undefined {
  const v = form.get(name);
  if (v === null || v === '') return undefined;
  try {
    return parseApiDuration(v);
  } catch (error) {
    throw invalidParam(name, error);
  }
}

/** Prometheus 3's `limit` parameter: a non-negative integer, 0 meaning none. */
export function limitParam(form: URLSearchParams): number | undefined {
  const v = form.get('limit');
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw invalidParam('limit', new Error(`cannot parse ${JSON.stringify(v)} to a valid limit`));
  const n = Number(v);
  if (n < 0) throw invalidParam('limit', new Error('limit must be non-negative'));
  return n;
}

/** `match[]` selectors: each a vector selector, each with a matcher that does not match the empty string. */
export function matchersParam(values: readonly string[]): LabelMatcher[][] {
  return values.map((s) => {
    let expr;
    try {
      expr = parsePromQL(s);
    } catch (error) {
      throw invalidParam('match[]', error);
    }
    if (expr.kind !== 'vectorSelector' || expr.offsetMs !== 0 || expr.at) throw invalidParam('match[]', new Error(`1:1: parse error: expected a series selector, got ${JSON.stringify(s)}`));
    return [...expr.matchers];
  });
}

/** Range-query parameters with Prometheus' checks (order, positive step, at most 11,000 points). */
export function rangeParams(form: URLSearchParams): { start: number; end: number; step: number } {
  let start: number;
  let end: number;
  try {
    start = parseTime(form.get('start') ?? '');
  } catch (error) {
    throw invalidParam('start', error);
  }
  try {
    end = parseTime(form.get('end') ?? '');
  } catch (error) {
    throw invalidParam('end', error);
  }
  if (end < start) throw new BadRequestError('end timestamp must not be before start time');
  let step: number;
  try {
    step = parseApiDuration(form.get('step') ?? '');
  } catch (error) {
    throw invalidParam('step', error);
  }
  if (step <= 0) throw new BadRequestError('zero or negative query resolution step widths are not accepted. Try a positive integer');
  // For safety, Prometheus limits the points per series: 60s resolution for a week, 1h for a year.
  if (Math.floor((end - start) / step) > 11_000) {
    throw new BadRequestError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  return { start, end, step };
}
