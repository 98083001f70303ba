import type { Expr, ValueType } from './ast.js';
import { FUNCTION_SIGNATURES } from './functions.js';

/** The value type an expression evaluates to, as Prometheus' `Expr.Type()`. */
export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'call':
      return FUNCTION_SIGNATURES.get(e.func)?.returnType ?? 'vector';
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(e.expr);
  }
}

const DOCUMENTED: Readonly<Record<string, string>> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };

/** The name Prometheus uses for a type in messages: "instant vector", "range vector", "scalar", "string". */
export function describeType(t: string): string {
  return DOCUMENTED[t] ?? t;
}
