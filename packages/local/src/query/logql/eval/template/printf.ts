import { formatFloatG } from '../../../promql/syntax/go-float.js';
import { goQuote } from '../../syntax/printer.js';
import { formatValue, goTypeName, NO_VALUE, type GoValue } from './values.js';

/** Go's `fmt.Sprint`: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** Go's `fmt.Sprintln`: spaces always, newline at the end. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map(formatValue).join(' ')}\n`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
}

function padTo(s: string, spec: Spec, numeric: boolean): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  if (spec.minus) return s.padEnd(spec.width, ' ');
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(spec.width - sign.length, '0');
  }
  return s.padStart(spec.width, ' ');
}

function signed(s: string, negative: boolean, spec: Spec): string {
  if (negative) return `-${s}`;
  if (spec.plus) return `+${s}`;
  if (spec.space) return ` ${s}`;
  return s;
}

function exponent(x: number, prec: number, upper: boolean): string {
  const s = x.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function formatFloat(verb: string, x: number, spec: Spec): string {
  if (!Number.isFinite(x)) return signed(Number.isNaN(x) ? 'NaN' : 'Inf', x < 0, { ...spec, plus: spec.plus || (x > 0 && spec.plus) });
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  switch (verb) {
    case 'f':
    case 'F':
      body = a.toFixed(spec.prec ?? 6);
      break;
    case 'e':
    case 'E':
      body = exponent(a, spec.prec ?? 6, verb === 'E');
      break;
    default:
      if (spec.prec === undefined) body = formatFloatG(a);
      else {
        const p = spec.prec === 0 ? 1 : spec.prec;
        const exp = a === 0 ? 0 : Math.floor(Math.log10(a));
        body = exp < -4 || exp >= p ? exponent(a, p - 1, false).replace(/\.?0+e/, 'e') : String(Number(a.toPrecision(p)));
      }
      if (verb === 'G') body = body.toUpperCase();
  }
  return signed(body, neg, spec);
}

function toBigInt(v: GoValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return undefined;
  return undefined;
}

function bad(verb: string, v: GoValue): string {
  return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`;
}

function formatOne(verb: string, v: GoValue, spec: Spec): string {
  if (v === NO_VALUE || v === null) return verb === 'v' || verb === 's' ? padTo('<nil>', spec, false) : `%!${verb}(<nil>)`;
  switch (verb) {
    case 'v':
      if (typeof v === 'number') return padTo(formatFloat('g', v, spec), spec, true);
      if (typeof v === 'bigint') return padTo(signed((v < 0n ? -v : v).toString(), v < 0n, spec), spec, true);
      return padTo(formatValue(v), spec, false);
    case 's': {
      if (typeof v !== 'string') return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? bad(verb, v) : padTo(formatValue(v), spec, false);
      const s = spec.prec !== undefined ? [...v].slice(0, spec.prec).join('') : v;
      return padTo(s, spec, false);
    }
    case 'q':
      if (typeof v === 'string') return padTo(spec.sharp && !v.includes('`') ? `\`${v}\`` : goQuote(v), spec, false);
      if (typeof v === 'bigint') return padTo(`'${String.fromCodePoint(Number(v))}'`, spec, false);
      return bad(verb, v);
    case 't':
      return typeof v === 'boolean' ? padTo(v ? 'true' : 'false', spec, false) : bad(verb, v);
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X':
    case 'c': {
      if ((verb === 'x' || verb === 'X') && typeof v === 'string') {
        const hex = Buffer.from(v, 'utf8').toString('hex');
        return padTo(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
      }
      if ((verb === 'x' || verb === 'X') && typeof v === 'number') return padTo(verb === 'X' ? v.toString(16).toUpperCase() : v.toString(16), spec, true);
      const n = toBigInt(v);
      if (n === undefined) return bad(verb, v);
      if (verb === 'c') return padTo(String.fromCodePoint(Number(n)), spec, false);
      const radix = verb === 'd' ? 10 : verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
      let body = (n < 0n ? -n : n).toString(radix);
      if (verb === 'X') body = body.toUpperCase();
      if (spec.sharp && radix === 16) body = (verb === 'X' ? '0X' : '0x') + body;
      if (spec.sharp && radix === 8) body = `0${body}`;
      if (spec.prec !== undefined) body = body.padStart(spec.prec, '0');
      return padTo(signed(body, n < 0n, spec), spec, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      if (typeof v !== 'number') return bad(verb, v);
      return padTo(formatFloat(verb, v, spec), spec, true);
    case 'T':
      return padTo(goTypeName(v), spec, false);
    default:
      return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`;
  }
}

/** Go's `fmt.Sprintf` for the verbs templates use, with Go's `%!verb(type=value)` for mismatches. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, prec: undefined };
    i++;
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '#') spec.sharp = true;
      else if (f === ' ') spec.space = true;
      else if (f === '0') spec.zero = !spec.minus;
      else break;
    }
    const w = /^\d+/.exec(format.slice(i));
    if (w) {
      spec.width = Number(w[0]);
      i += w[0].length;
    }
    if (format[i] === '.') {
      const p = /^\d*/.exec(format.slice(i + 1))![0];
      spec.prec = p === '' ? 0 : Number(p);
      i += 1 + p.length;
    }
    const verb = format[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++]!, spec);
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${formatValue(a)}`).join(', ')})`;
  return out;
}
