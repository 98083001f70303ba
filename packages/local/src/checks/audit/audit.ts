import { DEFAULT_RETENTION_DAYS, OLA_CATEGORIES, OLA_CATEGORY_INFO, OLA_LABEL, isOlaCategory, type OlaCategory } from '@srcobs/ola';
import type { StackConfig } from '@srcobs/stack';
import { parseDuration } from '../../query/promql/syntax/lexical.js';
import { CheckInputError } from '../errors.js';
import type { LokiClient, RulesData } from '../query-client.js';
import { DAY_MS, MAX_QUERY_RANGE_MS, chooseStep, findGaps, linesPerDay, planQueries, toBuckets, type Bucket } from './buckets.js';
import { externalSource } from './sources.js';
import type { AlertState, OlaCategoryReport, OlaReport } from './types.js';

/** The Loki ruler alert `@srcobs/stack` renders for a silent category. */
export const OLA_SILENCE_ALERT = 'OlaCategorySilent';

/** Options of {@link olaAudit}. */
export interface OlaAuditOptions {
  /** The Loki API holding the categorised logs and its ruler. */
  readonly loki: LokiClient;
  /** The stack config: retention configured and silence windows. */
  readonly config: StackConfig;
  readonly fromMs: number;
  /** Clipped to `now`: the future has no data yet, and no gaps either. */
  readonly toMs: number;
  /** The clock (tests pin it). Default `Date.now`. */
  readonly now?: () => number;
  /** Notes on long work, for a progress line. */
  readonly onProgress?: (message: string) => void;
}

const ALL = `{${OLA_LABEL}=~".+"}`;
const iso = (ms: number): string => new Date(ms).toISOString();
/** The longest report: five years, well past the longest OLA retention (365 days). */
const MAX_REPORT_RANGE_MS = 1830 * DAY_MS;

function nsToMs(ns: string): number {
  return Number(BigInt(ns) / 1_000_000n);
}

/** Lines per bucket end, per category, from `count_over_time` over the grid. */
async function countBuckets(loki: LokiClient, fromMs: number, toMs: number, stepMs: number): Promise<Map<OlaCategory, Map<number, number>>> {
  const counts = new Map<OlaCategory, Map<number, number>>(OLA_CATEGORIES.map((c) => [c, new Map()]));
  const expr = `sum by (${OLA_LABEL}) (count_over_time(${ALL}[${stepMs / 1000}s]))`;
  for (const q of planQueries(fromMs, toMs, stepMs)) {
    const data = await loki.queryRange(expr, q.startMs, q.endMs, { stepMs });
    if (data.resultType !== 'matrix') continue;
    for (const series of data.result) {
      const category = series.metric[OLA_LABEL];
      if (!isOlaCategory(category)) continue;
      const map = counts.get(category)!;
      for (const [t, v] of series.values ?? []) map.set(Math.round(t * 1000), (map.get(Math.round(t * 1000)) ?? 0) + Number(v));
    }
  }
  return counts;
}

/** `source/service` of every stream that carried lines in the range, per category. */
async function observedSources(loki: LokiClient, fromMs: number, toMs: number): Promise<Map<OlaCategory, Set<string>>> {
  const out = new Map<OlaCategory, Set<string>>(OLA_CATEGORIES.map((c) => [c, new Set()]));
  for (let start = fromMs; start < toMs; start += MAX_QUERY_RANGE_MS) {
    for (const s of await loki.series([ALL], start, Math.min(toMs, start + MAX_QUERY_RANGE_MS))) {
      const category = s[OLA_LABEL];
      if (!isOlaCategory(category)) continue;
      const who = s['service_name'] ?? s['app'] ?? s['job'] ?? s['namespace'] ?? 'unknown';
      out.get(category)!.add(`${s['source'] ?? 'unlabelled'}/${who}`);
    }
  }
  return out;
}

