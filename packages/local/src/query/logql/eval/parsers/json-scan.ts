/**
 * A JSON scanner with the behaviour of `github.com/buger/jsonparser`, which Loki's `| json`
 * uses: it walks an object's members in order without building it, hands over numbers as their
 * source text (`1.50` stays `1.50`), and stops at the first malformed token with jsonparser's
 * error text, keeping what it already found. Anything after the closing brace is ignored.
 */

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export const MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
export const MALFORMED_JSON = 'Malformed JSON error';
export const MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
export const MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
export const UNKNOWN_VALUE = 'Unknown value type';

/** A malformed document; the message is jsonparser's. */
export class JsonScanError extends Error {
  override readonly name = 'JsonScanError';
}

/** A value found by the scanner: its type and raw source (strings without their quotes, still escaped). */
export interface RawValue {
  readonly type: JsonType;
  readonly raw: string;
  /** Offset of the value's first character (the quote of a string). */
  readonly start: number;
  /** Offset just after the value. */
  readonly end: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function nextToken(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i < s.length ? i : -1;
}

/** Index just after the closing quote of a string whose content starts at `i`; -1 when unterminated. */
function stringEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return -1;
}

/** Index just after the block (object or array) that opens at `i`; -1 when unbalanced. */
function blockEnd(s: string, i: number, open: number, close: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const e = stringEnd(s, i + 1);
      if (e === -1) return -1;
      i = e - 1;
    } else if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function tokenEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c) || c === 44 || c === 125 || c === 93) return i;
  }
  return s.length;
}

/** Reads the value starting at `i` (after whitespace), as jsonparser's `Get` does. */
export function readValue(s: string, i: number): RawValue {
  const start = nextToken(s, i);
  if (start === -1) throw new JsonScanError(MALFORMED_JSON);
  const c = s.charCodeAt(start);
  if (c === 34) {
    const end = stringEnd(s, start + 1);
    if (end === -1) throw new JsonScanError(MALFORMED_STRING);
    return { type: 'string', raw: s.slice(start + 1, end - 1), start, end };
  }
  if (c === 123 || c === 91) {
    const end = blockEnd(s, start, c, c === 123 ? 125 : 93);
    if (end === -1) throw new JsonScanError(c === 123 ? MALFORMED_OBJECT : MALFORMED_ARRAY);
    return { type: c === 123 ? 'object' : 'array', raw: s.slice(start, end), start, end };
  }
  const end = tokenEnd(s, start);
  const raw = s.slice(start, end);
  if (c === 116 || c === 102) {
    if (raw !== 'true' && raw !== 'false') throw new JsonScanError(UNKNOWN_VALUE);
    return { type: 'boolean', raw, start, end };
  }
  if (c === 110 || c === 117) {
    if (raw !== 'null') throw new JsonScanError(UNKNOWN_VALUE);
    return { type: 'null', raw, start, end };
  }
  if (c === 45 || (c >= 48 && c <= 57)) return { type: 'number', raw, start, end };
  throw new JsonScanError(UNKNOWN_VALUE);
}

/**
 * Calls `visit(key, value)` for each member of the object that starts at `i` (jsonparser's
 * `ObjectEach`). Keys are unescaped. Returning false from `visit` stops the walk.
 */
export function objectEach(s: string, visit: (key: string, value: RawValue) => boolean | void, i = 0): void {
  let p = nextToken(s, i);
  if (p === -1 || s.charCodeAt(p) !== 123) throw new JsonScanError(MALFORMED_OBJECT);
  p = nextToken(s, p + 1);
  if (p === -1) throw new JsonScanError(MALFORMED_JSON);
  if (s.charCodeAt(p) === 125) return;
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === 125) return;
    if (c !== 34) throw new JsonScanError(MALFORMED_OBJECT);
    const keyEnd = stringEnd(s, p + 1);
    if (keyEnd === -1) throw new JsonScanError(MALFORMED_JSON);
    const rawKey = s.slice(p + 1, keyEnd - 1);
    const key = rawKey.includes('\\') ? unescapeJson(rawKey) ?? rawKey : rawKey;
    p = nextToken(s, keyEnd);
    if (p === -1 || s.charCodeAt(p) !== 58) throw new JsonScanError(MALFORMED_JSON);
    const value = readValue(s, p + 1);
    if (visit(key, value) === false) return;
    p = nextToken(s, value.end);
    if (p === -1) throw new JsonScanError(MALFORMED_ARRAY);
    const sep = s.charCodeAt(p);
    if (sep === 125) return;
    if (sep !== 44) throw new JsonScanError(MALFORMED_OBJECT);
    p = nextToken(s, p + 1);
    if (p === -1) throw new JsonScanError(MALFORMED_ARRAY);
  }
}

/** Elements of the array that starts at `i` (jsonparser's `ArrayEach`). */
export function arrayEach(s: string, visit: (value: RawValue, index: number) => boolean | void, i = 0): void {
  let p = nextToken(s, i);
  if (p === -1 || s.charCodeAt(p) !== 91) throw new JsonScanError(MALFORMED_ARRAY);
  p = nextToken(s, p + 1);
  if (p === -1) throw new JsonScanError(MALFORMED_JSON);
  if (s.charCodeAt(p) === 93) return;
  for (let idx = 0; ; idx++) {
    const value = readValue(s, p);
    if (visit(value, idx) === false) return;
    p = nextToken(s, value.end);
    if (p === -1) throw new JsonScanError(MALFORMED_ARRAY);
    const sep = s.charCodeAt(p);
    if (sep === 93) return;
    if (sep !== 44) throw new JsonScanError(MALFORMED_ARRAY);
    p = p + 1;
  }
}

const SIMPLE: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Unescapes a JSON string body; undefined when an escape is invalid (jsonparser then gives up). */
export function unescapeJson(raw: string): string | undefined {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[++i];
    if (e === undefined) return undefined;
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (e !== 'u') return undefined;
    const hex = raw.slice(i + 1, i + 5);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
    out += String.fromCharCode(parseInt(hex, 16));
    i += 4;
  }
  return out;
}

/** A string value as Loki reads it: unescaped, and empty when invalid or containing U+FFFD. */
export function stringValue(raw: string): string {
  const v = unescapeJson(raw);
  if (v === undefined || v.includes('\uFFFD')) return '';
  return v;
}
