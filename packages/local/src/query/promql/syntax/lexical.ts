/**
 * The lexical pieces of PromQL that the grammar leaves as text: durations, numbers and string
 * literals, decoded as Prometheus (and Go's strconv) decode them.
 */

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1] as const;

/**
 * Parses a Prometheus duration (`1h30m`, `5m`, `90s`, `1y`; `0` without a unit) into milliseconds,
 * or undefined when `text` is not one. Units must come in descending order, as in
 * prometheus/common `model.ParseDuration`.
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNIT_MS[i]!;
  }
  return ms;
}

/** Prints milliseconds as Prometheus prints a duration: `1h30m`, `5m`, `1d`, `0s`; years and weeks only when exact. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '';
  const units: Array<[string, number, boolean]> = [
    ['y', UNIT_MS[0], true],
    ['w', UNIT_MS[1], true],
    ['d', UNIT_MS[2], false],
    ['h', UNIT_MS[3], false],
    ['m', UNIT_MS[4], false],
    ['s', UNIT_MS[5], false],
    ['ms', UNIT_MS[6], false],
  ];
  for (const [unit, mult, exact] of units) {
    if (exact && rest % mult !== 0) continue;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  }
  return out;
}

/**
 * Parses a PromQL number literal: decimal or float (with `_` digit separators), hexadecimal
 * `0x..`, `Inf`/`NaN` in any case, or a duration (`5m`), which counts as its seconds.
 */
export function parseNumberLiteral(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return NaN;
  let sign = 1;
  let body = text;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) return sign * parseInt(body.slice(2), 16);
  const plain = body.replace(/(?<=\d)_(?=\d)/g, '');
  if (/^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(plain)) return sign * Number(plain);
  const dur = parseDuration(body);
  if (dur !== undefined) return (sign * dur) / 1000;
  return undefined;
}

/** Why a string literal could not be decoded, with the offset inside the literal. */
export class StringLiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * Decodes a PromQL string literal with its quotes: `"..."` and `'...'` with Go escapes
 * (`\n`, `\x41`, `\101`, `\u00e9`, `\U0001F600`), or a raw `` `...` `` string. Throws
 * StringLiteralError for an unterminated literal or an unknown escape.
 */
export function unquoteString(literal: string): string {
  const quote = literal[0];
  if (quote === '`') {
    if (literal.length < 2 || !literal.endsWith('`')) throw new StringLiteralError('unterminated raw string', 0);
    return literal.slice(1, -1);
  }
  if (quote !== '"' && quote !== "'") throw new StringLiteralError('not a string literal', 0);
  let out = '';
  let i = 1;
  for (;;) {
    if (i >= literal.length) throw new StringLiteralError('unterminated quoted string', 0);
    const c = literal[i]!;
    if (c === quote) {
      if (i !== literal.length - 1) throw new StringLiteralError('unexpected text after string', i);
      return out;
    }
    if (c === '\n') throw new StringLiteralError('unterminated quoted string', 0);
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = literal[i + 1];
    if (e === undefined) throw new StringLiteralError('unterminated quoted string', 0);
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === quote) {
      out += e;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = literal.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new StringLiteralError(`invalid escape sequence \\${e}${hex}`, i);
      const code = parseInt(hex, 16);
      if (e === 'x') out += String.fromCharCode(code);
      else {
        if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw new StringLiteralError(`escape sequence is an invalid Unicode code point`, i);
        out += String.fromCodePoint(code);
      }
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const oct = literal.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new StringLiteralError(`invalid escape sequence \\${oct}`, i);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 4;
    } else {
      throw new StringLiteralError(`unknown escape sequence U+${e.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${e}'`, i);
    }
  }
}

/** Quotes a string as Go's `strconv.Quote` does for printable text (used when printing queries). */
export function quoteString(value: string): string {
  return JSON.stringify(value);
}
