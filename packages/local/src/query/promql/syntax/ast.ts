import type { LabelMatcher } from '../../../model/labels.js';

/** The four PromQL value types, as Prometheus' parser names them internally. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Byte offsets of a node in the query text: `[start, end)`. */
export interface PosRange {
  readonly start: number;
  readonly end: number;
}

/** `@ <time>`, `@ start()` or `@ end()`; `time` is milliseconds since the epoch. */
export type AtModifier = { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'start' } | { readonly kind: 'end' };

/** A number (durations in number position count as their seconds). */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  readonly pos: PosRange;
}

/** A string literal, unquoted. */
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly pos: PosRange;
}

/**
 * `metric{label="value"}`: the metric name, when given, is also one of `matchers` (as `__name__=`),
 * as in Prometheus, so evaluation only ever looks at `matchers`.
 */
export interface VectorSelector {
  readonly kind: 'vectorSelector';
  readonly name: string | undefined;
  readonly matchers: readonly LabelMatcher[];
  readonly offsetMs: number;
  readonly at: AtModifier | undefined;
  readonly pos: PosRange;
}

/** `selector[range]`; `offset` and `@` live on the inner selector, as in Prometheus. */
export interface MatrixSelector {
  readonly kind: 'matrixSelector';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
  readonly pos: PosRange;
}

/** `expr[range:step]`; `stepMs` is 0 when the step is left out (the engine's default interval then). */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly rangeMs: number;
  readonly stepMs: number;
  readonly offsetMs: number;
  readonly at: AtModifier | undefined;
  readonly pos: PosRange;
}

/** A function call; `func` names a row of `FUNCTION_SIGNATURES`. */
export interface Call {
  readonly kind: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: PosRange;
}

/** Aggregation operators (`limitk` and `limit_ratio` are experimental). */
export type AggregateOp = 'sum' | 'avg' | 'count' | 'min' | 'max' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'quantile' | 'count_values' | 'limitk' | 'limit_ratio';

/** `sum by (job) (x)`, `topk(3, x)`, ... */
export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** The parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio. */
  readonly param: Expr | undefined;
  readonly grouping: readonly string[];
  readonly without: boolean;
  /** True when `by`/`without` was written (even with an empty list), for printing. */
  readonly hasModifier: boolean;
  readonly pos: PosRange;
}

/** Operators that compute a value. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
/** Operators that filter (or give 0/1 with `bool`). */
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
/** Operators between label sets. */
export type SetOp = 'and' | 'or' | 'unless';
/** Every binary operator. */
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** How the two sides of a vector/vector operation are matched. */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** `on(...)` (true) or `ignoring(...)` (false). */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** Labels copied from the "one" side with `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
}

/** `lhs op [bool] [on|ignoring (...)] [group_left|group_right (...)] rhs`. */
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Present only when both sides are instant vectors. */
  readonly matching: VectorMatching | undefined;
  readonly pos: PosRange;
}

/** `-x` (and the no-op `+x`). */
export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '+' | '-';
  readonly expr: Expr;
  readonly pos: PosRange;
}

/** `(x)`, kept so printing and `absent()` see what was written. */
export interface ParenExpr {
  readonly kind: 'paren';
  readonly expr: Expr;
  readonly pos: PosRange;
}

/** A parsed PromQL expression. */
export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | SubqueryExpr | Call | AggregateExpr | BinaryExpr | UnaryExpr | ParenExpr;

const COMPARISON_OPS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);

/** True for `==`, `!=`, `>`, `<`, `>=`, `<=`. */
export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return COMPARISON_OPS.has(op);
}

/** True for `and`, `or`, `unless`. */
export function isSetOp(op: BinaryOp): op is SetOp {
  return SET_OPS.has(op);
}

/** Every vector selector of an expression (those inside range selectors too), in source order. */
export function selectorsOf(e: Expr, out: VectorSelector[] = []): VectorSelector[] {
  switch (e.kind) {
    case 'vectorSelector':
      out.push(e);
      break;
    case 'matrixSelector':
      out.push(e.selector);
      break;
    case 'subquery':
    case 'paren':
    case 'unary':
      selectorsOf(e.expr, out);
      break;
    case 'aggregate':
      selectorsOf(e.expr, out);
      if (e.param) selectorsOf(e.param, out);
      break;
    case 'call':
      e.args.forEach((a) => selectorsOf(a, out));
      break;
    case 'binary':
      selectorsOf(e.lhs, out);
      selectorsOf(e.rhs, out);
      break;
    default:
      break;
  }
  return out;
}
