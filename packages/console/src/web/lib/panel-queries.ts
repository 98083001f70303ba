import { parser as logqlParser } from '@grafana/lezer-logql';
import type { PanelDefinition, QueryTarget, VariableDefinition } from '@srcobs/stack';
import { autoStepSeconds, parseDuration, rateIntervalSeconds, type ResolvedRange } from './time-range.js';
import { interpolate, type VariableValues } from './variables.js';

/*
 * What a dashboard panel asks of the local stack: each target becomes one request to the
 * Prometheus, Loki or Tempo API, with variables filled in and the step chosen for the panel.
 */

/** One request a panel sends. Times are unix seconds. */
export type PanelRequest =
  | { readonly kind: 'prom-range'; readonly refId: string; readonly expr: string; readonly legend?: string; readonly start: number; readonly end: number; readonly step: number; readonly exemplars: boolean }
  | { readonly kind: 'prom-instant'; readonly refId: string; readonly expr: string; readonly legend?: string; readonly time: number }
  | { readonly kind: 'loki-range'; readonly refId: string; readonly expr: string; readonly legend?: string; readonly start: number; readonly end: number; readonly step: number }
  | { readonly kind: 'loki-instant'; readonly refId: string; readonly expr: string; readonly legend?: string; readonly time: number }
  | { readonly kind: 'loki-logs'; readonly refId: string; readonly expr: string; readonly start: number; readonly end: number; readonly limit: number }
  | { readonly kind: 'tempo-search'; readonly refId: string; readonly expr: string; readonly start: number; readonly end: number; readonly limit: number }
  | { readonly kind: 'alerts'; readonly refId: string; readonly filter: Readonly<Record<string, string>> };

/** Log lines a logs panel shows. */
export const LOGS_PANEL_LIMIT = 100;
/** Traces a TraceQL table lists when its target sets no limit. */
export const TRACES_PANEL_LIMIT = 20;
/** The service graph's call counter, which a `serviceMap` target's selector applies to. */
const SERVICE_GRAPH_TOTAL = 'traces_service_graph_request_total';

/** True for a LogQL metric query (`rate(...)`, `sum by (...) (count_over_time(...))`), false for a log query. */
export function isLogqlMetricQuery(expr: string): boolean {
  const top = logqlParser.parse(expr).topNode;
  const first = top.firstChild?.firstChild;
  if (first) return first.name === 'MetricExpr';
  return /\[[^\]]+\]/.test(expr);
}

/** `{a="1", b="2"}` as label pairs: an alert list's filter. Only `=` matchers are supported. */
export function parseEqualityMatchers(selector: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!selector) return out;
  for (const m of selector.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) out[m[1]!] = JSON.parse(`"${m[2]!}"`) as string;
  return out;
}

/** The context a panel's queries run in. */
export interface PanelContext {
  readonly range: ResolvedRange;
  readonly variables: readonly VariableDefinition[];
  readonly values: VariableValues;
  /** The panel's width in pixels: how many points it has room for. */
  readonly widthPx: number;
}

function target(panel: PanelDefinition, t: QueryTarget, ctx: PanelContext): PanelRequest {
  const start = Math.floor(ctx.range.startMs / 1000);
  const end = Math.ceil(ctx.range.endMs / 1000);
  const minStep = panel.minInterval ? parseDuration(panel.minInterval) / 1000 : 1;
  const step = autoStepSeconds(ctx.range, ctx.widthPx, minStep);
  const expr = interpolate(t.expr, ctx.variables, ctx.values, { intervalSeconds: step, rateIntervalSeconds: rateIntervalSeconds(step), rangeSeconds: end - start });
  const legend = t.legend !== undefined ? { legend: t.legend } : {};
  const { refId } = t;
  if (t.datasource === 'tempo') {
    if (t.tempoQueryType === 'serviceMap') {
      // The map's selector applies to the service graph's call counter: calls per second per edge.
      return { kind: 'prom-instant', refId, expr: `sum by (client, server) (rate(${SERVICE_GRAPH_TOTAL}${expr}[${end - start}s]))`, legend: '{{client}} → {{server}}', time: end };
    }
    return { kind: 'tempo-search', refId, expr, start, end, limit: t.limit ?? TRACES_PANEL_LIMIT };
  }
  if (t.datasource === 'loki') {
    if (panel.kind === 'logs' || !isLogqlMetricQuery(expr)) return { kind: 'loki-logs', refId, expr, start, end, limit: LOGS_PANEL_LIMIT };
    return t.instant ? { kind: 'loki-instant', refId, expr, time: end, ...legend } : { kind: 'loki-range', refId, expr, start, end, step, ...legend };
  }
  if (t.instant) return { kind: 'prom-instant', refId, expr, time: end, ...legend };
  return { kind: 'prom-range', refId, expr, start, end, step, exemplars: t.exemplars === true, ...legend };
}

/**
 * The requests that draw a panel, in target order. Text panels ask nothing; alert lists ask the
 * rule APIs, filtered by the panel's selector.
 *
 * @example
 * ```ts
 * panelRequests(panel, { range, variables: dash.variables, values: { service: ['$__all'] }, widthPx: 600 });
 * ```
 */
export function panelRequests(panel: PanelDefinition, ctx: PanelContext): PanelRequest[] {
  if (panel.kind === 'text') return [];
  if (panel.kind === 'alertlist') return [{ kind: 'alerts', refId: 'A', filter: parseEqualityMatchers(panel.alertFilter) }];
  return panel.targets.map((t) => target(panel, t, ctx));
}
