import type { Labels } from '../model/labels.js';
import { formatFloatF, formatFloatG, formatFloatGPrec } from '../query/promql/syntax/go-float.js';
import { parseDuration } from '../query/promql/syntax/lexical.js';
import { TemplateError } from './errors.js';
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';

/** A value inside a template: text, a number, a boolean, a label map. */
export type Value = string | number | boolean | Labels | undefined;

/**
 * The functions rule templates can call: Prometheus' (`humanize*`, `toUpper`, `reReplaceAll`,
 * ...) and Go's builtins that alert templates use (`printf`, `eq`, `index`, `and`, ...).
 */
export function toFloat(v: Value, fn: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^[-+]?(inf|nan)$/i.test(v)) return Number(v.replace(/inf/i, 'Infinity'));
  throw new TemplateError(`error calling ${fn}: cannot convert ${JSON.stringify(v)} to a number`);
}

/** How a value prints (Go's `%v`). */
export function print(v: Value): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return `map[${Object.keys(v).sort().map((k) => `${k}:${v[k]}`).join(' ')}]`;
}

/** Go template truth: empty, zero and false are false. */
export function truthy(v: Value): boolean {
  if (v === undefined || v === false || v === '' || v === 0) return false;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = print(a);
  const y = print(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Go's fmt verbs as alert templates use them. */
function printf(format: string, args: Value[]): string {
  let n = 0;
  return format.replace(/%([-+ #0]*)(\d*)(?:\.(\d+))?([vsdfgeqxX%])/g, (_m, _flags: string, _width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const a = args[n++];
    const p = prec === undefined ? undefined : Number(prec);
    switch (verb) {
      case 'd':
        return String(Math.trunc(toFloat(a, 'printf')));
      case 'f':
        return Number.isFinite(toFloat(a, 'printf')) ? toFloat(a, 'printf').toFixed(p ?? 6) : formatFloatF(toFloat(a, 'printf'));
      case 'g':
        return p === undefined ? formatFloatG(toFloat(a, 'printf')) : formatFloatGPrec(toFloat(a, 'printf'), p);
      case 'e':
        return toFloat(a, 'printf').toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      case 'q':
        return JSON.stringify(print(a));
      case 'x':
      case 'X': {
        const s = typeof a === 'number' ? Math.trunc(a).toString(16) : Buffer.from(print(a)).toString('hex');
        return verb === 'X' ? s.toUpperCase() : s;
      }
      default:
        return print(a);
    }
  });
}

export const FUNCS: Readonly<Record<string, (...args: Value[]) => Value>> = {
  humanize: (v) => humanize(toFloat(v, 'humanize')),
  humanize1024: (v) => humanize1024(toFloat(v, 'humanize1024')),
  humanizeDuration: (v) => humanizeDuration(toFloat(v, 'humanizeDuration')),
  humanizePercentage: (v) => humanizePercentage(toFloat(v, 'humanizePercentage')),
  humanizeTimestamp: (v) => humanizeTimestamp(toFloat(v, 'humanizeTimestamp')),
  printf: (f, ...args) => printf(print(f), args),
  toUpper: (s) => print(s).toUpperCase(),
  toLower: (s) => print(s).toLowerCase(),
  title: (s) => print(s).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  safeHtml: (s) => print(s),
  stripPort: (s) => print(s).replace(/^\[(.*)\]:\d+$/, '$1').replace(/^([^:]*):\d+$/, '$1'),
  stripDomain: (s) => print(s).replace(/^([^.:]+)\.[^:]*/, '$1'),
  reReplaceAll: (re, repl, text) => print(text).replace(new RegExp(print(re), 'g'), print(repl).replace(/\$\{?(\w+)\}?/g, '$$$1')),
  match: (re, text) => new RegExp(print(re)).test(print(text)),
  parseDuration: (s) => {
    const ms = parseDuration(print(s));
    if (ms === undefined) throw new TemplateError(`error calling parseDuration: not a valid duration string: ${JSON.stringify(print(s))}`);
    return ms / 1000;
  },
  index: (m, k) => (typeof m === 'object' ? m[print(k)] : undefined) ?? '',
  len: (v) => (typeof v === 'object' ? Object.keys(v).length : print(v).length),
  eq: (a, ...bs) => bs.some((b) => compare(a, b) === 0),
  ne: (a, b) => compare(a, b) !== 0,
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  and: (...xs) => xs.find((x) => !truthy(x)) ?? xs.at(-1),
  or: (...xs) => xs.find((x) => truthy(x)) ?? xs.at(-1),
  not: (x) => !truthy(x),
};

