import { formatFloatG } from '../../../promql/syntax/go-float.js';
import { formatGoTime, GoTime } from './go-time.js';

/**
 * Go values as `text/template` sees them. Go's types matter to templates (`div` is integer
 * division, a float prints as `%v`), so they are kept: `bigint` is an int64, `number` a float64,
 * {@link GoTime} a `time.Time`, `null` a nil interface, arrays and Maps what `fromJson` decodes,
 * and {@link StringMap} the `map[string]string` of labels Loki hands to templates.
 */
export type GoValue = string | bigint | number | boolean | null | GoTime | GoValue[] | Map<string, GoValue> | StringMap | typeof NO_VALUE;

/** What a missing key of a `map[string]interface{}` evaluates to; prints `<no value>`. */
export const NO_VALUE: unique symbol = Symbol('no value');

/** The labels map passed as the template's data: missing keys read as "" (Go's zero string). */
export class StringMap {
  constructor(readonly values: Readonly<Record<string, string>>) {}
}

/** A failure while executing a template: becomes `__error__="TemplateFormatErr"`. */
export class TemplateExecError extends Error {
  override readonly name = 'TemplateExecError';
}

/** Go's type name of a value, for error messages (`expected string; got int64`). */
export function goTypeName(v: GoValue): string {
  if (v === null || v === NO_VALUE) return 'nil';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof GoTime) return 'time.Time';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof StringMap) return 'map[string]string';
  return 'map[string]interface {}';
}

/** `fmt.Sprint` of one value (`%v`). */
export function formatValue(v: GoValue): string {
  if (v === NO_VALUE) return '<no value>';
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatG(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof GoTime) return formatGoTime(v, '2006-01-02 15:04:05.999999999 -0700 MST');
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (v instanceof StringMap) return `map[${Object.keys(v.values).sort().map((k) => `${k}:${v.values[k]}`).join(' ')}]`;
  return `map[${[...v.keys()].sort().map((k) => `${k}:${formatValue(v.get(k)!)}`).join(' ')}]`;
}

/** Go template truth: false, 0, nil, and empty strings, slices and maps are false. */
export function truth(v: GoValue): boolean {
  if (v === null || v === NO_VALUE) return false;
  switch (typeof v) {
    case 'string':
      return v !== '';
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'boolean':
      return v;
  }
  if (v instanceof GoTime) return true;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof StringMap) return Object.keys(v.values).length > 0;
  return v.size > 0;
}

/** Decodes JSON as Go's `encoding/json` into `interface{}`: numbers become float64, objects maps. */
export function fromJsonValue(x: unknown): GoValue {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') return x;
  if (Array.isArray(x)) return x.map(fromJsonValue);
  const m = new Map<string, GoValue>();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) m.set(k, fromJsonValue(v));
  return m;
}