/** The time of the first (forward) or last (backward) line of a category in `[startMs, endMs]`. */
async function edgeLine(loki: LokiClient, category: OlaCategory, startMs: number, endMs: number, direction: 'forward' | 'backward'): Promise<number | undefined> {
  // Loki's end is exclusive: one more millisecond keeps a line at exactly endMs.
  const data = await loki.queryRange(`{${OLA_LABEL}="${category}"}`, startMs, endMs + 1, { limit: 1, direction });
  if (data.resultType !== 'streams') return undefined;
  const times = data.result.flatMap((s) => s.values.map(([ns]) => nsToMs(ns)));
  if (times.length === 0) return undefined;
  return direction === 'forward' ? Math.min(...times) : Math.max(...times);
}

/**
 * The oldest line still stored per category: month by month from the longest retention back,
 * asking the series API (index only) which categories have streams in that month, then one
 * forward query of limit 1 for the exact time.
 */
async function oldestEntries(loki: LokiClient, config: StackConfig, nowMs: number): Promise<Map<OlaCategory, number>> {
  const longest = Math.max(...OLA_CATEGORIES.map((c) => Math.max(config.retention.logsDays[c], DEFAULT_RETENTION_DAYS[c])));
  const found = new Map<OlaCategory, number>();
  for (let start = nowMs - (longest + 1) * DAY_MS; start < nowMs && found.size < OLA_CATEGORIES.length; start += MAX_QUERY_RANGE_MS) {
    const end = Math.min(nowMs, start + MAX_QUERY_RANGE_MS);
    const present = new Set((await loki.series([ALL], start, end)).map((s) => s[OLA_LABEL]));
    for (const c of OLA_CATEGORIES) {
      if (found.has(c) || !present.has(c)) continue;
      const t = await edgeLine(loki, c, start, end, 'forward');
      if (t !== undefined) found.set(c, t);
    }
  }
  return found;
}

/** The newest line up to `toMs`: inside the last non-empty bucket when the range has one, else in the 30 days before. */
async function lastEntry(loki: LokiClient, category: OlaCategory, buckets: readonly Bucket[], toMs: number): Promise<number | undefined> {
  const last = [...buckets].reverse().find((b) => b.lines > 0);
  if (last) return (await edgeLine(loki, category, last.startMs, last.endMs, 'backward')) ?? last.endMs;
  return edgeLine(loki, category, toMs - MAX_QUERY_RANGE_MS, toMs, 'backward');
}

function alertStateOf(rules: RulesData | undefined, category: OlaCategory): AlertState | 'missing' {
  if (!rules) return 'unknown';
  const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.type === 'alerting' && r.name === OLA_SILENCE_ALERT && r.labels?.[OLA_LABEL] === category);
  if (!rule) return 'missing';
  // A rule the ruler has not evaluated yet reports "inactive": that proves nothing.
  if (rule.health === 'unknown' || rule.state === undefined) return 'unknown';
  return rule.state;
}

function humanDuration(seconds: number): string {
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} d`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 60)} min`;
}

/**
 * The OLA report of `../shared/ola.md` "Proving" for `[fromMs, toMs]`: for each category its
 * sources, lines per day, gaps longer than its silence window, retention configured against
 * required, the oldest line still stored, the newest line, and its silence alert; compliant when
 * none of those is wrong. Everything is read through the Loki API, so the same report runs
 * against the local stack and a cluster's Loki.
 *
 * @example
 * ```ts
 * const report = await olaAudit({ loki: createQueryClient(endpoints).loki, config, fromMs: Date.now() - 7 * 86_400_000, toMs: Date.now() });
 * if (!report.compliant) process.exitCode = 1;
 * ```
 */
