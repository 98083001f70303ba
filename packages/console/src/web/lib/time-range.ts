import { TimeRangeError } from './errors.js';

/*
 * Time ranges as Grafana writes them: `now-1h` to `now`, or absolute times. The URL keeps the
 * expressions (so a shared "last 1 h" link stays relative) and each query resolves them.
 */

/** A range as the user picked it: `now`, `now-15m`, an ISO time or epoch milliseconds. */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

/** A resolved range in epoch milliseconds. */
export interface ResolvedRange {
  readonly startMs: number;
  readonly endMs: number;
}

/** The quick ranges of the picker, as Grafana offers them. */
export const QUICK_RANGES: ReadonlyArray<{ readonly from: string; readonly label: string }> = [
  { from: 'now-5m', label: 'Last 5 minutes' },
  { from: 'now-15m', label: 'Last 15 minutes' },
  { from: 'now-1h', label: 'Last 1 hour' },
  { from: 'now-6h', label: 'Last 6 hours' },
  { from: 'now-24h', label: 'Last 24 hours' },
  { from: 'now-7d', label: 'Last 7 days' },
];

/** The default range of the explore pages. */
export const DEFAULT_RANGE: TimeRange = { from: 'now-15m', to: 'now' };

/** Prometheus' duration units, in milliseconds. */
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/**
 * Parses a Prometheus duration (`90s`, `1h30m`, `7d`) into milliseconds.
 *
 * @example
 * ```ts
 * parseDuration('1h30m'); // 5_400_000
 * ```
 */
export function parseDuration(text: string): number {
  const s = text.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = re.lastIndex;
  }
  if (s === '' || at !== s.length) throw new TimeRangeError(`"${text}" is not a duration: write a number and a unit, such as 30s, 5m, 1h30m or 7d`);
  return total;
}

/** Writes milliseconds as the shortest Prometheus duration (`1h30m`, `15s`, `250ms`). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/**
 * Resolves one end of a range: `now`, `now-<duration>`, `now+<duration>`, epoch milliseconds
 * (13 digits) or seconds (10 digits), or an ISO-8601 time.
 */
export function parseTimeExpr(expr: string, nowMs: number): number {
  const s = expr.trim();
  if (s === 'now') return nowMs;
  const rel = /^now\s*([+-])\s*(.+)$/.exec(s);
  if (rel) return nowMs + (rel[1] === '-' ? -1 : 1) * parseDuration(rel[2]!);
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    const n = Number(s);
    // Epoch seconds have 10 digits until the year 2286; milliseconds have 13.
    return n < 1e11 ? n * 1000 : n;
  }
  const t = Date.parse(s);
  if (!Number.isNaN(t)) return t;
  throw new TimeRangeError(`"${expr}" is not a time: use now, now-1h, an ISO time such as 2024-05-01T10:00:00Z, or epoch seconds`);
}

/** Resolves both ends; the start must be before the end. */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange {
  const startMs = parseTimeExpr(range.from, nowMs);
  const endMs = parseTimeExpr(range.to, nowMs);
  if (!(startMs < endMs)) throw new TimeRangeError(`the range starts (${range.from}) after it ends (${range.to}): pick a start before the end`);
  return { startMs, endMs };
}

/** Steps the auto step rounds up to, in seconds: what a person reads on an axis. */
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * The step Grafana would pick: the range over the points the chart has room for (one per
 * `pixelsPerPoint` of width, about 250 on a 1280 px screen), rounded up to a nice step, never
 * below `minStepSeconds`.
 */
export function autoStepSeconds(range: ResolvedRange, widthPx = 1000, minStepSeconds = 1, pixelsPerPoint = 4): number {
  const points = Math.max(1, Math.floor(widthPx / pixelsPerPoint));
  const raw = Math.max(minStepSeconds, (range.endMs - range.startMs) / 1000 / points);
  return NICE_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

/** Grafana's assumption when it cannot ask Prometheus: a 15 s scrape interval. */
export const ASSUMED_SCRAPE_INTERVAL_SECONDS = 15;

/**
 * Grafana's `$__rate_interval`: `max($__interval + scrape interval, 4 × scrape interval)`, so a
 * rate() window always holds at least two samples however small the step.
 */
export function rateIntervalSeconds(stepSeconds: number, scrapeSeconds = ASSUMED_SCRAPE_INTERVAL_SECONDS): number {
  return Math.max(stepSeconds + scrapeSeconds, 4 * scrapeSeconds);
}

/** A time expression as a person reads it: epoch numbers become ISO-8601 UTC times, `now-1h` stays. */
export function displayTime(expr: string): string {
  const s = expr.trim();
  if (!/^\d+(?:\.\d+)?$/.test(s)) return s;
  const n = Number(s);
  return new Date(n < 1e11 ? n * 1000 : n).toISOString();
}

/** A label for the picker: the quick range's name, or `from to to`. */
export function describeRange(range: TimeRange): string {
  if (range.to === 'now') {
    const quick = QUICK_RANGES.find((q) => q.from === range.from);
    if (quick) return quick.label;
    const rel = /^now-(.+)$/.exec(range.from);
    if (rel) return `Last ${rel[1]}`;
  }
  return `${displayTime(range.from)} to ${displayTime(range.to)}`;
}
