import { GoValueError, parseGoDuration, parseGoFloat, parseHumanBytes } from '../../syntax/literals.js';
import { compileRe2, RegexSyntaxError } from '../../syntax/regex.js';
import { formatGoTime, GoTime, GoTimeParseError, parseGoTime } from './go-time.js';
import { sprint, sprintf, sprintln } from './printf.js';
import { fromJsonValue, goTypeName, NO_VALUE, StringMap, TemplateExecError, truth, type GoValue } from './values.js';

/** Parameter kinds; a value of the wrong kind fails the call as Go's reflection would. */
type Param = 'string' | 'int' | 'float' | 'time' | 'any';

/** What functions may ask about the line being formatted. */
export interface FunctionContext {
  readonly line: string;
  readonly tsNs: bigint;
}

interface FnDef {
  readonly params: readonly Param[];
  readonly variadic?: Param;
  readonly impl: (args: GoValue[], ctx: FunctionContext) => GoValue;
}

function convert(v: GoValue, p: Param, fn: string): GoValue {
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

function regex(pattern: string, fn: string): RegExp {
  try {
    return compileRe2(pattern, { global: true });
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new TemplateExecError(`error calling ${fn}: ${error.message}`);
    throw error;
  }
}

/** Go's `Regexp.Expand` template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, braced: string | undefined, bare: string | undefined) => {
    if (all === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
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

function goTrim(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && set.has(chars[a]!)) a++;
  if (right) while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

function trunc(c: number, s: string): string {
  const runes = [...s];
  if (c < 0 && runes.length + c > 0) return runes.slice(runes.length + c).join('');
  if (c >= 0 && runes.length > c) return runes.slice(0, c).join('');
  return s;
}

function substring(start: number, end: number, s: string): string {
  const runes = [...s];
  const l = runes.length;
  if (end > l) end = l;
  if (start > l) start = l;
  if (start < 0) return end < 0 ? '' : runes.slice(0, end).join('');
  if (end < 0) return runes.slice(start).join('');
  if (start > end) return '';
  return runes.slice(start, end).join('');
}

function isEmpty(v: GoValue | undefined): boolean {
  return v === undefined || !truth(v);
}

function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unixToTime(epoch: string): GoTime {
  if (!/^-?\d+$/.test(epoch)) throw new TemplateExecError(`error calling unixToTime: unable to convert epoch ${epoch} to a time`);
  const n = BigInt(epoch);
  const digits = epoch.replace('-', '').length;
  if (digits <= 5) return new GoTime(n * 86_400_000_000_000n);
  if (digits <= 10) return new GoTime(n * 1_000_000_000n);
  if (digits <= 13) return new GoTime(n * 1_000_000n);
  if (digits <= 16) return new GoTime(n * 1_000n);
  return new GoTime(n);
}

function goNow(): GoTime {
  return GoTime.fromMillis(Date.now());
}

function compare(fn: string, a: GoValue, b: GoValue): number {
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

function length(v: GoValue): bigint {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  if (v instanceof StringMap) return BigInt(Object.keys(v.values).length);
  throw new TemplateExecError(`error calling len: len of type ${goTypeName(v)}`);
}

function index(v: GoValue, keys: GoValue[]): GoValue {
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

const num = (f: (...xs: number[]) => number) => (args: GoValue[]): GoValue => f(...args.map(toFloat64));

/**
 * Every function a LogQL template may call: Go's builtins, Loki's own (`ToUpper`, `regexReplaceAll`,
 * `duration`, `unixEpochMillis`, `__line__`, `__timestamp__` ...) and the sprig subset Loki enables
 * (`lower`, `default`, `printf`-style math `add`/`div`/`mulf` ...), as `pkg/logql/log/fmt.go` lists them.
 */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, FnDef>> = {
  // Go text/template builtins. `and`/`or` are evaluated lazily by the executor.
  and: { params: [], variadic: 'any', impl: (a) => a.find((x) => !truth(x)) ?? a[a.length - 1] ?? null },
  or: { params: [], variadic: 'any', impl: (a) => a.find((x) => truth(x)) ?? a[a.length - 1] ?? null },
  not: { params: ['any'], impl: ([a]) => !truth(a!) },
  len: { params: ['any'], impl: ([a]) => length(a!) },
  index: { params: ['any'], variadic: 'any', impl: ([a, ...k]) => index(a!, k) },
  slice: {
    params: ['any'],
    variadic: 'any',
    impl: ([a, ...ix]) => {
      const i = ix.map((x) => Number(toInt64(x)));
      if (typeof a === 'string') return a.slice(i[0] ?? 0, i[1]);
      if (Array.isArray(a)) return a.slice(i[0] ?? 0, i[1]);
      throw new TemplateExecError(`error calling slice: can't slice item of type ${goTypeName(a!)}`);
    },
  },
  print: { params: [], variadic: 'any', impl: (a) => sprint(a) },
  println: { params: [], variadic: 'any', impl: (a) => sprintln(a) },
  printf: { params: ['string'], variadic: 'any', impl: ([f, ...a]) => sprintf(f as string, a) },
  urlquery: { params: [], variadic: 'any', impl: (a) => queryEscape(sprint(a)) },
  html: { params: [], variadic: 'any', impl: (a) => sprint(a).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;') },
  js: { params: [], variadic: 'any', impl: (a) => JSON.stringify(sprint(a)).slice(1, -1).replace(/'/g, "\\'").replace(/</g, '\\u003C').replace(/>/g, '\\u003E') },
  eq: { params: ['any', 'any'], variadic: 'any', impl: ([a, ...bs]) => bs.some((b) => compare('eq', a!, b) === 0) },
  ne: { params: ['any', 'any'], impl: ([a, b]) => compare('ne', a!, b!) !== 0 },
  lt: { params: ['any', 'any'], impl: ([a, b]) => compare('lt', a!, b!) < 0 },
  le: { params: ['any', 'any'], impl: ([a, b]) => compare('le', a!, b!) <= 0 },
  gt: { params: ['any', 'any'], impl: ([a, b]) => compare('gt', a!, b!) > 0 },
  ge: { params: ['any', 'any'], impl: ([a, b]) => compare('ge', a!, b!) >= 0 },

  // Loki's functions (fmt.go).
  __line__: { params: [], impl: (_a, ctx) => ctx.line },
  __timestamp__: { params: [], impl: (_a, ctx) => new GoTime(ctx.tsNs) },
  ToLower: { params: ['string'], impl: ([s]) => (s as string).toLowerCase() },
  ToUpper: { params: ['string'], impl: ([s]) => (s as string).toUpperCase() },
  Replace: {
    params: ['string', 'string', 'string', 'int'],
    impl: ([s, o, n, c]) => {
      let count = Number(c);
      if (count < 0) return (s as string).split(o as string).join(n as string);
      let out = s as string;
      let from = 0;
      while (count-- > 0) {
        const i = out.indexOf(o as string, from);
        if (i === -1) break;
        out = out.slice(0, i) + (n as string) + out.slice(i + (o as string).length);
        from = i + (n as string).length;
      }
      return out;
    },
  },
  Trim: { params: ['string', 'string'], impl: ([s, c]) => goTrim(s as string, c as string, true, true) },
  TrimLeft: { params: ['string', 'string'], impl: ([s, c]) => goTrim(s as string, c as string, true, false) },
  TrimRight: { params: ['string', 'string'], impl: ([s, c]) => goTrim(s as string, c as string, false, true) },
  TrimPrefix: { params: ['string', 'string'], impl: ([s, p]) => ((s as string).startsWith(p as string) ? (s as string).slice((p as string).length) : (s as string)) },
  TrimSuffix: { params: ['string', 'string'], impl: ([s, p]) => ((s as string).endsWith(p as string) && (p as string) !== '' ? (s as string).slice(0, -(p as string).length) : (s as string)) },
  TrimSpace: { params: ['string'], impl: ([s]) => (s as string).trim() },
  regexReplaceAll: { params: ['string', 'string', 'string'], impl: ([r, s, repl]) => replaceAll(regex(r as string, 'regexReplaceAll'), s as string, (m) => expand(repl as string, m)) },
  regexReplaceAllLiteral: { params: ['string', 'string', 'string'], impl: ([r, s, repl]) => replaceAll(regex(r as string, 'regexReplaceAllLiteral'), s as string, () => repl as string) },
  count: { params: ['string', 'string'], impl: ([r, s]) => BigInt([...(s as string).matchAll(regex(r as string, 'count'))].length) },
  urldecode: {
    params: ['string'],
    impl: ([s]) => {
      try {
        return decodeURIComponent((s as string).replace(/\+/g, ' '));
      } catch {
        throw new TemplateExecError(`error calling urldecode: invalid URL escape in ${JSON.stringify(s)}`);
      }
    },
  },
  urlencode: { params: ['string'], impl: ([s]) => queryEscape(s as string) },
  bytes: { params: ['string'], impl: ([s]) => wrapGo('bytes', () => parseHumanBytes(s as string)) },
  duration: { params: ['string'], impl: ([s]) => wrapGo('duration', () => parseGoDuration(s as string) / 1e9) },
  duration_seconds: { params: ['string'], impl: ([s]) => wrapGo('duration_seconds', () => parseGoDuration(s as string) / 1e9) },
  unixEpochMillis: { params: ['time'], impl: ([t]) => ((t as GoTime).ns / 1_000_000n).toString() },
  unixEpochNanos: { params: ['time'], impl: ([t]) => (t as GoTime).ns.toString() },
  toDateInZone: { params: ['string', 'string', 'string'], impl: ([f, z, s]) => parseIn(f as string, s as string, z === 'UTC' || z === 'Local' ? 0 : 0) },
  unixToTime: { params: ['string'], impl: ([s]) => unixToTime(s as string) },
  alignLeft: { params: ['int', 'string'], impl: ([c, s]) => alignLeft(Number(c), s as string) },
  alignRight: { params: ['int', 'string'], impl: ([c, s]) => alignRight(Number(c), s as string) },

  // sprig, as Loki enables it.
  b64enc: { params: ['string'], impl: ([s]) => Buffer.from(s as string, 'utf8').toString('base64') },
  b64dec: { params: ['string'], impl: ([s]) => Buffer.from(s as string, 'base64').toString('utf8') },
  lower: { params: ['string'], impl: ([s]) => (s as string).toLowerCase() },
  upper: { params: ['string'], impl: ([s]) => (s as string).toUpperCase() },
  title: { params: ['string'], impl: ([s]) => (s as string).replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()) },
  trunc: { params: ['int', 'string'], impl: ([c, s]) => trunc(Number(c), s as string) },
  substr: { params: ['int', 'int', 'string'], impl: ([a, b, s]) => substring(Number(a), Number(b), s as string) },
  contains: { params: ['string', 'string'], impl: ([sub, s]) => (s as string).includes(sub as string) },
  hasPrefix: { params: ['string', 'string'], impl: ([p, s]) => (s as string).startsWith(p as string) },
  hasSuffix: { params: ['string', 'string'], impl: ([p, s]) => (s as string).endsWith(p as string) },
  indent: { params: ['int', 'string'], impl: ([n, s]) => indent(Number(n), s as string) },
  nindent: { params: ['int', 'string'], impl: ([n, s]) => `\n${indent(Number(n), s as string)}` },
  replace: { params: ['string', 'string', 'string'], impl: ([o, n, s]) => (s as string).split(o as string).join(n as string) },
  repeat: { params: ['int', 'string'], impl: ([c, s]) => (s as string).repeat(Math.max(0, Number(c))) },
  trim: { params: ['string'], impl: ([s]) => (s as string).trim() },
  trimAll: { params: ['string', 'string'], impl: ([c, s]) => goTrim(s as string, c as string, true, true) },
  trimSuffix: { params: ['string', 'string'], impl: ([p, s]) => ((s as string).endsWith(p as string) && (p as string) !== '' ? (s as string).slice(0, -(p as string).length) : (s as string)) },
  trimPrefix: { params: ['string', 'string'], impl: ([p, s]) => ((s as string).startsWith(p as string) ? (s as string).slice((p as string).length) : (s as string)) },
  int: { params: ['any'], impl: ([v]) => toInt64(v!) },
  float64: { params: ['any'], impl: ([v]) => toFloat64(v!) },
  add: { params: [], variadic: 'any', impl: (a) => a.reduce<bigint>((acc, x) => acc + toInt64(x), 0n) },
  sub: { params: ['any', 'any'], impl: ([a, b]) => toInt64(a!) - toInt64(b!) },
  mul: { params: ['any'], variadic: 'any', impl: ([a, ...r]) => r.reduce<bigint>((acc, x) => acc * toInt64(x), toInt64(a!)) },
  div: { params: ['any', 'any'], impl: ([a, b]) => intDiv('div', toInt64(a!), toInt64(b!), false) },
  mod: { params: ['any', 'any'], impl: ([a, b]) => intDiv('mod', toInt64(a!), toInt64(b!), true) },
  addf: { params: [], variadic: 'any', impl: num((...xs) => xs.reduce((x, y) => x + y, 0)) },
  subf: { params: ['any'], variadic: 'any', impl: num((a, ...xs) => xs.reduce((x, y) => x - y, a!)) },
  mulf: { params: ['any'], variadic: 'any', impl: num((a, ...xs) => xs.reduce((x, y) => x * y, a!)) },
  divf: { params: ['any'], variadic: 'any', impl: num((a, ...xs) => xs.reduce((x, y) => x / y, a!)) },
  max: { params: ['any'], variadic: 'any', impl: (a) => a.map(toInt64).reduce((x, y) => (y > x ? y : x)) },
  min: { params: ['any'], variadic: 'any', impl: (a) => a.map(toInt64).reduce((x, y) => (y < x ? y : x)) },
  maxf: { params: ['any'], variadic: 'any', impl: num((...xs) => Math.max(...xs)) },
  minf: { params: ['any'], variadic: 'any', impl: num((...xs) => Math.min(...xs)) },
  ceil: { params: ['any'], impl: num(Math.ceil) },
  floor: { params: ['any'], impl: num(Math.floor) },
  round: {
    params: ['any', 'int'],
    variadic: 'float',
    impl: ([a, p, r]) => {
      const pow = 10 ** Number(p);
      const x = toFloat64(a!) * pow;
      const roundOn = typeof r === 'number' ? r : 0.5;
      const frac = x - Math.trunc(x);
      return (frac >= roundOn ? Math.ceil(x) : Math.floor(x)) / pow;
    },
  },
  fromJson: {
    params: ['string'],
    impl: ([s]) => {
      try {
        return fromJsonValue(JSON.parse(s as string));
      } catch {
        return '';
      }
    },
  },
  date: { params: ['string', 'any'], impl: ([f, d]) => formatGoTime(asTime(d!), f as string) },
  toDate: { params: ['string', 'string'], impl: ([f, s]) => parseIn(f as string, s as string, 0) },
  now: { params: [], impl: () => goNow() },
  unixEpoch: { params: ['time'], impl: ([t]) => floorDiv((t as GoTime).ns, 1_000_000_000n).toString() },
  default: { params: ['any'], variadic: 'any', impl: ([d, ...given]) => (isEmpty(given[0]) ? d! : given[0]!) },
};

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function intDiv(fn: string, a: bigint, b: bigint, mod: boolean): bigint {
  if (b === 0n) throw new TemplateExecError(`error calling ${fn}: runtime error: integer divide by zero`);
  return mod ? a % b : a / b;
}

function wrapGo(fn: string, f: () => number): number {
  try {
    return f();
  } catch (error) {
    if (error instanceof GoValueError) throw new TemplateExecError(`error calling ${fn}: ${error.message}`);
    throw error;
  }
}

function parseIn(layout: string, value: string, offset: number): GoTime {
  try {
    return parseGoTime(layout, value, offset);
  } catch (error) {
    // sprig's toDate and Loki's toDateInZone ignore the error and return the zero time.
    if (error instanceof GoTimeParseError) return new GoTime(-62135596800000000000n);
    throw error;
  }
}

function asTime(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(v * 1_000_000_000n);
  if (typeof v === 'number') return new GoTime(BigInt(Math.trunc(v)) * 1_000_000_000n);
  return goNow();
}

function alignLeft(count: number, s: string): string {
  const runes = [...s];
  if (count < 0 || runes.length === count) return s;
  return runes.length > count ? runes.slice(0, count).join('') : s + ' '.repeat(count - runes.length);
}

function alignRight(count: number, s: string): string {
  const runes = [...s];
  if (count < 0 || runes.length === count) return s;
  return runes.length > count ? runes.slice(runes.length - count).join('') : ' '.repeat(count - runes.length) + s;
}

function indent(n: number, s: string): string {
  const pad = ' '.repeat(Math.max(0, n));
  return pad + s.replace(/\n/g, `\n${pad}`);
}

/** Calls a function by name with evaluated arguments, converting them to its parameter kinds. */
export function callFunction(name: string, args: GoValue[], ctx: FunctionContext): GoValue {
  const def = TEMPLATE_FUNCTIONS[name];
  if (!def) throw new TemplateExecError(`function ${JSON.stringify(name)} not defined`);
  const n = def.params.length;
  if (def.variadic === undefined ? args.length !== n : args.length < n) {
    throw new TemplateExecError(`wrong number of args for ${name}: want ${def.variadic === undefined ? '' : 'at least '}${n} got ${args.length}`);
  }
  const converted = args.map((a, i) => convert(a, i < n ? def.params[i]! : def.variadic!, name));
  return def.impl(converted, ctx);
}
