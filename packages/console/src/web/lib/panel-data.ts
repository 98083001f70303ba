import type { AlertingRule, ExemplarSeries, TraceSearchHit } from './contracts.js';
import { api } from './api.js';
import { exemplarPoints, type ExemplarPoint } from './exemplars.js';
import { logRows, type LogRow } from './log-rows.js';
import type { PanelRequest } from './panel-queries.js';
import { alignMatrix, mergeAligned, tableRows, type AlignedSeries, type QueryData, type TableRow } from './series.js';

/** What a panel's requests brought back, ready to draw. */
export interface PanelData {
  /** Range results, aligned on one time axis. */
  readonly series: AlignedSeries | undefined;
  /** Instant results (and each range series' last value), for stats and tables. */
  readonly rows: readonly TableRow[];
  readonly exemplars: readonly ExemplarPoint[];
  readonly logs: readonly LogRow[];
  readonly traces: readonly TraceSearchHit[];
  readonly alerts: ReadonlyArray<{ readonly name: string; readonly state: string; readonly labels: Readonly<Record<string, string>>; readonly source: string }>;
}

function matrixOf(data: QueryData, legend: string | undefined): AlignedSeries | undefined {
  return data.resultType === 'matrix' ? alignMatrix(data.result, legend) : undefined;
}

function alertMatches(rule: AlertingRule, filter: Readonly<Record<string, string>>): boolean {
  const labels = { ...rule.labels };
  return Object.entries(filter).every(([k, v]) => labels[k] === v || (rule.query ?? '').includes(`${k}="${v}"`));
}

/** Runs a panel's requests against the local stack, all at once. */
export async function loadPanel(requests: readonly PanelRequest[], signal: AbortSignal): Promise<PanelData> {
  const parts: AlignedSeries[] = [];
  const rows: TableRow[] = [];
  const exemplarSeries: ExemplarSeries[] = [];
  const logs: LogRow[] = [];
  const traces: TraceSearchHit[] = [];
  const alerts: Array<PanelData['alerts'][number]> = [];
  await Promise.all(
    requests.map(async (r) => {
      switch (r.kind) {
        case 'prom-range': {
          const [data, ex] = await Promise.all([api.promRange(r.expr, r.start, r.end, r.step, signal), r.exemplars ? api.promExemplars(r.expr, r.start, r.end, signal).catch(() => []) : Promise.resolve([])]);
          const m = matrixOf(data, r.legend);
          if (m) parts.push(m);
          rows.push(...tableRows(data, r.legend));
          exemplarSeries.push(...ex);
          return;
        }
        case 'prom-instant':
          rows.push(...tableRows(await api.promInstant(r.expr, r.time, signal), r.legend));
          return;
        case 'loki-range': {
          const data = await api.lokiRange(r.expr, r.start, r.end, { step: r.step }, signal);
          if (data.resultType === 'streams') return;
          const m = matrixOf(data, r.legend);
          if (m) parts.push(m);
          rows.push(...tableRows(data, r.legend));
          return;
        }
        case 'loki-instant':
          rows.push(...tableRows(await api.lokiInstant(r.expr, r.time, signal), r.legend));
          return;
        case 'loki-logs': {
          const data = await api.lokiRange(r.expr, r.start, r.end, { limit: r.limit, direction: 'backward' }, signal);
          if (data.resultType === 'streams') logs.push(...logRows(data.result, 'backward', r.limit));
          return;
        }
        case 'tempo-search':
          traces.push(...((await api.tempoSearch(r.expr, r.start, r.end, r.limit, signal)).traces ?? []));
          return;
        case 'alerts': {
          const sources = await Promise.all([
            api.promRules(signal).then((d) => ({ source: 'Prometheus rules', groups: d.groups }), () => ({ source: 'Prometheus rules', groups: [] })),
            api.lokiRules(signal).then((d) => ({ source: 'Loki ruler', groups: d.groups }), () => ({ source: 'Loki ruler', groups: [] })),
          ]);
          for (const { source, groups } of sources) {
            for (const g of groups) for (const rule of g.rules) if (rule.type === 'alerting' && alertMatches(rule, r.filter)) alerts.push({ name: rule.name, state: rule.state ?? 'unknown', labels: rule.labels ?? {}, source });
          }
          return;
        }
      }
    }),
  );
  return {
    series: parts.length ? mergeAligned(parts) : undefined,
    rows,
    // One pass over every request's exemplars: deduplicated, the slowest kept, in time order.
    exemplars: exemplarPoints(exemplarSeries),
    logs,
    traces,
    alerts,
  };
}

/** True when the panel has nothing to draw. */
export function isEmptyPanel(d: PanelData): boolean {
  return (!d.series || d.series.points === 0) && d.rows.every((r) => r.value === null) && d.logs.length === 0 && d.traces.length === 0 && d.alerts.length === 0;
}
