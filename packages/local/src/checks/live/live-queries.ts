import { DASHBOARDS_DIR, LOKI_RULES_FILE, PROMETHEUS_RULES_FILE, SERVICE_GRAPH, dashboardDefinitions, lokiRuleFile, prometheusRuleFile, targetLanguage } from '@srcobs/stack';
import type { DashboardDefinition, Finding, QueryTarget, RuleFile, StackConfig } from '@srcobs/stack';
import type { QueryClient } from '../query-client.js';
import { alertsOnAbsence, logqlSelectors, promqlSelectors } from './selectors.js';

/** How far back the live check looks for data when not told. */
export const DEFAULT_LIVE_LOOKBACK_MS = 15 * 60_000;
/** What `$__rate_interval` stands for: four scrapes at the default 15 s, as Grafana computes it. */
const RATE_INTERVAL = '1m';
/** Options of {@link checkLiveQueries}. */
export interface LiveCheckOptions {
  readonly client: QueryClient;
  readonly config: StackConfig;
  /** The window in which each query must return something. Default 15 minutes. */
  readonly lookbackMs?: number;
  readonly now?: () => number;
}

/** What the live check found: how many queries ran, and the ones that return nothing or fail. */
export interface LiveCheckResult {
  readonly checked: number;
  readonly findings: readonly Finding[];
}

/** A query to try, with where it is written. */
interface LiveQuery {
  readonly file: string;
  readonly path: string;
  readonly lang: 'promql' | 'logql' | 'traceql';
  readonly expr: string;
  readonly instant: boolean;
  /** An alert: only its inputs must exist (the alert itself is empty while all is well). */
  readonly alert: boolean;
}

/** Replaces Grafana variables with the values a first page load uses: defaults, "All" as `.+`. */
function interpolate(expr: string, dashboard: DashboardDefinition, lookbackMs: number): string {
  const values = new Map<string, string>([
    ['__rate_interval', RATE_INTERVAL],
    ['__interval', `${Math.max(1, Math.round(lookbackMs / 60_000))}s`],
    ['__range', `${Math.round(lookbackMs / 1000)}s`],
  ]);
  for (const v of dashboard.variables) {
    const d = v.default ?? '';
    values.set(v.name, d === '$__all' || d === '' ? '.+' : d);
  }
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (whole, a?: string, b?: string, c?: string) => values.get(a ?? b ?? c ?? '') ?? whole);
}

function dashboardQueries(config: StackConfig, lookbackMs: number): LiveQuery[] {
  return dashboardDefinitions(config).flatMap((d) =>
    d.rows.flatMap((row) =>
      row.panels.flatMap((panel) =>
        panel.targets.map((t: QueryTarget): LiveQuery => {
          const serviceMap = t.datasource === 'tempo' && t.tempoQueryType === 'serviceMap';
          const expr = interpolate(serviceMap ? `${SERVICE_GRAPH.total}${t.expr}` : t.expr, d, lookbackMs);
          return { file: `${DASHBOARDS_DIR}/${d.uid}.json`, path: `${row.title} / ${panel.title} / ${t.refId}`, lang: targetLanguage(t), expr, instant: t.instant === true, alert: false };
        }),
      ),
    ),
  );
}

function ruleQueries(file: string, rules: RuleFile, lang: 'promql' | 'logql'): LiveQuery[] {
  return rules.groups.flatMap((g) =>
    g.rules.map((r): LiveQuery => {
      const alert = 'alert' in r;
      const name = alert ? r.alert : r.record;
      // One alert per OLA category shares a name: its category tells them apart.
      const category = alert ? r.labels['ola_category'] : undefined;
      return { file, path: `${g.name} / ${name}${category ? ` {ola_category="${category}"}` : ''}`, lang, expr: r.expr, instant: true, alert };
    }),
  );
}

/** The selectors of a query that select no series in the window. */
async function emptySelectors(client: QueryClient, q: LiveQuery, fromMs: number, toMs: number): Promise<string[]> {
  if (q.lang === 'traceql') return [];
  const selectors = q.lang === 'promql' ? promqlSelectors(q.expr) : logqlSelectors(q.expr);
  const empty: string[] = [];
  for (const s of selectors) {
    const found = q.lang === 'promql' ? await client.prometheus.series([s], fromMs, toMs) : await client.loki.series([s], fromMs, toMs);
    if (found.length === 0) empty.push(s);
  }
  return empty;
}

