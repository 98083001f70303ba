import type { LabelMatcher } from '../../../model/labels.js';

/**
 * The LogQL abstract syntax tree, as Loki's `pkg/logql/syntax` models it: a query is either a log
 * query (a stream selector and a pipeline) or a metric query (range aggregations over log ranges,
 * vector aggregations, binary operations, literals). Durations are nanoseconds as numbers: every
 * range LogQL allows (years at most) is far below 2^53 ns.
 */
export type LogQLExpr = LogSelectorExpr | MetricExpr;

/** `{app="a"} |= "x" | json`: the stream matchers and the pipeline run on each line. */
export interface LogSelectorExpr {
  readonly kind: 'log';
  readonly matchers: readonly LabelMatcher[];
  readonly stages: readonly Stage[];
}

/** Line filter operators: contains, not contains, regex, not regex, pattern, not pattern. */
export type LineFilterOp = '|=' | '!=' | '|~' | '!~' | '|>' | '!>';

/**
 * One line filter. `values` has more than one entry for an `or` chain: `|= "a" or "b"` keeps
 * lines containing either, `!= "a" or "b"` keeps lines containing neither (Loki's semantics).
 */
export interface LineFilter {
  readonly op: LineFilterOp;
  readonly values: readonly string[];
}

/** Comparison operators of numeric, duration and bytes label filters (`=` and `==` both mean equal). */
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** A label filter predicate tree (`| status >= 400 and method="GET"`). */
export type LabelFilterExpr =
  | { readonly kind: 'string'; readonly matcher: LabelMatcher }
  | { readonly kind: 'number'; readonly name: string; readonly op: CompareOp; readonly value: number }
  /** `value` in seconds; the label is parsed as a Go duration. */
  | { readonly kind: 'duration'; readonly name: string; readonly op: CompareOp; readonly value: number; readonly text: string }
  /** `value` in bytes; the label is parsed as a humanized size (`20MB`, `1.5KiB`). */
  | { readonly kind: 'bytes'; readonly name: string; readonly op: CompareOp; readonly value: number; readonly text: string }
  | { readonly kind: 'and' | 'or'; readonly left: LabelFilterExpr; readonly right: LabelFilterExpr };

/** `name` or `name="path"` of `| json` / `| logfmt` with parameters. */
export interface LabelExtraction {
  readonly name: string;
  /** The JSON path or logfmt key; equals `name` when written bare. */
  readonly expression: string;
}

/** `dst=src` renames; `dst="{{ template }}"` formats. */
export type LabelFormatItem = { readonly dst: string; readonly rename: true; readonly src: string } | { readonly dst: string; readonly rename: false; readonly template: string };

/** `drop name` or `drop name="value"` (then only dropped when the matcher holds). */
export type LabelRef = { readonly name: string; readonly matcher?: LabelMatcher };

/** One pipeline stage. */
export type Stage =
  | { readonly kind: 'line_filter'; readonly filter: LineFilter }
  | { readonly kind: 'json'; readonly params: readonly LabelExtraction[] }
  | { readonly kind: 'logfmt'; readonly strict: boolean; readonly keepEmpty: boolean; readonly params: readonly LabelExtraction[] }
  | { readonly kind: 'regexp'; readonly pattern: string }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'unpack' }
  | { readonly kind: 'label_filter'; readonly filter: LabelFilterExpr }
  | { readonly kind: 'line_format'; readonly template: string }
  | { readonly kind: 'label_format'; readonly items: readonly LabelFormatItem[] }
  | { readonly kind: 'decolorize' }
  | { readonly kind: 'drop'; readonly labels: readonly LabelRef[] }
  | { readonly kind: 'keep'; readonly labels: readonly LabelRef[] };

/** `| unwrap latency`, `| unwrap duration(latency)`, with the label filters that follow it. */
export interface Unwrap {
  readonly label: string;
  readonly conversion: 'float' | 'duration' | 'duration_seconds' | 'bytes';
  readonly postFilters: readonly LabelFilterExpr[];
}

/** `{...} | pipeline [5m] offset 1m` inside a range aggregation. */
export interface LogRange {
  readonly selector: LogSelectorExpr;
  readonly rangeNs: number;
  readonly offsetNs: number;
  readonly unwrap?: Unwrap;
}

export type RangeOp =
  | 'count_over_time'
  | 'rate'
  | 'rate_counter'
  | 'bytes_over_time'
  | 'bytes_rate'
  | 'avg_over_time'
  | 'sum_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'stddev_over_time'
  | 'stdvar_over_time'
  | 'quantile_over_time'
  | 'first_over_time'
  | 'last_over_time'
  | 'absent_over_time';

export type VectorOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'sort' | 'sort_desc';

/** `by (a, b)` or `without (a)`; an aggregation written without one groups everything into one series. */
export interface Grouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '>=' | '<' | '<=' | 'and' | 'or' | 'unless';

/** `on(a) group_left(b)` and friends. */
export interface VectorMatching {
  readonly on: boolean;
  readonly labels: readonly string[];
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** Labels copied from the "one" side by `group_left(...)` / `group_right(...)`. */
  readonly include: readonly string[];
}

export type MetricExpr =
  | { readonly kind: 'range_agg'; readonly op: RangeOp; readonly param?: number; readonly range: LogRange; readonly grouping?: Grouping }
  | { readonly kind: 'vector_agg'; readonly op: VectorOp; readonly param?: number; readonly grouping: Grouping; readonly expr: MetricExpr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly bool: boolean; readonly matching?: VectorMatching; readonly lhs: MetricExpr; readonly rhs: MetricExpr }
  | { readonly kind: 'literal'; readonly value: number }
  | { readonly kind: 'vector'; readonly value: number }
  | { readonly kind: 'label_replace'; readonly expr: MetricExpr; readonly dst: string; readonly replacement: string; readonly src: string; readonly regex: string };

/** True for the operators that compare (and filter unless `bool` is given). */
export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '>=' || op === '<' || op === '<=';
}

/** True for the set operators, which take two vectors and never literals. */
export function isSetOperator(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}

/** Every log selector of a query (one for a log query, one per range aggregation otherwise). */
export function selectorsOf(expr: LogQLExpr): LogSelectorExpr[] {
  switch (expr.kind) {
    case 'log':
      return [expr];
    case 'range_agg':
      return [expr.range.selector];
    case 'vector_agg':
    case 'label_replace':
      return selectorsOf(expr.expr);
    case 'binary':
      return [...selectorsOf(expr.lhs), ...selectorsOf(expr.rhs)];
    case 'literal':
    case 'vector':
      return [];
  }
}
