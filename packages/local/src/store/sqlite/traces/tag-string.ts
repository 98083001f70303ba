import { anyValueToJs, type AnyValue } from '../../../model/spans.js';

/** The string form attribute filters and tag values compare, the same in every store. */
export function attributeString(value: AnyValue): string {
  // Strings are nearly every attribute: skip the generic conversion for them.
  if ('stringValue' in value) return value.stringValue;
  return String(anyValueToJs(value));
}

/** Tag values longer than this are not kept in the tag index (Tempo caps them too); spans keep them. */
export const MAX_TAG_VALUE_LENGTH = 1024;

/** Scope numbers in the span_tags table. */
export const SCOPE_SPAN = 0;
export const SCOPE_RESOURCE = 1;

/**
 * The tag index is written again for a value only when it is seen this long (ns) outside its
 * recorded range, so a row's last_ns can lag the newest sighting by up to this much: readers widen
 * their ranges by it.
 */
export const TAG_REFRESH_NS = 60_000_000_000n;