/** True when the query itself returns something in the window. */
async function returnsData(client: QueryClient, q: LiveQuery, fromMs: number, toMs: number): Promise<boolean> {
  const stepMs = Math.max(15_000, Math.round((toMs - fromMs) / 60));
  if (q.lang === 'traceql') return (await client.tempo.search(q.expr, fromMs, toMs, 1)).traces.length > 0;
  const data = q.lang === 'promql'
    ? q.instant ? await client.prometheus.query(q.expr, toMs) : await client.prometheus.queryRange(q.expr, fromMs, toMs, stepMs)
    : q.instant ? await client.loki.query(q.expr, toMs, { limit: 1 }) : await client.loki.queryRange(q.expr, fromMs, toMs, { stepMs, limit: 1 });
  if (data.resultType === 'scalar' || data.resultType === 'string') return true;
  return data.result.length > 0;
}

async function checkOne(client: QueryClient, q: LiveQuery, fromMs: number, toMs: number, window: string): Promise<Finding | undefined> {
  const at = { check: 'live', file: q.file, path: q.path };
  try {
    if (q.alert) {
      const empty = await emptySelectors(client, q, fromMs, toMs);
      if (empty.length === 0) return undefined;
      const what = `${empty.join(', ')} select${empty.length === 1 ? 's' : ''} nothing in the last ${window}`;
      return alertsOnAbsence(q.expr)
        ? { severity: 'warning', ...at, message: `${what}, so this alert fires`, fix: 'make the source send data (or the alert is right: it is silent)' }
        : { severity: 'warning', ...at, message: `${what}, so this alert can never fire`, fix: q.lang === 'logql' ? 'check the stream labels against what the log pipeline writes' : 'check the metric name and labels against what the targets export' };
    }
    if (await returnsData(client, q, fromMs, toMs)) return undefined;
    const empty = await emptySelectors(client, q, fromMs, toMs);
    const why = empty.length > 0 ? `${empty.join(', ')} select${empty.length === 1 ? 's' : ''} nothing` : 'its series exist, but the query filters them all out';
    return { severity: 'warning', ...at, message: `returns no data in the last ${window}: ${why}`, fix: empty.length > 0 ? 'nothing exports these series here: a component that is not running, or a wrong name or label' : 'check the label matchers and thresholds of the query' };
  } catch (error) {
    return { severity: 'error', ...at, message: `the query fails: ${error instanceof Error ? error.message : String(error)}`, fix: `run it with \`srcobs query --lang ${q.lang} '<expr>'\` to see the server's answer` };
  }
}

/**
 * Runs every dashboard target and every rule `@srcobs/stack` renders from `config` against live
 * query APIs, and reports the ones that return nothing in the window (issue 3: "a dashboard
 * panel or rule that returns nothing is reported"): for a panel, the query itself; for an alert,
 * its input selectors, since a healthy alert returns nothing by design. Each finding names the
 * selectors that select nothing, which is nearly always the reason. Failing queries are errors.
 *
 * @example
 * ```ts
 * const { findings } = await checkLiveQueries({ client, config: await loadConfig() });
 * ```
 */
export async function checkLiveQueries(options: LiveCheckOptions): Promise<LiveCheckResult> {
  const lookbackMs = options.lookbackMs ?? DEFAULT_LIVE_LOOKBACK_MS;
  const toMs = (options.now ?? Date.now)();
  const fromMs = toMs - lookbackMs;
  const window = lookbackMs % 3_600_000 === 0 ? `${lookbackMs / 3_600_000}h` : `${Math.round(lookbackMs / 60_000)}m`;
  const queries = [
    ...dashboardQueries(options.config, lookbackMs),
    ...ruleQueries(PROMETHEUS_RULES_FILE, prometheusRuleFile(options.config), 'promql'),
    ...ruleQueries(LOKI_RULES_FILE, lokiRuleFile(options.config), 'logql'),
  ];
  const findings: Finding[] = [];
  // Two at a time: enough to overlap round trips, few enough not to crowd the query workers.
  for (let i = 0; i < queries.length; i += 2) {
    const batch = await Promise.all(queries.slice(i, i + 2).map((q) => checkOne(options.client, q, fromMs, toMs, window)));
    for (const f of batch) if (f) findings.push(f);
  }
  return { checked: queries.length, findings };
}
