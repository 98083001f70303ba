import type { Direction } from '../../model/logs.js';
import { LogQLBadRequestError } from '../../query/logql/eval/errors.js';
import { parseModelDuration } from '../../query/logql/syntax/literals.js';

/**
 * Loki's HTTP parameters (`pkg/loghttp/params.go`), decoded the way Loki decodes them: times as
 * Unix nanoseconds, Unix seconds (up to 10 digits, or with a fraction) or RFC 3339; `since` and
 * `step` as Prometheus durations or float seconds; `limit` 100 and `direction` backward unless
 * given. Times are bigint nanoseconds.
 */

/** Loki's default look-back when `start` and `since` are both absent. */
export const DEFAULT_SINCE_NS = 3_600_000_000_000n;
/** Loki's default `limit`. */
export const DEFAULT_LIMIT = 100;
/** Loki's cap on points per series. */
export const MAX_POINTS = 11_000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/** The int64 range Loki's Go code parses times and durations into: beyond it, Loki answers 400. */
const INT64_MAX = 2n ** 63n - 1n;

function int64(ns: bigint, name: string, value: string): bigint {
  if (ns > INT64_MAX || ns < -INT64_MAX - 1n) throw new LogQLBadRequestError(`could not parse '${name}' parameter: ${JSON.stringify(value.slice(0, 40))} is out of range (nanoseconds must fit in 64 bits)`);
  return ns;
}

/** `parseTimestamp`: ns, s (≤ 10 digits or fractional), or RFC 3339 (nanosecond precision kept). */
export function parseLokiTime(value: string | null, def: bigint, name: string): bigint {
  if (value === null || value === '') return def;
  return int64(parseTimeText(value, name), name, value);
}

function parseTimeText(value: string, name: string): bigint {
  if (value.includes('.') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const t = Number(value);
    if (!Number.isFinite(t)) throw new LogQLBadRequestError(`could not parse '${name}' parameter: ${JSON.stringify(value.slice(0, 40))} is out of range`);
    const s = Math.trunc(t);
    const ms = Math.round((t - s) * 1000);
    return BigInt(s) * 1_000_000_000n + BigInt(ms) * 1_000_000n;
  }
  if (/^-?\d+$/.test(value)) {
    const n = BigInt(value);
    return value.replace('-', '').length <= 10 ? n * 1_000_000_000n : n;
  }
  const m = RFC3339.exec(value);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    const frac = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
    let offsetSec = 0;
    if (m[8] !== 'Z' && m[8] !== 'z') offsetSec = (m[8]![0] === '-' ? -1 : 1) * (Number(m[8]!.slice(1, 3)) * 3600 + Number(m[8]!.slice(4, 6)) * 60);
    return (BigInt(ms) - BigInt(offsetSec) * 1000n) * 1_000_000n + frac;
  }
  throw new LogQLBadRequestError(`could not parse '${name}' parameter: cannot parse ${JSON.stringify(value)} as a timestamp (Unix seconds or nanoseconds, or RFC 3339)`);
}

/** `parseSecondsOrDuration`: float seconds or a Prometheus duration; nanoseconds. */
export function parseSecondsOrDuration(value: string, name: string): bigint {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const ns = Number(value) * 1e9;
    if (!Number.isFinite(ns)) throw new LogQLBadRequestError(`invalid ${name} ${JSON.stringify(value.slice(0, 40))}: out of range`);
    return int64(BigInt(Math.round(ns)), name, value);
  }
  const d = parseModelDuration(value);
  if (d === undefined) throw new LogQLBadRequestError(`cannot parse ${JSON.stringify(value)} to a valid duration`);
  return BigInt(d);
}

/** `start` and `end` (or `since`), with Loki's defaults: end now, start an hour before end (or now). */
export function boundsParams(q: URLSearchParams, nowNs: bigint): { startNs: bigint; endNs: bigint } {
  let since = DEFAULT_SINCE_NS;
  const sinceText = q.get('since');
  if (sinceText) {
    const d = parseModelDuration(sinceText);
    if (d === undefined) throw new LogQLBadRequestError(`could not parse 'since' parameter: not a valid duration string: ${JSON.stringify(sinceText)}`);
    since = int64(BigInt(d), 'since', sinceText);
  }
  const endNs = parseLokiTime(q.get('end'), nowNs, 'end');
  const endOrNow = endNs > nowNs ? nowNs : endNs;
  const startNs = int64(parseLokiTime(q.get('start'), endOrNow - since, 'start'), 'start', q.get('start') ?? `end - ${sinceText ?? 'since'}`);
  return { startNs, endNs };
}

export function limitParam(q: URLSearchParams): number {
  const text = q.get('limit');
  if (text === null || text === '') return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(text)) throw new LogQLBadRequestError(`invalid limit ${JSON.stringify(text)}: use a positive integer`);
  const n = Number(text);
  if (n <= 0) throw new LogQLBadRequestError('limit must be a positive value');
  return n;
}

export function directionParam(q: URLSearchParams): Direction {
  const text = q.get('direction');
  if (text === null || text === '') return 'backward';
  const d = text.toLowerCase();
  if (d !== 'forward' && d !== 'backward') throw new LogQLBadRequestError(`invalid direction '${text}'`);
  return d;
}

export function queryParam(q: URLSearchParams): string {
  return q.get('query') ?? '';
}

/** `query_range`'s parameters with Loki's checks (order of bounds, step size, points, interval). */
export function rangeQueryParams(q: URLSearchParams, nowNs: bigint): { startNs: bigint; endNs: bigint; stepNs: bigint; intervalNs: bigint; limit: number; direction: Direction } {
  const limit = limitParam(q);
  const { startNs, endNs } = boundsParams(q, nowNs);
  if (endNs < startNs) throw new LogQLBadRequestError('end timestamp must not be before or equal to start time');
  const stepText = q.get('step');
  // Loki's default step: the range over 250 points, at least a second.
  const stepNs = stepText ? parseSecondsOrDuration(stepText, 'step') : BigInt(Math.max(Math.floor(Number((endNs - startNs) / 1_000_000n) / 1000 / 250), 1)) * 1_000_000_000n;
  if (stepNs <= 0n) throw new LogQLBadRequestError('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((endNs - startNs) / stepNs > BigInt(MAX_POINTS)) throw new LogQLBadRequestError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  const intervalText = q.get('interval');
  const intervalNs = intervalText ? parseSecondsOrDuration(intervalText, 'interval') : 0n;
  if (intervalNs < 0n) throw new LogQLBadRequestError('interval must be >= 0');
  return { startNs, endNs, stepNs, intervalNs, limit, direction: directionParam(q) };
}

/** `query`'s parameters: the evaluation time (default now), limit and direction. */
export function instantQueryParams(q: URLSearchParams, nowNs: bigint): { timeNs: bigint; limit: number; direction: Direction } {
  return { timeNs: parseLokiTime(q.get('time'), nowNs, 'time'), limit: limitParam(q), direction: directionParam(q) };
}
