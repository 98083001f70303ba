import { isPlainObject } from './key-spec.js';

/**
 * Helm's coalescing of a release's values over the chart's defaults: maps merge key by key,
 * anything else (lists included) replaces the default, and an explicit `null` deletes it.
 */
export function coalesceValues(defaults: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    const base = out[key];
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(base)) out[key] = coalesceValues(base, value);
    else out[key] = value;
  }
  return out;
}
