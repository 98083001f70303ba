/**
 * The value syntaxes LogQL borrows from Go: string literals (`strconv.Unquote`), durations
 * (`time.ParseDuration` and Prometheus' `model.ParseDuration`), humanized byte sizes
 * (`go-humanize.ParseBytes`) and floats (`strconv.ParseFloat`). Errors are returned as the Go
 * functions word them, because Loki puts those texts into `__error_details__`.
 */

/** A Go conversion failure, worded as Go words it. */
export class GoValueError extends Error {
  override readonly name = 'GoValueError';
}

const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** `time.ParseDuration`: `300ms`, `1.5h`, `2h45m`, `-1m`. Returns nanoseconds; throws GoValueError. */
export function parseGoDuration(text: string): number {
  const orig = text;
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new GoValueError(`time: invalid duration ${JSON.stringify(orig)}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (num[0] === '' || num[0] === '.') throw new GoValueError(`time: invalid duration ${JSON.stringify(orig)}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]+/.exec(s)?.[0];
    if (unit === undefined) throw new GoValueError(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const mult = NS_PER_UNIT[unit];
    if (mult === undefined) throw new GoValueError(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(orig)}`);
    s = s.slice(unit.length);
    total += Number(`${num[1] || '0'}.${num[2] ?? '0'}`) * mult;
  }
  return sign * Math.round(total);
}

const MODEL_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const MODEL_UNITS_NS = [365 * 86400e9, 7 * 86400e9, 86400e9, 3600e9, 60e9, 1e9, 1e6] as const;

/** Prometheus' `model.ParseDuration` (`1d`, `2w`, `1y`, `1h30m`); undefined when `text` is not one. Nanoseconds. */
export function parseModelDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = MODEL_DURATION.exec(text);
  if (!m) return undefined;
  let ns = 0;
  for (let i = 0; i < MODEL_UNITS_NS.length; i++) if (m[i + 1] !== undefined) ns += Number(m[i + 1]) * MODEL_UNITS_NS[i]!;
  return ns;
}

/** A LogQL duration literal as Loki's lexer reads it: Go's syntax first, then Prometheus' (for `d`, `w`, `y`). Nanoseconds. */
export function parseLogQLDuration(text: string): number | undefined {
  try {
    return parseGoDuration(text);
  } catch {
    return parseModelDuration(text);
  }
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1e15,
  pb: 1e15,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
  e: 1e18,
  eb: 1e18,
  ei: 1024 ** 6,
  eib: 1024 ** 6,
};

/** `humanize.ParseBytes`: `42MB` (10^6), `1.5KiB` (2^10), `20B`, `1,024 kb`. Throws GoValueError. */
export function parseHumanBytes(text: string): number {
  const digits = /^[\d.,]*/.exec(text)![0];
  const num = digits.replace(/,/g, '');
  const f = parseGoFloat(num);
  const unit = text.slice(digits.length).trim().toLowerCase();
  const mult = BYTE_UNITS[unit];
  if (mult === undefined) throw new GoValueError(`unhandled size name: ${unit}`);
  return Math.trunc(f * mult);
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+(?:_\d+)*\.?(?:\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^[+-]?0[xX](?:[\da-fA-F]+\.?[\da-fA-F]*|\.[\da-fA-F]+)(?:[pP][+-]?\d+)?$/;

/** `strconv.ParseFloat(s, 64)`: decimal, hex (`0x1p-2`), `Inf`/`Infinity`/`NaN` in any case. Throws GoValueError. */
export function parseGoFloat(text: string): number {
  const lower = text.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
  if (unsigned === 'nan') return NaN;
  if (DECIMAL_FLOAT.test(text) && !text.includes('_')) return Number(text);
  if (HEX_FLOAT.test(text)) return parseHexFloat(text);
  throw new GoValueError(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function parseHexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([\da-fA-F]*)(?:\.([\da-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(text)!;
  const int = m[2] ? parseInt(m[2], 16) : 0;
  const frac = (m[3] ?? '').split('').reduce((acc, d, i) => acc + parseInt(d, 16) / 16 ** (i + 1), 0);
  const v = (int + frac) * 2 ** Number(m[4] ?? 0);
  return m[1] === '-' ? -v : v;
}

/** The text could not be unquoted; `offset` is relative to the literal. */
export class UnquoteError extends Error {
  override readonly name = 'UnquoteError';
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/**
 * Go's `strconv.Unquote` for the two LogQL string forms: `"..."` with Go escapes (`\n`, `\x41`,
 * `\u00e9`, `\101`) and raw backtick strings. Throws UnquoteError for anything else.
 */
export function unquoteGoString(literal: string): string {
  if (literal.length >= 2 && literal[0] === '`' && literal.endsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  if (literal.length < 2 || literal[0] !== '"' || !literal.endsWith('"')) throw new UnquoteError('invalid syntax');
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n') throw new UnquoteError('newline in string');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new UnquoteError('invalid syntax');
    if (e === "'") throw new UnquoteError('invalid escape \\\' in a double-quoted string');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new UnquoteError(`invalid escape \\${e}${hex}`);
      const code = parseInt(hex, 16);
      if (e === 'x') out += decodeByteEscapes(body, i - 1, (n) => (i = n));
      else {
        if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw new UnquoteError(`invalid escape \\${e}${hex}`);
        out += String.fromCodePoint(code);
        i += width;
      }
      continue;
    }
    if (e >= '0' && e <= '7') {
      out += decodeByteEscapes(body, i - 1, (n) => (i = n));
      continue;
    }
    throw new UnquoteError(`invalid escape \\${e}`);
  }
  return out;
}

/**
 * `\x..` and octal escapes are bytes, so a run of them spells UTF-8 (`\xc3\xa9` is `é`): collect
 * the run, decode it as UTF-8, and move the caller's index to its last character.
 */
function decodeByteEscapes(body: string, start: number, setIndex: (i: number) => void): string {
  const bytes: number[] = [];
  let i = start;
  for (;;) {
    if (body[i] !== '\\') break;
    const e = body[i + 1];
    if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      bytes.push(parseInt(body.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (e !== undefined && e >= '0' && e <= '7' && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      const v = parseInt(body.slice(i + 1, i + 4), 8);
      if (v > 255) throw new UnquoteError(`invalid escape \\${body.slice(i + 1, i + 4)}`);
      bytes.push(v);
      i += 4;
    } else break;
  }
  if (bytes.length === 0) throw new UnquoteError(`invalid escape ${body.slice(start, start + 4)}`);
  setIndex(i - 1);
  return Buffer.from(bytes).toString('utf8');
}
