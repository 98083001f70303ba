import { parseDuration } from '../query/promql/syntax/lexical.js';
import { CheckInputError } from './errors.js';

const RELATIVE = /^now(?:\s*-\s*(\S+))?$/;
const UNIX = /^\d+(?:\.\d+)?$/;

/**
 * A time as users write it on a command line or in a query string, in ms since the epoch:
 * `now`, `now-7d`, `-2h` or `2h` (that long ago), unix seconds (`1735689600`, fractions allowed),
 * unix milliseconds (13 digits), RFC 3339 (`2025-01-01T00:00:00Z`) or a day (`2025-01-01`, UTC
 * midnight). `now` is injectable for tests.
 */
export function parseTimeArg(text: string, nowMs: number, name = 'time'): number {
  const ms = parseTime(text, nowMs, name);
  // Past ±8.64e15 ms a Date is invalid, and every later step (ISO strings, buckets) would fail.
  if (!(Math.abs(ms) <= MAX_DATE_MS)) throw new CheckInputError(`--${name} "${text}" is out of range (a date must lie within 275,000 years of 1970): write e.g. now-7d or 2025-01-01`);
  return ms;
}

/** The largest time a JavaScript Date holds (ms since the epoch). */
const MAX_DATE_MS = 8.64e15;

function parseTime(text: string, nowMs: number, name: string): number {
  const t = text.trim();
  const rel = RELATIVE.exec(t);
  if (rel) return rel[1] ? nowMs - durationMs(rel[1], name) : nowMs;
  if (t.startsWith('-')) return nowMs - durationMs(t.slice(1), name);
  if (UNIX.test(t)) {
    const n = Number(t);
    // Thirteen digits or more can only be milliseconds: seconds reach that in the year 33658.
    return t.replace(/\..*/, '').length >= 13 ? n : n * 1000;
  }
  const ago = parseDuration(t);
  if (ago !== undefined) return nowMs - ago;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : Date.parse(t);
  if (Number.isFinite(parsed)) return parsed;
  throw new CheckInputError(`--${name} "${text}" is not a time: write now, now-7d, 2h (ago), unix seconds, 2025-01-01 or 2025-01-01T12:00:00Z`);
}

/** A duration such as `15s`, `5m`, `1h30m` in ms. */
export function durationMs(text: string, name = 'duration'): number {
  const ms = parseDuration(text.trim());
  if (ms === undefined || ms <= 0) throw new CheckInputError(`--${name} "${text}" is not a duration: write 30s, 5m, 1h or 7d`);
  return ms;
}
