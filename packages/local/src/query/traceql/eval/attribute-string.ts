import { anyValueToJs, findAttribute, type AnyValue } from '../../../model/spans.js';
import type { SpanView } from './trace-context.js';

/** The text form stores compare attribute filters on (`500` for an int 500): the same in every store. */
export function attributeText(value: AnyValue): string {
  return String(anyValueToJs(value));
}

/** A span attribute (or, failing that, resource attribute) as text, as tag searches compare it. */
export function attributeStringOf(s: SpanView, key: string): string | undefined {
  const v = findAttribute(s.rec.attributes, key) ?? findAttribute(s.rec.resource, key);
  return v === undefined ? undefined : attributeText(v);
}
