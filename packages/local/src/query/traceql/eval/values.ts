import type { AnyValue } from '../../../model/spans.js';
import type { BinaryOp, KindName, Static, StatusName } from '../syntax/ast.js';
import { formatGoDuration } from '../syntax/lexical.js';
import { binaryTypesValid, isMatchingOperand } from '../syntax/validate.js';
import { compileTraceQLRegex } from '../syntax/regex.js';

/** What a field evaluates to on a span: a typed scalar, or an array attribute. */
export type Value = Static | { readonly type: 'array'; readonly elems: readonly Static[] };

export const NIL: Static = { type: 'nil' };
export const TRUE: Static = { type: 'bool', value: true };
export const FALSE: Static = { type: 'bool', value: false };

/** OTLP status codes to TraceQL's names. */
export const STATUS_BY_CODE: readonly StatusName[] = ['unset', 'ok', 'error'];
/** OTLP span kinds to TraceQL's names. */
export const KIND_BY_CODE: readonly KindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** A stored attribute value as a TraceQL value (int64 beyond 2^53 loses precision, as a float64 would in Go). */
export function fromAnyValue(v: AnyValue | undefined): Value {
  if (v === undefined) return NIL;
  if ('stringValue' in v) return { type: 'string', value: v.stringValue };
  if ('intValue' in v) return { type: 'int', value: Number(v.intValue) };
  if ('doubleValue' in v) return { type: 'float', value: v.doubleValue };
  if ('boolValue' in v) return { type: 'bool', value: v.boolValue };
  if ('bytesValue' in v) return { type: 'string', value: v.bytesValue };
  if ('arrayValue' in v) {
    const elems = v.arrayValue.values.map(fromAnyValue).filter((e): e is Static => e.type !== 'array' && e.type !== 'nil');
    return { type: 'array', elems };
  }
  return NIL;
}

/** A value as OTLP/JSON's AnyValue, the way Tempo's `Static.asAnyValue` renders it in search results. */
export function toAnyValue(v: Value): AnyValue {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'int':
      return { intValue: String(v.value) };
    case 'float':
      return { doubleValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'duration':
      return { stringValue: formatGoDuration(v.value) };
    case 'status':
    case 'kind':
      return { stringValue: v.value };
    case 'nil':
      return { stringValue: 'nil' };
    case 'array':
      return { arrayValue: { values: v.elems.map(toAnyValue) } };
  }
}

function isNumeric(v: Value): v is Extract<Static, { type: 'int' | 'float' | 'duration' }> {
  return v.type === 'int' || v.type === 'float' || v.type === 'duration';
}

/** A number for comparison and arithmetic: durations in nanoseconds. */
export function asFloat(v: Value): number {
  return isNumeric(v) ? v.value : NaN;
}

/** Tempo's `Static.Equals`: same type by value, numbers across int/float/duration numerically. */
export function valuesEqual(a: Static, b: Static): boolean {
  if (isNumeric(a) && isNumeric(b)) return a.value === b.value;
  if (a.type !== b.type) return false;
  if (a.type === 'nil') return true;
  return (a as { value: unknown }).value === (b as { value: unknown }).value;
}

/** Orders two values for min/max: numbers numerically, strings lexically; 0 when incomparable. */
export function compareValues(a: Static, b: Static): number {
  if (isNumeric(a) && isNumeric(b)) return a.value - b.value;
  if (a.type === 'string' && b.type === 'string') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return 0;
}

function intResult(op: BinaryOp, a: number, b: number): Static | undefined {
  switch (op) {
    case '+':
      return { type: 'int', value: a + b };
    case '-':
      return { type: 'int', value: a - b };
    case '*':
      return { type: 'int', value: a * b };
    case '/':
      return b === 0 ? NIL : { type: 'int', value: Math.trunc(a / b) };
    case '%':
      return b === 0 ? NIL : { type: 'int', value: a % b };
    case '^':
      return { type: 'int', value: Math.trunc(a ** b) };
    default:
      return undefined;
  }
}

function compare(op: BinaryOp, c: number): Static {
  switch (op) {
    case '>':
      return { type: 'bool', value: c > 0 };
    case '>=':
      return { type: 'bool', value: c >= 0 };
    case '<':
      return { type: 'bool', value: c < 0 };
    default:
      return { type: 'bool', value: c <= 0 };
  }
}

/**
 * One binary operation on two scalars, as Tempo's `BinaryOperation.execute`: mismatched or
 * invalid operand types give `false` (the span simply does not match), strings compare and
 * match regexes, ints stay ints, everything else numeric is computed as float.
 */
export function binaryScalar(op: BinaryOp, l: Static, r: Static): Static {
  if (!isMatchingOperand(l.type, r.type) || !binaryTypesValid(op, l.type, r.type)) return FALSE;
  if (l.type === 'string' && r.type === 'string') {
    if (op === '=~' || op === '!~') return { type: 'bool', value: compileTraceQLRegex(r.value).test(l.value) === (op === '=~') };
    if (op === '>' || op === '>=' || op === '<' || op === '<=') return compare(op, l.value < r.value ? -1 : l.value > r.value ? 1 : 0);
  }
  if (l.type === 'int' && r.type === 'int') {
    const res = intResult(op, l.value, r.value);
    if (res) return res;
  }
  if (l.type === 'bool' && r.type === 'bool') {
    if (op === '&&') return { type: 'bool', value: l.value && r.value };
    if (op === '||') return { type: 'bool', value: l.value || r.value };
  }
  const a = asFloat(l);
  const b = asFloat(r);
  switch (op) {
    case '+':
      return { type: 'float', value: a + b };
    case '-':
      return { type: 'float', value: a - b };
    case '*':
      return { type: 'float', value: a * b };
    case '/':
      return { type: 'float', value: a / b };
    case '%':
      return { type: 'float', value: a % b };
    case '^':
      return { type: 'float', value: a ** b };
    case '>':
    case '>=':
    case '<':
    case '<=':
      return compare(op, a - b);
    case '=':
      return { type: 'bool', value: valuesEqual(l, r) };
    case '!=':
      return { type: 'bool', value: !valuesEqual(l, r) };
    default:
      return FALSE;
  }
}

/** Flips a comparison so that `array op scalar` can be evaluated as `scalar op' element`. */
const FLIPPED: Partial<Record<BinaryOp, BinaryOp>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/**
 * A binary operation where either side may be an array attribute: an element-wise test that
 * holds for any element (`=`, `=~`, `<` ...) or, for `!=` and `!~`, for every element (Tempo's
 * "not in" / "match none" semantics).
 */
export function binaryValue(op: BinaryOp, l: Value, r: Value): Static {
  if (l.type !== 'array' && r.type !== 'array') return binaryScalar(op, l, r);
  if (l.type === 'array' && r.type === 'array') return FALSE;
  const arrayLeft = l.type === 'array';
  const elems = (arrayLeft ? l : r) as { elems: readonly Static[] };
  const scalar = (arrayLeft ? r : l) as Static;
  const all = op === '!=' || op === '!~';
  for (const e of elems.elems) {
    // Regexes keep their pattern on the right; ordered comparisons flip with their operands.
    const res = op === '=~' || op === '!~' ? binaryScalar(op, arrayLeft ? e : scalar, arrayLeft ? scalar : e) : binaryScalar(arrayLeft ? (FLIPPED[op] ?? op) : op, scalar, e);
    const hit = res.type === 'bool' && res.value;
    if (all && !hit) return FALSE;
    if (!all && hit) return TRUE;
  }
  return all && elems.elems.length > 0 ? TRUE : FALSE;
}
