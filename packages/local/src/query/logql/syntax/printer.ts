import type { LabelMatcher } from '../../../model/labels.js';
import type { Grouping, LabelFilterExpr, LogQLExpr, LogRange, LogSelectorExpr, MetricExpr, Stage } from './ast.js';

const GO_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** Go's `strconv.Quote`: the form Loki prints strings in. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = GO_ESCAPES[ch];
    if (esc) out += esc;
    else {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
  }
  return `${out}"`;
}

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`. */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const plain = String(v);
  if (!plain.includes('e')) return plain;
  const [mant, expText] = v.toExponential().split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const dp = Number(expText) + 1;
  const body = dp <= 0 ? `0.${'0'.repeat(-dp)}${digits}` : dp >= digits.length ? digits + '0'.repeat(dp - digits.length) : `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  return neg ? `-${body}` : body;
}

const MODEL_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86400e9],
  ['w', 7 * 86400e9],
  ['d', 86400e9],
  ['h', 3600e9],
  ['m', 60e9],
  ['s', 1e9],
  ['ms', 1e6],
];

/** Prometheus' `model.Duration` printing (`5m`, `1h30m`, `1d`), used for ranges. Nanoseconds in. */
export function formatModelDuration(ns: number): string {
  if (ns === 0) return '0s';
  let rest = Math.round(ns / 1e6) * 1e6;
  let out = '';
  for (const [unit, mult] of MODEL_UNITS) {
    // Years and weeks only when exact, as Prometheus prints them.
    if ((unit === 'y' || unit === 'w') && rest % mult !== 0) continue;
    const n = Math.floor(rest / mult);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * mult;
    }
  }
  return out;
}

/** Go's `time.Duration.String()` (`1m0s`, `250ms`, `1h30m0s`), which Loki uses for offsets and duration filters. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    const [unit, div] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    out = `${formatFloat(u / div)}${unit}`;
  } else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    const s = `${formatFloat(u / 1e9)}s`;
    out = h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
  }
  return neg ? `-${out}` : out;
}

function matcher(m: LabelMatcher): string {
  return `${m.name}${m.op}${goQuote(m.value)}`;
}

function labelFilter(f: LabelFilterExpr): string {
  switch (f.kind) {
    case 'string':
      return matcher(f.matcher);
    case 'number':
      return `${f.name}${f.op}${formatFloat(f.value)}`;
    case 'duration':
      return `${f.name}${f.op}${formatGoDuration(f.value * 1e9)}`;
    case 'bytes':
      return `${f.name}${f.op}${f.text}`;
    case 'and':
    case 'or':
      return `( ${labelFilter(f.left)} ${f.kind === 'and' ? ',' : 'or'} ${labelFilter(f.right)} )`;
  }
}

function extractions(params: ReadonlyArray<{ name: string; expression: string }>): string {
  return params.map((p) => `${p.name}=${goQuote(p.expression)}`).join(',');
}

function stage(s: Stage): string {
  switch (s.kind) {
    case 'line_filter':
      return `${s.filter.op} ${s.filter.values.map(goQuote).join(' or ')}`;
    case 'json':
      return s.params.length ? `| json ${extractions(s.params)}` : '| json';
    case 'logfmt': {
      const flags = [s.strict ? '--strict' : '', s.keepEmpty ? '--keep-empty' : ''].filter(Boolean);
      return ['| logfmt', ...flags, ...(s.params.length ? [extractions(s.params)] : [])].join(' ');
    }
    case 'regexp':
      return `| regexp ${goQuote(s.pattern)}`;
    case 'pattern':
      return `| pattern ${goQuote(s.pattern)}`;
    case 'unpack':
      return '| unpack';
    case 'label_filter':
      return `| ${labelFilter(s.filter)}`;
    case 'line_format':
      return `| line_format ${goQuote(s.template)}`;
    case 'label_format':
      return `| label_format ${s.items.map((i) => (i.rename ? `${i.dst}=${i.src}` : `${i.dst}=${goQuote(i.template)}`)).join(',')}`;
    case 'decolorize':
      return '| decolorize';
    case 'drop':
    case 'keep':
      return `| ${s.kind} ${s.labels.map((l) => (l.matcher ? matcher(l.matcher) : l.name)).join(',')}`;
  }
}

/** A log selector with its pipeline: `{app="a"} |= "x" | json`. */
export function formatSelector(e: LogSelectorExpr): string {
  const sel = `{${e.matchers.map(matcher).join(', ')}}`;
  return e.stages.length ? `${sel} ${e.stages.map(stage).join(' ')}` : sel;
}

function logRange(r: LogRange): string {
  const range = `[${formatModelDuration(r.rangeNs)}]${r.offsetNs !== 0 ? ` offset ${formatGoDuration(r.offsetNs)}` : ''}`;
  if (!r.unwrap) return formatSelector(r.selector) + range;
  const conv = r.unwrap.conversion === 'float' ? r.unwrap.label : `${r.unwrap.conversion}(${r.unwrap.label})`;
  const unwrap = ` | unwrap ${conv}${r.unwrap.postFilters.map((f) => ` | ${labelFilter(f)}`).join('')}`;
  // The grammar has no `pipeline unwrap [range] offset` form, but it has `[range] offset pipeline unwrap`.
  if (r.offsetNs !== 0) {
    const sel = `{${r.selector.matchers.map(matcher).join(', ')}}`;
    return `${sel}${range}${r.selector.stages.map((s) => ` ${stage(s)}`).join('')}${unwrap}`;
  }
  return formatSelector(r.selector) + unwrap + range;
}

function grouping(g: Grouping | undefined): string {
  if (!g) return '';
  if (!g.without && g.labels.length === 0) return '';
  return `${g.without ? ' without ' : ' by '}(${g.labels.join(',')})`;
}

function metric(e: MetricExpr): string {
  switch (e.kind) {
    case 'range_agg':
      return `${e.op}(${e.param !== undefined ? `${formatFloat(e.param)},` : ''}${logRange(e.range)})${grouping(e.grouping)}`;
    case 'vector_agg':
      return `${e.op}${grouping(e.grouping)}(${e.param !== undefined ? `${e.param},` : ''}${metric(e.expr)})`;
    case 'binary': {
      let op: string = e.op;
      if (e.bool) op += ' bool';
      if (e.matching) {
        const group = e.matching.card === 'many-to-one' ? 'group_left' : e.matching.card === 'one-to-many' ? 'group_right' : '';
        const include = e.matching.include.length ? `${group} (${e.matching.include.join(',')})` : group;
        op += ` ${e.matching.on ? 'on' : 'ignoring'} (${e.matching.labels.join(',')})${include ? ` ${include}` : ''}`;
      }
      return `(${metric(e.lhs)} ${op} ${metric(e.rhs)})`;
    }
    case 'literal':
      return formatFloat(e.value);
    case 'vector':
      return `vector(${formatFloat(e.value)})`;
    case 'label_replace':
      return `label_replace(${metric(e.expr)},${[e.dst, e.replacement, e.src, e.regex].map(goQuote).join(',')})`;
  }
}

/**
 * Prints a query in Loki's canonical form (`syntax.Expr.String()`), which parses back to the
 * same AST: `sum by (app)(count_over_time({app="a"} |= "x"[5m]))`.
 */
export function formatLogQL(e: LogQLExpr): string {
  return e.kind === 'log' ? formatSelector(e) : metric(e);
}
