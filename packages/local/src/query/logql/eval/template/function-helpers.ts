/** Argument conversion and the helpers behind the template functions, with Go, sprig and Loki semantics. */
import { GoValueError, parseGoFloat } from '../../syntax/literals.js';
import { compileRe2, RegexSyntaxError } from '../../syntax/regex.js';
import { GoTime } from './go-time.js';
import { GoTimeParseError, parseGoTime } from './go-time-parse.js';
import { goTypeName, NO_VALUE, StringMap, TemplateExecError, truth, type GoValue } from './values.js';

/** Parameter kinds; a value of the wrong kind fails the call as Go's reflection would. */
export type Param = 'string' | 'int' | 'float' | 'time' | 'any';

/** What functions may ask about the line being formatted. */
export interface FunctionContext {
  readonly line: string;
  readonly tsNs: bigint;
}

export interface FnDef {
  readonly params: readonly Param[];
  readonly variadic?: Param;
  readonly impl: (args: GoValue[], ctx: FunctionContext) => GoValue;
}

export function convert(v: GoValue, p: Param, fn: string): GoValue {
  const wrong = (): TemplateExecError => new TemplateExecError(`error calling ${fn}: wrong type for value; expected ${p === 'int' ? 'int' : p === 'float' ? 'float64' : p === 'time' ? 'time.Time' : 'string'}; got ${goTypeName(v)}`);
  switch (p) {
    case 'any':
      return v;
    case 'string':
      if (typeof v !== 'string') throw wrong();
      return v;
    case 'int':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      throw wrong();
    case 'float':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      throw wrong();
    case 'time':
      if (v instanceof GoTime) return v;
      throw wrong();
  }
}

/** cast.ToInt64 (sprig's integer coercion): strings parse with Go's base prefixes, failures give 0. */
export function toInt64(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    const s = v.replace(/\.0+$/, '');
    const m = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]?([0-7]+)|([1-9]\d*|0))$/.exec(s);
    if (!m) return 0n;
    const body = m[2] !== undefined ? BigInt(`0x${m[2]}`) : m[3] !== undefined ? BigInt(`0b${m[3]}`) : m[4] !== undefined ? BigInt(`0o${m[4]}`) : BigInt(m[5]!);
    return m[1] === '-' ? -body : body;
  }
  return 0n;
}

/** cast.ToFloat64 (sprig's float coercion): failures give 0. */
export function toFloat64(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    try {
      return parseGoFloat(v);
    } catch {
      return 0;
    }
  }
  return 0;
}

export function regex(pattern: string, fn: string): RegExp {
  try {
    return compileRe2(pattern, { global: true });
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new TemplateExecError(`error calling ${fn}: ${error.message}`);
    throw error;
  }
}

/** Go's `Regexp.Expand` template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, braced: string | undefined, bare: string | undefined) => {
    if (all === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

export function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out += s.slice(last, m.index) + repl(m);
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  return out + s.slice(last);
}

export function goTrim(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && set.has(chars[a]!)) a++;
  if (right) while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

export function trunc(c: number, s: string): string {
  const runes = [...s];
  if (c < 0 && runes.length + c > 0) return runes.slice(runes.length + c).join('');
  if (c >= 0 && runes.length > c) return runes.slice(0, c).join('');
  return s;
}

export function substring(start: number, end: number, s: string): string {
  const runes = [...s];
  const l = runes.length;
  if (end > l) end = l;
  if (start > l) start = l;
  if (start < 0) return end < 0 ? '' : runes.slice(0, end).join('');
  if (end < 0) return runes.slice(start).join('');
  if (start > end) return '';
  return runes.slice(start, end).join('');
}

export function isEmpty(v: GoValue | undefined): boolean {
  return v === undefined || !truth(v);
}

export function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function unixToTime(epoch: string): GoTime {
  if (!/^-?\d+$/.test(epoch)) throw new TemplateExecError(`error calling unixToTime: unable to convert epoch ${epoch} to a time`);
  const n = BigInt(epoch);
  const digits = epoch.replace('-', '').length;
  if (digits <= 5) return new GoTime(n * 86_400_000_000_000n);
  if (digits <= 10) return new GoTime(n * 1_000_000_000n);
  if (digits <= 13) return new GoTime(n * 1_000_000n);
  if (digits <= 16) return new GoTime(n * 1_000n);
  return new GoTime(n);
}

export function goNow(): GoTime {
  return GoTime.fromMillis(Date.now());
}

export function compare(fn: string, a: GoValue, b: GoValue): number {
  const kind = (v: GoValue): string => (typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'other');
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'other' || kb === 'other') throw new TemplateExecError(`error calling ${fn}: invalid type for comparison`);
  if (ka !== kb) throw new TemplateExecError(`error calling ${fn}: incompatible types for comparison`);
  if (ka === 'bool') {
    if (fn !== 'eq' && fn !== 'ne') throw new TemplateExecError(`error calling ${fn}: invalid type for comparison`);
    return a === b ? 0 : 1;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export function length(v: GoValue): bigint {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  if (v instanceof StringMap) return BigInt(Object.keys(v.values).length);
  throw new TemplateExecError(`error calling len: len of type ${goTypeName(v)}`);
}

export function index(v: GoValue, keys: GoValue[]): GoValue {
  let cur = v;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      const i = Number(toInt64(k));
      if (i < 0 || i >= cur.length) throw new TemplateExecError(`error calling index: index out of range: ${i}`);
      cur = cur[i]!;
    } else if (cur instanceof Map) cur = cur.get(String(k)) ?? NO_VALUE;
    else if (cur instanceof StringMap) cur = cur.values[String(k)] ?? '';
    else throw new TemplateExecError(`error calling index: can't index item of type ${goTypeName(cur)}`);
  }
  return cur;
}

export const num = (f: (...xs: number[]) => number) => (args: GoValue[]): GoValue => f(...args.map(toFloat64));

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

export function intDiv(fn: string, a: bigint, b: bigint, mod: boolean): bigint {
  if (b === 0n) throw new TemplateExecError(`error calling ${fn}: runtime error: integer divide by zero`);
  return mod ? a % b : a / b;
}

export function wrapGo(fn: string, f: () => number): number {
  try {
    return f();
  } catch (error) {
    if (error instanceof GoValueError) throw new TemplateExecError(`error calling ${fn}: ${error.message}`);
    throw error;
  }
}

export function parseIn(layout: string, value: string, offset: number): GoTime {
  try {
    return parseGoTime(layout, value, offset);
  } catch (error) {
    // sprig's toDate and Loki's toDateInZone ignore the error and return the zero time.
    if (error instanceof GoTimeParseError) return new GoTime(-62135596800000000000n);
    throw error;
  }
}

export function asTime(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(v * 1_000_000_000n);
  if (typeof v === 'number') return new GoTime(BigInt(Math.trunc(v)) * 1_000_000_000n);
  return goNow();
}

export function alignLeft(count: number, s: string): string {
  const runes = [...s];
  if (count < 0 || runes.length === count) return s;
  return runes.length > count ? runes.slice(0, count).join('') : s + ' '.repeat(count - runes.length);
}

export function alignRight(count: number, s: string): string {
  const runes = [...s];
  if (count < 0 || runes.length === count) return s;
  return runes.length > count ? runes.slice(runes.length - count).join('') : ' '.repeat(count - runes.length) + s;
}

export function indent(n: number, s: string): string {
  const pad = ' '.repeat(Math.max(0, n));
  return pad + s.replace(/\n/g, `\n${pad}`);
}
