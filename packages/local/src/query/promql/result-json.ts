import type { Labels } from '../../model/labels.js';
import type { QueryValue } from './eval/engine.js';
import { formatFloatF } from './syntax/go-float.js';

/**
 * Prometheus' JSON encoding of query results, byte for byte where it matters to clients:
 * values are strings in Go's shortest `'f'` format (`"NaN"`, `"+Inf"`), sample timestamps are
 * seconds with exactly three decimals unless whole (`1.500`, `17`), scalar and string results
 * carry the time as a plain JSON number, and strings escape `<`, `>`, `&` like Go's encoder.
 */

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

/** A JSON string literal as Go's encoding/json writes it (HTML-safe). */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A label set as a JSON object with names in sorted order. */
export function labelsJson(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${jsonString(names[i]!)}:${jsonString(labels[names[i]!]!)}`;
  }
  return `${out}}`;
}

/** Prometheus' `marshalTimestamp`: ms as seconds, three decimals when there is a fraction. */
export function timestampJson(ms: number): string {
  const negative = ms < 0;
  const abs = Math.abs(ms);
  const seconds = Math.trunc(abs / 1000);
  const fraction = abs - seconds * 1000;
  const text = fraction === 0 ? String(seconds) : `${seconds}.${String(Math.round(fraction)).padStart(3, '0')}`;
  return negative ? `-${text}` : text;
}

function pointJson(t: number, v: number): string {
  return `[${timestampJson(t)},"${formatFloatF(v)}"]`;
}

/** The `data` member of a `/api/v1/query` or `/api/v1/query_range` answer. */
export function queryValueJson(value: QueryValue): string {
  switch (value.resultType) {
    case 'scalar':
      return `{"resultType":"scalar","result":[${JSON.stringify(value.t / 1000)},"${formatFloatF(value.v)}"]}`;
    case 'string':
      return `{"resultType":"string","result":[${JSON.stringify(value.t / 1000)},${jsonString(value.v)}]}`;
    case 'vector':
      return `{"resultType":"vector","result":[${value.result.map((s) => `{"metric":${labelsJson(s.metric)},"value":${pointJson(s.t, s.v)}}`).join(',')}]}`;
    case 'matrix':
      return `{"resultType":"matrix","result":[${value.result.map((s) => `{"metric":${labelsJson(s.metric)},"values":[${s.points.map(([t, v]) => pointJson(t, v)).join(',')}]}`).join(',')}]}`;
  }
}
