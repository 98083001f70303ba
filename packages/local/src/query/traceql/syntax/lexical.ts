/**
 * Lexical details of TraceQL that Tempo's lexer (Go's `text/scanner` plus `lexer.go`) accepts but
 * the lezer grammar does not: escaped quotes and raw back-quoted strings, and compound or long
 * durations (`1h30m`, `2d`). {@link maskLiterals} rewrites those tokens into same-length forms the
 * grammar accepts, so every offset in the tree still points into the original text, from which
 * the parser then reads the real value.
 */

const NS_PER: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PROM_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const GO_DURATION_PART = /(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/y;
const DURATION_RUNE = /[0-9.nsuµμmhdwy]/;
const IDENT_BEFORE = /[A-Za-z0-9_.$:]/;
/**
 * Intrinsics Tempo knows but the lezer grammar does not, written as a shorter intrinsic it does
 * know (padded with spaces): the parser reads the real name from the original text.
 */
const GRAMMAR_ALIASES: Readonly<Record<string, string>> = { childCount: 'duration', 'span:childCount': 'span:duration' };

/**
 * Parses a duration the way Tempo does: Prometheus' form first (`1d`, `1h30m`, `5ms`), then Go's
 * `time.ParseDuration` (`2.5s`, `100ns`, `1.5h`). Nanoseconds, or undefined when it is not a duration.
 */
export function parseTempoDuration(text: string): number | undefined {
  if (text === '') return undefined;
  const prom = PROM_DURATION.exec(text);
  if (prom && text !== '') {
    const [, y, w, d, h, m, s, ms] = prom.map((g) => (g === undefined ? 0 : Number(g)));
    return ((((y! * 365 + w! * 7 + d!) * 24 + h!) * 60 + m!) * 60 + s!) * 1e9 + ms! * 1e6;
  }
  if (text === '0') return 0;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    GO_DURATION_PART.lastIndex = pos;
    const part = GO_DURATION_PART.exec(text);
    if (!part || part[1] === '' || part[1] === '.') return undefined;
    total += Number(part[1]) * NS_PER[part[2]!]!;
    pos = GO_DURATION_PART.lastIndex;
  }
  return Math.round(total);
}

function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(rest).padStart(String(unit).length - 1, '0').replace(/0+$/, '');
  return `${whole}.${digits}`;
}

/** Formats nanoseconds as Go's `time.Duration.String()` does (`1.5s`, `150ms`, `1h0m0s`): how Tempo prints durations. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let u = Math.abs(Math.round(ns));
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${fraction(u, 1e3)}µs`;
  if (u < 1e9) return `${sign}${fraction(u, 1e6)}ms`;
  const h = Math.floor(u / 3600e9);
  u -= h * 3600e9;
  const m = Math.floor(u / 60e9);
  u -= m * 60e9;
  return `${sign}${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${fraction(u, 1e9)}s`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/**
 * The value of a string literal as Go's `strconv.Unquote` reads it: `"..."` with escapes
 * (`\n`, `\"`, `\x41`, `\u00e9`, octal), or a raw `` `...` `` string. Undefined when malformed.
 */
export function unquoteString(text: string): string | undefined {
  if (text.length >= 2 && text.startsWith('`') && text.endsWith('`')) return text.slice(1, -1).replace(/\r/g, '');
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n' || c === '"') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += len;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return undefined;
  }
  return out;
}

/** End offset (exclusive) of the quoted literal starting at `start`, or undefined when unterminated. */
function literalEnd(text: string, start: number): number | undefined {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (quote === '"' && c === '\n') return undefined;
  }
  return undefined;
}

/**
 * Rewrites string literals and durations into same-length tokens the lezer grammar reads
 * (`"a\"b"` -> `"aaaa"`, `` `x` `` -> `"x"`, `1h30m` -> `1111s`, `childCount` -> `duration  `), leaving comments and everything
 * else untouched, so that offsets in the tree are offsets in the original query.
 */
export function maskLiterals(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === '`') {
      const end = literalEnd(text, i);
      if (end === undefined) return out.join('');
      out[i] = '"';
      out[end - 1] = '"';
      for (let k = i + 1; k < end - 1; k++) out[k] = text[k] === '\n' ? '\n' : 'a';
      i = end;
    } else if (/[A-Za-z]/.test(c) && (i === 0 || !IDENT_BEFORE.test(text[i - 1]!))) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_:]/.test(text[j]!)) j++;
      const alias = GRAMMAR_ALIASES[text.slice(i, j)];
      if (alias !== undefined) for (let k = i; k < j; k++) out[k] = alias[k - i] ?? ' ';
      i = j;
    } else if (/[0-9]/.test(c) && (i === 0 || !IDENT_BEFORE.test(text[i - 1]!))) {
      let j = i;
      while (j < text.length && DURATION_RUNE.test(text[j]!)) j++;
      const run = text.slice(i, j);
      if (/[a-zµμ]/.test(run) && parseTempoDuration(run) !== undefined) {
        for (let k = i; k < j - 1; k++) out[k] = '1';
        out[j - 1] = 's';
      }
      i = Math.max(j, i + 1);
    } else i++;
  }
  return out.join('');
}
