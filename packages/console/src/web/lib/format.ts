import type { Unit } from '@srcobs/stack';

/*
 * Numbers as the dashboards' units say (Grafana's unit ids), and durations and ages as a person
 * reads them.
 */

function trim(n: number, decimals?: number): string {
  if (decimals !== undefined) return n.toFixed(decimals);
  const abs = Math.abs(n);
  const d = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(n.toFixed(d)));
}

function scaled(n: number, base: number, units: readonly string[], decimals?: number): string {
  let i = 0;
  let v = n;
  while (Math.abs(v) >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return `${trim(v, decimals)}${units[i]}`;
}

/** Seconds as `850 µs`, `12.5 ms`, `1.25 s`, `3.2 min`, `2.1 h`. */
export function formatSeconds(s: number, decimals?: number): string {
  const abs = Math.abs(s);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${trim(s * 1e6, decimals)} µs`;
  if (abs < 1) return `${trim(s * 1e3, decimals)} ms`;
  if (abs < 60) return `${trim(s, decimals)} s`;
  if (abs < 3600) return `${trim(s / 60, decimals)} min`;
  if (abs < 86400) return `${trim(s / 3600, decimals)} h`;
  return `${trim(s / 86400, decimals)} d`;
}

/** How long ago a time (epoch ms) was: `just now`, `5 minutes ago`, `3 days ago`. */
export function formatAgo(ms: number, nowMs: number): string {
  const s = Math.round((nowMs - ms) / 1000);
  if (s < 0) return 'in the future';
  if (s < 10) return 'just now';
  const steps: ReadonlyArray<readonly [number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of steps) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** A value in a dashboard unit. `dateTimeFromNow` takes epoch milliseconds. */
export function formatValue(v: number | null | undefined, unit: Unit | undefined = 'short', decimals?: number, nowMs = Date.now()): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'no value';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'reqps':
      return `${trim(v, decimals)} req/s`;
    case 'cps':
      return `${trim(v, decimals)}/s`;
    case 'percentunit':
      return `${trim(v * 100, decimals ?? (Math.abs(v) < 0.01 ? 2 : 1))}%`;
    case 's':
      return formatSeconds(v, decimals);
    case 'Bps':
      return `${scaled(v, 1024, [' B', ' KiB', ' MiB', ' GiB', ' TiB'], decimals)}/s`;
    case 'bytes':
      return scaled(v, 1024, [' B', ' KiB', ' MiB', ' GiB', ' TiB'], decimals);
    case 'dateTimeFromNow':
      return formatAgo(v, nowMs);
    case 'none':
      return trim(v, decimals);
    case 'short':
    default:
      return scaled(v, 1000, ['', 'K', 'M', 'G', 'T'], decimals);
  }
}

/** A span duration in milliseconds as `850 µs`, `12.5 ms`, `2.35 s`. */
export function formatMs(ms: number): string {
  return formatSeconds(ms / 1000);
}

/** A time of day, `HH:MM:SS`, as the charts' axes write it. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A nanosecond timestamp (Loki, Tempo) as a local date-time with milliseconds. */
export function formatNsTime(ns: string | bigint): string {
  const ms = Number(BigInt(ns) / 1_000_000n);
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