export async function olaAudit(options: OlaAuditOptions): Promise<OlaReport> {
  const { loki, config } = options;
  const nowMs = (options.now ?? Date.now)();
  const toMs = Math.min(options.toMs, nowMs);
  const fromMs = options.fromMs;
  if (!(fromMs < toMs)) throw new CheckInputError(`the report's start (${iso(fromMs)}) must be before its end (${iso(toMs)}, and not in the future)`);
  // Each 30 days of range cost a few Loki queries: an unbounded range is an unbounded amount of work.
  if (toMs - fromMs > MAX_REPORT_RANGE_MS) throw new CheckInputError(`the report covers at most ${MAX_REPORT_RANGE_MS / DAY_MS} days (asked for ${Math.round((toMs - fromMs) / DAY_MS)}): choose a later --from`);
  const stepMs = chooseStep(toMs - fromMs);
  options.onProgress?.(`Counting lines per category from ${iso(fromMs)} to ${iso(toMs)} in ${stepMs / 1000} s buckets…`);
  const counts = await countBuckets(loki, fromMs, toMs, stepMs);
  const observed = await observedSources(loki, fromMs, toMs);
  options.onProgress?.('Looking for the oldest line still stored of each category…');
  const oldest = await oldestEntries(loki, config, nowMs);
  const warnings: string[] = [];
  let rules: RulesData | undefined;
  try {
    rules = await loki.rules();
  } catch (error) {
    warnings.push(`the Loki ruler's rules API did not answer, so the silence alerts' state is unknown: ${error instanceof Error ? error.message : String(error)}`);
  }
  const categories: OlaCategoryReport[] = [];
  for (const c of OLA_CATEGORIES) {
    const info = OLA_CATEGORY_INFO[c];
    const window = config.olaAlertWindows[c];
    const windowMs = parseDuration(window) ?? DAY_MS;
    const buckets = toBuckets(counts.get(c)!, fromMs, toMs, stepMs);
    const gaps = findGaps(buckets, windowMs);
    const total = buckets.reduce((n, b) => n + b.lines, 0);
    const last = await lastEntry(loki, c, buckets, toMs);
    const configured = config.retention.logsDays[c];
    const required = DEFAULT_RETENTION_DAYS[c];
    const alert = alertStateOf(rules, c);
    const problems: string[] = [];
    if (configured < required) problems.push(`retention is ${configured} days, below the ${required} days the OLA requires: set retention.logsDays.${c} to at least ${required}`);
    if (total === 0) problems.push(`no line between ${iso(fromMs)} and ${iso(toMs)}: check its sources (${info.kubernetesSources[0] ?? info.serviceSources[0]})`);
    if (gaps.length > 0) {
      const longest = gaps.reduce((a, b) => (b.seconds > a.seconds ? b : a));
      problems.push(`${gaps.length} gap${gaps.length === 1 ? '' : 's'} longer than the ${window} silence window; the longest, ${humanDuration(longest.seconds)}, from ${longest.from} to ${longest.to}`);
    }
    if (alert === 'firing') problems.push(`its silence alert ${OLA_SILENCE_ALERT} is firing: no line for ${window}`);
    if (alert === 'missing') problems.push(`the Loki ruler has no ${OLA_SILENCE_ALERT} rule for it, so its silence goes unnoticed: deploy the Loki rules \`srcobs render\` writes (loki/rules/srcobs-ola.yaml)`);
    const external = externalSource(config, c);
    const oldestMs = oldest.get(c);
    categories.push({
      id: c,
      title: info.title,
      compliant: problems.length === 0,
      problems,
      sources: { kubernetes: info.kubernetesSources, service: info.serviceSources, ...(external ? { external } : {}), observed: [...observed.get(c)!].sort() },
      linesPerDay: linesPerDay(buckets, fromMs, toMs),
      gaps,
      retentionDays: { configured, required },
      oldestEntry: oldestMs === undefined ? null : iso(oldestMs),
      lastEntry: last === undefined ? null : iso(last),
      alert: { name: OLA_SILENCE_ALERT, state: alert === 'missing' ? 'unknown' : alert, window },
    });
  }
  return { from: iso(fromMs), to: iso(toMs), compliant: categories.every((c) => c.compliant), categories, resolutionSeconds: stepMs / 1000, warnings };
}
