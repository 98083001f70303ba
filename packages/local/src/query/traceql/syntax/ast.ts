/**
 * The TraceQL abstract syntax tree, shaped like Tempo's `pkg/traceql/ast.go`: a root pipeline of
 * stages, spanset filters over field expressions, spanset operations (logical and structural),
 * scalar filters over aggregates, `by()`, `coalesce()` and `select()`.
 */

/** Span status as TraceQL names it. */
export type StatusName = 'error' | 'ok' | 'unset';
/** Span kind as TraceQL names it. */
export type KindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** A typed value: a literal of the query or what a field evaluates to on one span. Durations are nanoseconds. */
export type Static =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'duration'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'status'; readonly value: StatusName }
  | { readonly type: 'kind'; readonly value: KindName }
  | { readonly type: 'nil' };

/** Where an attribute is looked up. `none` (a leading `.`) means span first, then resource. */
export type AttributeScope = 'none' | 'span' | 'resource' | 'event' | 'link' | 'instrumentation';

/** Intrinsic fields, by the meaning they have whatever their spelling (`name` = `span:name`). */
export type Intrinsic =
  | 'name'
  | 'status'
  | 'statusMessage'
  | 'kind'
  | 'duration'
  | 'childCount'
  | 'spanID'
  | 'parentID'
  | 'rootName'
  | 'rootServiceName'
  | 'traceDuration'
  | 'traceID'
  | 'eventName'
  | 'eventTimeSinceStart'
  | 'linkTraceID'
  | 'linkSpanID'
  | 'instrumentationName'
  | 'instrumentationVersion';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';
export type LogicalOp = '&&' | '||';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

/** An expression evaluated on one span. */
export type FieldExpr =
  | { readonly kind: 'static'; readonly value: Static }
  | { readonly kind: 'intrinsic'; readonly intrinsic: Intrinsic; /** As written: `name`, `span:name`. */ readonly text: string }
  | { readonly kind: 'attribute'; readonly scope: AttributeScope; /** `parent.` prefix: read the parent span's attribute. */ readonly parent: boolean; readonly name: string }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly lhs: FieldExpr; readonly rhs: FieldExpr }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly expr: FieldExpr };

/** Operators between spansets: `&&`, `||` and the structural ones (plain, negated `!`, union `&`). */
export type SpansetOp =
  | '&&'
  | '||'
  | '>'
  | '<'
  | '>>'
  | '<<'
  | '~'
  | '!>'
  | '!<'
  | '!>>'
  | '!<<'
  | '!~'
  | '&>'
  | '&<'
  | '&>>'
  | '&<<'
  | '&~';

/** `{ ... }`: the spans of each spanset for which the expression is true. `{}` keeps every span. */
export interface SpansetFilter {
  readonly kind: 'filter';
  readonly expr: FieldExpr | undefined;
}

/** `lhs op rhs` between spansets, evaluated per input spanset. */
export interface SpansetOperation {
  readonly kind: 'spansetOp';
  readonly op: SpansetOp;
  readonly lhs: SpansetNode;
  readonly rhs: SpansetNode;
}

/** Stages separated by `|`; each takes the spansets the previous one produced. */
export interface Pipeline {
  readonly kind: 'pipeline';
  readonly stages: readonly Stage[];
}

export type SpansetNode = SpansetFilter | SpansetOperation | Pipeline;

export type AggregateOp = 'count' | 'avg' | 'min' | 'max' | 'sum';

/** `count()`, `avg(duration)`, ...: one value per spanset. */
export interface Aggregate {
  readonly op: AggregateOp;
  /** Undefined for `count()`. */
  readonly expr: FieldExpr | undefined;
}

/** `| count() > 2`: keeps the spansets whose aggregate compares true with the literal. */
export interface ScalarFilter {
  readonly kind: 'scalarFilter';
  readonly op: '=' | '!=' | '>' | '>=' | '<' | '<=';
  readonly aggregate: Aggregate;
  readonly value: Static;
}

/** `| by(expr)`: splits each spanset into one per value of the expression. */
export interface GroupBy {
  readonly kind: 'by';
  readonly expr: FieldExpr;
}

/** `| coalesce()`: merges a trace's spansets back into one. */
export interface Coalesce {
  readonly kind: 'coalesce';
}

/** `| select(a, b)`: returns these fields with every matched span. */
export interface Select {
  readonly kind: 'select';
  readonly exprs: readonly FieldExpr[];
}

export type Stage = SpansetNode | ScalarFilter | GroupBy | Coalesce | Select;

/** A parsed query: the pipeline run on every trace, and the text it came from. */
export interface TraceQLQuery {
  readonly query: string;
  readonly root: Pipeline;
}
