import { DATASOURCE_UIDS } from '../../dashboards/datasources.js';
import type { DashboardDefinition, DatasourceKind, PanelDefinition, QueryTarget, VariableDefinition } from '../../dashboards/types.js';

/**
 * The dashboard JSON schema version written. Grafana migrates older models on load; 39 is the
 * model of Grafana 10.4/11, which Grafana 13 (the pinned chart's app) reads without migration
 * surprises for the panel types used here.
 */
export const DASHBOARD_SCHEMA_VERSION = 39;

const GRID_WIDTH = 24;
const DEFAULT_HEIGHT = 8;

type Json = Record<string, unknown>;

function datasourceRef(kind: DatasourceKind): Json {
  return { type: kind, uid: DATASOURCE_UIDS[kind] };
}

function targetJson(target: QueryTarget): Json {
  const base: Json = { refId: target.refId, datasource: datasourceRef(target.datasource) };
  switch (target.datasource) {
    case 'prometheus':
      return {
        ...base,
        expr: target.expr,
        legendFormat: target.legend ?? '__auto',
        range: !target.instant,
        instant: target.instant === true,
        exemplar: target.exemplars === true,
      };
    case 'loki':
      return { ...base, expr: target.expr, legendFormat: target.legend ?? '', queryType: target.instant ? 'instant' : 'range' };
    case 'tempo':
      return target.tempoQueryType === 'serviceMap'
        ? { ...base, queryType: 'serviceMap', serviceMapQuery: target.expr }
        : { ...base, queryType: 'traceql', query: target.expr, limit: target.limit ?? 20, tableType: 'traces' };
  }
}

function fieldConfig(panel: PanelDefinition): Json {
  const defaults: Json = {};
  if (panel.unit) defaults['unit'] = panel.unit;
  if (panel.min !== undefined) defaults['min'] = panel.min;
  if (panel.max !== undefined) defaults['max'] = panel.max;
  if (panel.decimals !== undefined) defaults['decimals'] = panel.decimals;
  defaults['thresholds'] = { mode: 'absolute', steps: (panel.thresholds ?? [{ value: null, color: 'green' }]).map((s) => ({ color: s.color, value: s.value })) };
  defaults['color'] = { mode: panel.thresholds && panel.kind !== 'timeseries' ? 'thresholds' : 'palette-classic' };
  if (panel.kind === 'timeseries') {
    defaults['custom'] = {
      drawStyle: 'line',
      lineWidth: 1,
      fillOpacity: 10,
      showPoints: 'never',
      spanNulls: false,
      // Draw the thresholds the alert uses, so a reader sees where it fires.
      thresholdsStyle: { mode: panel.thresholds ? 'dashed' : 'off' },
    };
  }
  return { defaults, overrides: [] };
}

function options(panel: PanelDefinition): Json {
  switch (panel.kind) {
    case 'timeseries':
      return { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } };
    case 'stat':
    case 'bargauge':
      return {
        reduceOptions: { calcs: [panel.reduce?.calc ?? 'lastNotNull'], fields: panel.reduce?.field ? `/^${panel.reduce.field}$/` : '', values: false },
        colorMode: 'value',
        graphMode: panel.reduce?.field ? 'none' : 'area',
        textMode: 'auto',
        orientation: 'auto',
      };
    case 'table':
      return { showHeader: true, cellHeight: 'sm' };
    case 'logs':
      return { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true };
    case 'nodeGraph':
      return {};
    case 'alertlist':
      return {
        viewMode: 'list',
        groupMode: 'default',
        maxItems: 20,
        sortOrder: 1,
        stateFilter: { firing: true, pending: true, noData: true, normal: true, error: true },
        alertInstanceLabelFilter: panel.alertFilter ?? '',
        datasource: DATASOURCE_UIDS.loki,
      };
    case 'text':
      return { mode: 'markdown', content: panel.content ?? '' };
  }
}

function panelJson(panel: PanelDefinition, id: number, gridPos: Json): Json {
  const json: Json = { id, type: panel.kind, title: panel.title, description: panel.description, gridPos };
  const first = panel.targets[0];
  if (first) json['datasource'] = datasourceRef(first.datasource);
  if (panel.kind !== 'text' && panel.kind !== 'alertlist') {
    json['fieldConfig'] = fieldConfig(panel);
    json['targets'] = panel.targets.map(targetJson);
  }
  if (panel.minInterval) json['interval'] = panel.minInterval;
  json['options'] = options(panel);
  return json;
}

function variableJson(variable: VariableDefinition): Json {
  if (variable.kind === 'custom') {
    return {
      type: 'custom',
      name: variable.name,
      label: variable.label,
      query: variable.options.join(','),
      current: { text: variable.default, value: variable.default },
      options: variable.options.map((o) => ({ text: o, value: o, selected: o === variable.default })),
    };
  }
  const current = variable.default === '$__all' ? { text: 'All', value: '$__all' } : variable.default ? { text: variable.default, value: variable.default } : {};
  return {
    type: 'query',
    name: variable.name,
    label: variable.label,
    datasource: datasourceRef(variable.datasource),
    definition: variable.query,
    query: { query: variable.query, refId: `${variable.name}-query` },
    refresh: 2, // on time-range change, so new services appear without a reload
    sort: 1,
    multi: variable.multi,
    includeAll: variable.includeAll,
    current,
  };
}

/**
 * A Grafana dashboard JSON model for a definition: rows become row panels, panels are laid out
 * left to right on the 24-column grid, and every query names its data source by fixed UID.
 */
export function dashboardJson(definition: DashboardDefinition): Json {
  const panels: Json[] = [];
  let id = 1;
  let y = 0;
  for (const row of definition.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: GRID_WIDTH, x: 0, y }, panels: [] });
    y += 1;
    const unsized = row.panels.filter((p) => p.width === undefined).length;
    const sized = row.panels.reduce((sum, p) => sum + (p.width ?? 0), 0);
    const share = unsized > 0 ? Math.max(3, Math.floor((GRID_WIDTH - sized) / unsized)) : 0;
    let x = 0;
    let rowHeight = 0;
    for (const panel of row.panels) {
      const w = panel.width ?? share;
      const h = panel.height ?? DEFAULT_HEIGHT;
      if (x + w > GRID_WIDTH) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push(panelJson(panel, id++, { h, w, x, y }));
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return {
    uid: definition.uid,
    title: definition.title,
    description: definition.description,
    tags: [...definition.tags],
    timezone: 'browser',
    editable: false,
    graphTooltip: 1, // shared crosshair: hovering one panel marks the same time on the others
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    refresh: definition.refresh,
    time: { from: definition.from, to: 'now' },
    templating: { list: definition.variables.map(variableJson) },
    annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
    links: [],
    panels,
  };
}
