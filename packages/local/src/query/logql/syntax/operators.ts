/** LogQL's operator tables (names in the lezer tree to AST operators), their precedence and Loki's unwrap/grouping rules. */
import type { BinaryOp, RangeOp, VectorOp } from './ast.js';

export const RANGE_OPS: Readonly<Record<string, RangeOp>> = {
  CountOverTime: 'count_over_time',
  Rate: 'rate',
  RateCounter: 'rate_counter',
  BytesOverTime: 'bytes_over_time',
  BytesRate: 'bytes_rate',
  AvgOverTime: 'avg_over_time',
  SumOverTime: 'sum_over_time',
  MinOverTime: 'min_over_time',
  MaxOverTime: 'max_over_time',
  StddevOverTime: 'stddev_over_time',
  StdvarOverTime: 'stdvar_over_time',
  QuantileOverTime: 'quantile_over_time',
  FirstOverTime: 'first_over_time',
  LastOverTime: 'last_over_time',
  AbsentOverTime: 'absent_over_time',
};

export const VECTOR_OPS: Readonly<Record<string, VectorOp>> = {
  Sum: 'sum',
  Avg: 'avg',
  Min: 'min',
  Max: 'max',
  Count: 'count',
  Stddev: 'stddev',
  Stdvar: 'stdvar',
  Topk: 'topk',
  Bottomk: 'bottomk',
  Sort: 'sort',
  Sort_Desc: 'sort_desc',
};

export const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Or: 'or',
  And: 'and',
  Unless: 'unless',
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
};

/**
 * Precedence as in Loki's grammar (`expr.y`), lowest first; `^` is right-associative. The lezer
 * grammar does not encode it (it reads `1 + 2 * 3` as `(1 + 2) * 3`), so binary chains are
 * flattened and rebuilt here.
 */
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '>=': 3,
  '<': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};

/** Range operations that need `| unwrap`, and those that must not have it (Loki's `validate()`). */
export const NEEDS_UNWRAP = new Set<RangeOp>(['avg_over_time', 'sum_over_time', 'min_over_time', 'max_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'first_over_time', 'last_over_time', 'rate_counter']);
export const ALLOWS_UNWRAP = new Set<RangeOp>([...NEEDS_UNWRAP, 'rate', 'absent_over_time']);
export const ALLOWS_GROUPING = new Set<RangeOp>(['avg_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'rate', 'rate_counter', 'max_over_time', 'min_over_time', 'first_over_time', 'last_over_time']);

/**
 * Loki's `mergeBinOp` on two floats: the arithmetic, or for a comparison 1 or 0 (which a filter
 * comparison turns into keep or drop); division and modulo by zero give NaN. The parser folds two
 * literals with it (`reduceBinOp`) and the evaluator applies it sample by sample.
 */
export function applyBinaryOp(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? NaN : a / b;
    case '%':
      return b === 0 ? NaN : a % b;
    case '^':
      return Math.pow(a, b);
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    default:
      return NaN;
  }
}
