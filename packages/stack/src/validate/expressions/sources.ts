import { parse } from 'yaml';
import type { QueryLanguage } from '../../dashboards/types.js';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCE_LABEL } from '../../render/grafana/sidecar.js';
import { LOKI_RULE_LABEL } from '../../render/rules/loki.js';
import type { RenderedFile } from '../../render/types.js';
import { dig, isRecord, list, manifestObjects, objectRef, stringMap } from '../objects.js';

/** One query found in a rendered file, with where it is. */
export interface QuerySource {
  readonly file: string;
  /** Where in the file: `groups[0].rules[2].expr`, `panel "Error ratio" target A`, … */
  readonly location: string;
  readonly language: QueryLanguage;
  readonly expr: string;
  /** True inside Grafana provisioning files, where `$$` stands for `$`. */
  readonly provisioning?: boolean;
  /** Rule files and dashboards are held to the metric catalogue; data-source link templates are too. */
  readonly kind: 'rule' | 'dashboard' | 'datasource';
}

function ruleQueries(file: string, prefix: string, body: unknown, language: QueryLanguage): QuerySource[] {
  const out: QuerySource[] = [];
  list(dig(body, 'groups')).forEach((group, g) => {
    list(dig(group, 'rules')).forEach((rule, r) => {
      const expr = dig(rule, 'expr');
      const name = dig(rule, 'alert') ?? dig(rule, 'record');
      if (typeof expr === 'string') out.push({ file, location: `${prefix}groups[${g}].rules[${r}].expr (${String(name)})`, language, expr, kind: 'rule' });
    });
  });
  return out;
}

function datasourceKind(target: unknown, panel: unknown): string | undefined {
  const ds = dig(target, 'datasource') ?? dig(panel, 'datasource');
  const type = dig(ds, 'type');
  return typeof type === 'string' ? type : undefined;
}

function dashboardQueries(file: string, prefix: string, dashboard: unknown): QuerySource[] {
  const out: QuerySource[] = [];
  const panels = list(dig(dashboard, 'panels')).flatMap((p) => [p, ...list(dig(p, 'panels'))]);
  for (const panel of panels) {
    const title = String(dig(panel, 'title') ?? dig(panel, 'id'));
    for (const target of list(dig(panel, 'targets'))) {
      const at = `${prefix}panel "${title}" target ${String(dig(target, 'refId'))}`;
      const type = datasourceKind(target, panel);
      const expr = dig(target, 'expr');
      if (type === 'prometheus' && typeof expr === 'string') out.push({ file, location: at, language: 'promql', expr, kind: 'dashboard' });
      else if (type === 'loki' && typeof expr === 'string') out.push({ file, location: at, language: 'logql', expr, kind: 'dashboard' });
      else if (type === 'tempo') {
        const serviceMap = dig(target, 'serviceMapQuery');
        const query = dig(target, 'query');
        if (dig(target, 'queryType') === 'serviceMap' && typeof serviceMap === 'string') out.push({ file, location: at, language: 'promql', expr: serviceMap, kind: 'dashboard' });
        else if (typeof query === 'string') out.push({ file, location: at, language: 'traceql', expr: query, kind: 'dashboard' });
      }
    }
  }
  for (const variable of list(dig(dashboard, 'templating', 'list'))) {
    const query = dig(variable, 'query', 'query') ?? dig(variable, 'query');
    if (dig(variable, 'type') !== 'query' || typeof query !== 'string') continue;
    // `label_values(<selector>, <label>)` and `query_result(<expr>)` wrap PromQL.
    const inner = /^\s*label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/s.exec(query)?.[1] ?? /^\s*query_result\((.*)\)\s*$/s.exec(query)?.[1];
    if (inner !== undefined) out.push({ file, location: `${prefix}variable $${String(dig(variable, 'name'))}`, language: 'promql', expr: inner, kind: 'dashboard' });
  }
  return out;
}

function datasourceQueries(file: string, prefix: string, provisioning: unknown): QuerySource[] {
  const out: QuerySource[] = [];
  for (const ds of list(dig(provisioning, 'datasources'))) {
    const name = String(dig(ds, 'name'));
    list(dig(ds, 'jsonData', 'tracesToMetrics', 'queries')).forEach((q, i) => {
      const query = dig(q, 'query');
      if (typeof query === 'string') out.push({ file, location: `${prefix}datasource "${name}" tracesToMetrics.queries[${i}]`, language: 'promql', expr: query, provisioning: true, kind: 'datasource' });
    });
    const logs = dig(ds, 'jsonData', 'tracesToLogsV2');
    if (dig(logs, 'customQuery') === true && typeof dig(logs, 'query') === 'string') {
      out.push({ file, location: `${prefix}datasource "${name}" tracesToLogsV2.query`, language: 'logql', expr: String(dig(logs, 'query')), provisioning: true, kind: 'datasource' });
    }
  }
  return out;
}

function parsed(text: string, json: boolean): unknown {
  try {
    return json ? JSON.parse(text) : parse(text);
  } catch {
    return undefined; // not a query container; the schema and wiring checks report unreadable files
  }
}

/**
 * Every PromQL, LogQL and TraceQL query in the rendered files: rule files, PrometheusRule objects,
 * Loki rule ConfigMaps, dashboards (as files and in their ConfigMaps, once when identical) and the
 * data sources' correlation queries.
 */
export function querySources(files: readonly RenderedFile[]): QuerySource[] {
  const out: QuerySource[] = [];
  const dashboardContents = new Set<string>();
  for (const file of files) {
    if (file.kind === 'prometheus-rules') out.push(...ruleQueries(file.path, '', parsed(file.content, false), 'promql'));
    else if (file.kind === 'loki-rules') out.push(...ruleQueries(file.path, '', parsed(file.content, false), 'logql'));
    else if (file.kind === 'dashboard') {
      dashboardContents.add(file.content);
      out.push(...dashboardQueries(file.path, '', parsed(file.content, true)));
    }
  }
  for (const object of manifestObjects(files).objects) {
    const ref = `${objectRef(object)} `;
    if (object.kind === 'PrometheusRule') out.push(...ruleQueries(object.file, `${ref}spec.`, dig(object.body, 'spec'), 'promql'));
    if (object.kind !== 'ConfigMap') continue;
    const labels = stringMap(dig(object.body, 'metadata', 'labels'));
    const data = dig(object.body, 'data');
    if (!isRecord(data)) continue;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      const at = `${ref}data.${key}: `;
      if (LOKI_RULE_LABEL in labels) out.push(...ruleQueries(object.file, at, parsed(value, false), 'logql'));
      if (labels[GRAFANA_DASHBOARD_LABEL.key] === GRAFANA_DASHBOARD_LABEL.value && !dashboardContents.has(value)) out.push(...dashboardQueries(object.file, at, parsed(value, true)));
      if (labels[GRAFANA_DATASOURCE_LABEL.key] === GRAFANA_DATASOURCE_LABEL.value) out.push(...datasourceQueries(object.file, at, parsed(value, false)));
    }
  }
  return out;
}
