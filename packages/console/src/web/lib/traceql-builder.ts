import { parseDuration } from './time-range.js';
import { parsePairs } from './url-state.js';

/*
 * The trace search form as TraceQL, as Grafana's Tempo search builder writes it: every field is
 * one condition of a single spanset filter.
 */

/** The search form's fields; empty strings are left out. */
export interface TraceSearchForm {
  readonly service: string;
  readonly name: string;
  /** Durations as typed: `100ms`, `1.5s`. */
  readonly minDuration: string;
  readonly maxDuration: string;
  /** `key=value` pairs separated by commas; a key without a scope is a span attribute. */
  readonly attrs: string;
}

const INTRINSICS = new Set(['name', 'status', 'kind', 'duration', 'statusMessage']);

/** A TraceQL static: numbers and booleans bare, everything else quoted. */
function staticValue(v: string): string {
  if (/^-?\d+(?:\.\d+)?$/.test(v) || v === 'true' || v === 'false') return v;
  if (['ok', 'error', 'unset'].includes(v) || ['server', 'client', 'internal', 'producer', 'consumer'].includes(v)) return v;
  return JSON.stringify(v);
}

function attrName(key: string): string {
  if (INTRINSICS.has(key) || /^(?:span|resource|event|link|instrumentation)?\./.test(key) || key.includes(':')) return key;
  return `span.${key}`;
}

function durationText(text: string): string {
  // Validates (throws a TimeRangeError that says what is accepted) and keeps the user's spelling.
  parseDuration(text);
  return text.trim();
}

/**
 * Builds the TraceQL of a search form; `{}` (every trace) when the form is empty.
 *
 * @example
 * ```ts
 * buildTraceQL({ service: 'trace-app', name: '', minDuration: '1s', maxDuration: '', attrs: 'http.route=/slow' });
 * // '{ resource.service.name = "trace-app" && duration >= 1s && span.http.route = "/slow" }'
 * ```
 */
export function buildTraceQL(form: TraceSearchForm): string {
  const conditions: string[] = [];
  if (form.service.trim()) conditions.push(`resource.service.name = ${JSON.stringify(form.service.trim())}`);
  if (form.name.trim()) conditions.push(`name = ${JSON.stringify(form.name.trim())}`);
  if (form.minDuration.trim()) conditions.push(`duration >= ${durationText(form.minDuration)}`);
  if (form.maxDuration.trim()) conditions.push(`duration <= ${durationText(form.maxDuration)}`);
  for (const { key, value } of parsePairs(form.attrs)) conditions.push(`${attrName(key)} = ${staticValue(value)}`);
  return conditions.length ? `{ ${conditions.join(' && ')} }` : '{}';
}
