import { parseGoDuration, parseHumanBytes } from '../../syntax/literals.js';
import { formatGoTime, GoTime } from './go-time.js';
import { sprint, sprintf, sprintln } from './printf.js';
import { fromJsonValue, goTypeName, TemplateExecError, truth, type GoValue } from './values.js';
import { type FunctionContext, type FnDef, convert, toInt64, toFloat64, regex, expand, replaceAll, goTrim, trunc, substring, isEmpty, queryEscape, unixToTime, goNow, compare, length, index, num, floorDiv, intDiv, wrapGo, parseIn, asTime, alignLeft, alignRight, indent } from './function-helpers.js';

export type { FunctionContext } from './function-helpers.js';
export { toFloat64, toInt64 } from './function-helpers.js';

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
