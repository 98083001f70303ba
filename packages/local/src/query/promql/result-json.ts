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

/** Timestamps repeat across the series of a matrix (they are the steps): format each once. */
class TimestampCache {
  private readonly cache = new Map<number, string>();
  get(ms: number): string {
    let s = this.cache.get(ms);
    if (s === undefined) {
      s = timestampJson(ms);
      if (this.cache.size < 100_000) this.cache.set(ms, s);
    }
    return s;
  }
}

/**
 * Collects JSON as UTF-8 bytes in one growing buffer with its own ArrayBuffer, so a worker
 * thread can hand a large answer to the HTTP thread without copying it (a transfer), and no
 * string of the whole answer is ever built.
 */
export class JsonBytes {
  private buf = Buffer.allocUnsafeSlow(64 * 1024);
  private len = 0;

  write(s: string): void {
    const max = this.len + s.length * 3;
    if (max > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(max, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.len += this.buf.write(s, this.len);
  }

  /** The bytes written (a view on a buffer that owns its ArrayBuffer: transferable). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.len);
  }
}

function writeValue(out: JsonBytes, value: QueryValue): void {
  switch (value.resultType) {
    case 'scalar':
    case 'string':
      out.write(queryValueJson(value));
      return;
    case 'vector': {
      out.write('{"resultType":"vector","result":[');
      const ts = value.result.length ? timestampJson(value.result[0]!.t) : '';
      let chunk = '';
      value.result.forEach((s, i) => {
        chunk += `${i ? ',' : ''}{"metric":${labelsJson(s.metric)},"value":[${s.t === value.result[0]!.t ? ts : timestampJson(s.t)},"${formatFloatF(s.v)}"]}`;
        if (chunk.length > 16_384) {
          out.write(chunk);
          chunk = '';
        }
      });
      out.write(`${chunk}]}`);
      return;
    }
    case 'matrix': {
      out.write('{"resultType":"matrix","result":[');
      const times = new TimestampCache();
      value.result.forEach((s, i) => {
        const parts: string[] = new Array<string>(s.t.length);
        for (let k = 0; k < s.t.length; k++) parts[k] = `[${times.get(s.t[k]!)},"${formatFloatF(s.v[k]!)}"]`;
        out.write(`${i ? ',' : ''}{"metric":${labelsJson(s.metric)},"values":[${parts.join(',')}]}`);
      });
      out.write(']}');
      return;
    }
  }
}

/**
 * The whole `/api/v1/query` (or `query_range`) success body as bytes:
 * `{"status":"success","data":{...},"warnings":[...],"infos":[...]}`.
 */
export function encodeQueryResponse(value: QueryValue, warnings: readonly string[], infos: readonly string[]): Uint8Array {
  const out = new JsonBytes();
  out.write('{"status":"success","data":');
  writeValue(out, value);
  if (warnings.length) out.write(`,"warnings":[${warnings.map(jsonString).join(',')}]`);
  if (infos.length) out.write(`,"infos":[${infos.map(jsonString).join(',')}]`);
  out.write('}');
  return out.bytes();
}

/** The `data` member of a `/api/v1/query` or `/api/v1/query_range` answer, as a string. */
export function queryValueJson(value: QueryValue): string {
  switch (value.resultType) {
    case 'scalar':
      return `{"resultType":"scalar","result":[${JSON.stringify(value.t / 1000)},"${formatFloatF(value.v)}"]}`;
    case 'string':
      return `{"resultType":"string","result":[${JSON.stringify(value.t / 1000)},${jsonString(value.v)}]}`;
    default: {
      const out = new JsonBytes();
      writeValue(out, value);
      return Buffer.from(out.bytes()).toString('utf8');
    }
  }
}
