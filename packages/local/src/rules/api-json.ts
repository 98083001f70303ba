import type { RulesFilter } from '../http/routes/prometheus-api.js';
import type { Labels } from '../model/labels.js';
import { formatExpr } from '../query/promql/syntax/printer.js';
import { parsePromQL } from '../query/promql/syntax/parser.js';
import { formatFloatE } from '../query/promql/syntax/go-float.js';
import type { Alert } from './alerting-rule.js';
import type { RuleGroup, RuleState } from './group.js';

/**
 * The JSON of `/api/v1/rules` and `/api/v1/alerts` in Prometheus' shape (`web/api/v1/api.go`):
 * times as RFC 3339 with trimmed nanoseconds, durations in seconds, alert values in Go's `%e`.
 */

/** Go's `time.Time` JSON: RFC 3339 in UTC with trailing fractional zeros dropped; the zero time when unset. */
export function goTime(ms: number | undefined): string {
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

function sortedLabels(l: Labels): Record<string, string> {
  return Object.fromEntries(Object.keys(l).sort().map((k) => [k, l[k]!]));
}

/** One alert as `/api/v1/alerts` and the rules' `alerts` list show it. */
export function alertJson(a: Alert): Record<string, unknown> {
  return {
    labels: sortedLabels(a.labels),
    annotations: sortedLabels(a.annotations),
    state: a.state,
    activeAt: goTime(a.activeAt),
    ...(a.keepFiringSince !== undefined ? { keepFiringSince: goTime(a.keepFiringSince) } : {}),
    value: formatFloatE(a.value),
  };
}

function queryText(expr: string): string {
  try {
    return formatExpr(parsePromQL(expr));
  } catch {
    return expr;
  }
}

function ruleJson(r: RuleState, withAlerts: boolean): Record<string, unknown> {
  const common = {
    name: r.spec.name,
    query: queryText(r.spec.expr),
  };
  const health = {
    health: r.health,
    ...(r.lastError !== undefined ? { lastError: r.lastError } : {}),
    evaluationTime: r.evaluationSeconds,
    lastEvaluation: goTime(r.lastEvaluation),
  };
  if (r.alerting) {
    return {
      state: r.alerting.state(),
      ...common,
      duration: r.spec.forMs / 1000,
      keepFiringFor: r.spec.keepFiringForMs / 1000,
      labels: sortedLabels(r.spec.labels),
      annotations: sortedLabels(r.spec.annotations),
      ...(withAlerts ? { alerts: [...r.alerting.active.values()].filter((a) => a.state !== 'inactive').map(alertJson) } : {}),
      ...health,
      type: 'alerting',
    };
  }
  return { ...common, labels: sortedLabels(r.spec.labels), ...health, type: 'recording' };
}

/** The `data` of `/api/v1/rules`. */
export function rulesJson(groups: readonly RuleGroup[], filter: RulesFilter): { groups: unknown[] } {
  const filtered = filter.type !== undefined || filter.ruleNames.length > 0 || filter.groupNames.length > 0 || filter.files.length > 0;
  const out: unknown[] = [];
  for (const g of groups) {
    if (filter.groupNames.length && !filter.groupNames.includes(g.spec.name)) continue;
    if (filter.files.length && !filter.files.includes(g.spec.file)) continue;
    const rules = g.rules
      .filter((r) => filter.type === undefined || (filter.type === 'alert') === (r.alerting !== undefined))
      .filter((r) => filter.ruleNames.length === 0 || filter.ruleNames.includes(r.spec.name))
      .map((r) => ruleJson(r, !filter.excludeAlerts));
    if (filtered && rules.length === 0) continue;
    out.push({
      name: g.spec.name,
      file: g.spec.file,
      rules,
      interval: g.intervalMs / 1000,
      limit: g.spec.limit,
      evaluationTime: g.evaluationSeconds,
      lastEvaluation: goTime(g.lastEvaluation),
    });
  }
  return { groups: out };
}

/** The `data` of `/api/v1/alerts`: pending and firing alerts of every rule. */
export function alertsJson(groups: readonly RuleGroup[]): { alerts: unknown[] } {
  const alerts: unknown[] = [];
  for (const g of groups) for (const r of g.rules) for (const a of r.alerting?.active.values() ?? []) if (a.state !== 'inactive') alerts.push(alertJson(a));
  return { alerts };
}
