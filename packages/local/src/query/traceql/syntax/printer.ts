import type { Aggregate, FieldExpr, Static } from './ast.js';
import { formatGoDuration } from './lexical.js';

/** Attribute names printed bare; anything else is quoted, as the grammar requires to read it back. */
const BARE_NAME = /^[A-Za-z0-9_.\-/:]+$/;

/** A literal as TraceQL writes it (`"GET"`, `200`, `1.5s`, `error`, `nil`). */
export function formatStatic(s: Static): string {
  switch (s.type) {
    case 'string':
      return JSON.stringify(s.value);
    case 'duration':
      return formatGoDuration(s.value);
    case 'nil':
      return 'nil';
    default:
      return String(s.value);
  }
}

function operand(e: FieldExpr): string {
  return e.kind === 'binary' ? `(${formatField(e)})` : formatField(e);
}

/**
 * A field expression in canonical form. Tempo names spanset attributes after the expressions
 * that made them (`by(resource.service.name)`, `avg(duration)`), so this text reaches users.
 */
export function formatField(e: FieldExpr): string {
  switch (e.kind) {
    case 'static':
      return formatStatic(e.value);
    case 'intrinsic':
      return e.text;
    case 'attribute': {
      const name = BARE_NAME.test(e.name) ? e.name : JSON.stringify(e.name);
      const scoped = e.scope === 'none' ? `.${name}` : `${e.scope}.${name}`;
      return e.parent ? `parent${scoped.startsWith('.') ? '' : '.'}${scoped}` : scoped;
    }
    case 'unary':
      return `${e.op}${operand(e.expr)}`;
    case 'binary':
      return `${operand(e.lhs)} ${e.op} ${operand(e.rhs)}`;
  }
}

/** `count()`, `avg(duration)`, `max(span.bytes)`. */
export function formatAggregate(a: Aggregate): string {
  return `${a.op}(${a.expr ? formatField(a.expr) : ''})`;
}
