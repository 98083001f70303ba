import type { Expr } from '../../alloy/syntax/ast.js';

/** A Go duration as Alloy parses one (`"90s"`, `"1h30m"`, `"2.5s"`, `"0"`). */
const DURATION = /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$/;

function describe(expr: Expr): string {
  switch (expr.kind) {
    case 'string':
      return `the string ${JSON.stringify(expr.value)}`;
    case 'number':
      return `the number ${expr.text}`;
    case 'bool':
      return `\`${String(expr.value)}\``;
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    default:
      return expr.kind;
  }
}

function inner(type: string, prefix: string): string | undefined {
  return type.startsWith(`${prefix}(`) && type.endsWith(')') ? type.slice(prefix.length + 1, -1) : undefined;
}

/**
 * Why a literal value cannot be assigned to an argument of `type`, or undefined when it can (or
 * when the value is computed: references and calls are typed only when Alloy evaluates them).
 * Follows types_and_values.md and operators.md "Assignment": `null` fits anything, a number fits a
 * string, a numeric string fits a number, and receivers, rules and capsules are never literals.
 */
export function typeMismatch(type: string, expr: Expr): string | undefined {
  const literal = expr.kind === 'string' || expr.kind === 'number' || expr.kind === 'bool' || expr.kind === 'array' || expr.kind === 'object';
  if (!literal || type === 'any') return undefined;
  const element = inner(type, 'list');
  if (element !== undefined) {
    if (expr.kind !== 'array') return `expects ${type}, got ${describe(expr)}`;
    for (const item of expr.elements) {
      const problem = typeMismatch(element, item);
      if (problem) return `${problem} (in the list)`;
    }
    return undefined;
  }
  const value = inner(type, 'map');
  if (value !== undefined) {
    if (expr.kind !== 'object') return `expects ${type}, got ${describe(expr)}`;
    for (const field of expr.fields) {
      const problem = typeMismatch(value, field.value);
      if (problem) return `${problem} (at key ${JSON.stringify(field.key)})`;
    }
    return undefined;
  }
  switch (type) {
    case 'string':
    case 'secret':
      return expr.kind === 'string' || expr.kind === 'number' ? undefined : `expects a ${type}, got ${describe(expr)}`;
    case 'duration':
      if (expr.kind !== 'string') return `expects a duration string such as "30s", got ${describe(expr)}`;
      return DURATION.test(expr.value) ? undefined : `${JSON.stringify(expr.value)} is not a duration: write it like "500ms", "30s" or "1h30m"`;
    case 'number':
    case 'int':
    case 'uint':
    case 'float':
    case 'float64':
      if (expr.kind === 'number') return type === 'uint' && expr.value < 0 ? `expects a non-negative number, got ${expr.text}` : undefined;
      if (expr.kind === 'string' && expr.value.trim() !== '' && Number.isFinite(Number(expr.value))) return undefined;
      return `expects a number, got ${describe(expr)}`;
    case 'bool':
    case 'boolean':
      return expr.kind === 'bool' ? undefined : `expects true or false, got ${describe(expr)}`;
    default:
      // Receivers, relabel rules, consumers and capsules are exports of other components.
      return `expects a ${type} (an export of another component), got ${describe(expr)}`;
  }
}
