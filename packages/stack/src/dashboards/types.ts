/**
 * Dashboards as data. The Grafana renderer turns these into dashboard JSON for the Kubernetes
 * target, and the local console draws the same definitions, so a panel is described by what it
 * shows (queries, unit, thresholds), never by one tool's layout quirks.
 */

/** The three data sources every dashboard queries, by their fixed provisioning UIDs. */
export type DatasourceKind = 'prometheus' | 'loki' | 'tempo';

/** The language a query is written in, which decides how it is parsed and run. */
export type QueryLanguage = 'promql' | 'logql' | 'traceql';

/** One query of a panel. */
export interface QueryTarget {
  /** Stable id inside the panel (`A`, `B`, …). */
  readonly refId: string;
  readonly datasource: DatasourceKind;
  /**
   * The query. PromQL for `prometheus`, LogQL for `loki`, TraceQL for `tempo`; for a Tempo
   * `serviceMap` target, a PromQL label selector over the service-graph metrics.
   * Grafana variables (`$service`, `$__rate_interval`) are allowed.
   */
  readonly expr: string;
  /** Series name template, e.g. `{{route}}`. */
  readonly legend?: string;
  /** Evaluate once at the end of the range (stat panels) rather than over the range. */
  readonly instant?: boolean;
  /** Ask Prometheus for exemplars, so points link to the traces that produced them. */
  readonly exemplars?: boolean;
  /** For `tempo`: a TraceQL search (default) or the service map. */
  readonly tempoQueryType?: 'traceql' | 'serviceMap';
  /** For TraceQL searches: how many traces to list. */
  readonly limit?: number;
}

/** How a panel draws its data. */
export type PanelKind = 'timeseries' | 'stat' | 'bargauge' | 'table' | 'logs' | 'nodeGraph' | 'alertlist' | 'text';

/**
 * Display units, by their Grafana ids: requests/s, a 0–1 ratio shown as %, seconds, lines/s,
 * bytes/s, a plain count, a timestamp shown as "5 minutes ago".
 */
export type Unit = 'reqps' | 'percentunit' | 's' | 'cps' | 'Bps' | 'bytes' | 'short' | 'none' | 'dateTimeFromNow';

/** A colour step: from `value` upwards (the first step's value is null: "from -∞"). */
export interface ThresholdStep {
  readonly value: number | null;
  readonly color: 'green' | 'yellow' | 'orange' | 'red' | 'blue' | 'text';
}

/** One panel. */
export interface PanelDefinition {
  readonly title: string;
  readonly kind: PanelKind;
  /** What the panel answers, shown as its tooltip. */
  readonly description: string;
  readonly targets: readonly QueryTarget[];
  readonly unit?: Unit;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly thresholds?: readonly ThresholdStep[];
  /** For stat panels: which value to show. `lastNotNull` of the `Time` field shows when the series last had data. */
  readonly reduce?: { readonly calc: 'lastNotNull' | 'last' | 'sum' | 'max' | 'mean'; readonly field?: 'Time' };
  /** Smallest step between points, e.g. `1d` so a daily count is drawn once per day, not as a sliding window. */
  readonly minInterval?: string;
  /** Grid width out of 24; the row's panels share it evenly when left out. */
  readonly width?: number;
  /** Grid height in rows of 30 px; 8 when left out. */
  readonly height?: number;
  /** For `text` panels: Markdown. */
  readonly content?: string;
  /** For `alertlist` panels: only alerts whose labels match this selector, e.g. `{ola_category="auth_access"}`. */
  readonly alertFilter?: string;
}

/** A titled group of panels laid out left to right. */
export interface RowDefinition {
  readonly title: string;
  readonly panels: readonly PanelDefinition[];
}

/** A dashboard variable, picked at the top of the page. */
export type VariableDefinition =
  | {
      readonly kind: 'query';
      readonly name: string;
      readonly label: string;
      readonly datasource: 'prometheus';
      /** A Grafana `label_values(<selector>, <label>)` query. */
      readonly query: string;
      readonly multi: boolean;
      readonly includeAll: boolean;
      readonly default?: string;
    }
  | { readonly kind: 'custom'; readonly name: string; readonly label: string; readonly options: readonly string[]; readonly default: string };

/** A whole dashboard. */
export interface DashboardDefinition {
  /** Stable UID: links and the ConfigMap name derive from it. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Default time range, e.g. `now-6h`. */
  readonly from: string;
  /** Auto-refresh interval, e.g. `30s`. */
  readonly refresh: string;
  readonly variables: readonly VariableDefinition[];
  readonly rows: readonly RowDefinition[];
}

/** The language of a target, from its data source and query type. */
export function targetLanguage(target: Pick<QueryTarget, 'datasource' | 'tempoQueryType'>): QueryLanguage {
  if (target.datasource === 'loki') return 'logql';
  if (target.datasource === 'tempo') return target.tempoQueryType === 'serviceMap' ? 'promql' : 'traceql';
  return 'promql';
}
