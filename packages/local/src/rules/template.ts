import type { Labels } from '../model/labels.js';
import { formatFloatF, formatFloatG, formatFloatGPrec } from '../query/promql/syntax/go-float.js';
import { parseDuration } from '../query/promql/syntax/lexical.js';
import { TemplateError } from './errors.js';
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';

/**
 * The subset of Go's text/template that Prometheus alert labels and annotations use:
 * `{{ $labels.x }}`, `{{ $value }}`, `{{ $externalLabels.x }}`, `{{ .Labels.x }}`, pipelines
 * (`{{ $value | humanize }}`), `printf`, comparison and `if`/`else`, trim markers `{{- -}}`, and
 * Prometheus' functions. Anything else is a TemplateError at load time, not a surprise at 3 a.m.
 */

/** What a rule template can see. */
export interface TemplateData {
  readonly labels: Labels;
  readonly value: number;
  readonly externalLabels: Labels;
  readonly externalURL: string;
}

type Value = string | number | boolean | Labels | undefined;

type Arg =
  | { readonly kind: 'var'; readonly name: string; readonly fields: readonly string[] }
  | { readonly kind: 'dot'; readonly fields: readonly string[] }
  | { readonly kind: 'lit'; readonly value: Value }
  | { readonly kind: 'func'; readonly name: string }
  | { readonly kind: 'pipe'; readonly pipe: Pipeline };

type Command = readonly Arg[];
interface Pipeline {
  readonly decl?: string;
  readonly commands: readonly Command[];
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipeline }
  | { readonly kind: 'if'; readonly branches: ReadonlyArray<{ readonly cond: Pipeline | undefined; readonly body: readonly Node[] }> };

/** A parsed template, ready to expand many times. */
export interface CompiledTemplate {
  expand(data: TemplateData): string;
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|(\.(?:[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)?)|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|(:=)|(\|)|(\()|(\))|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(src: string, name: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let rest = src;
  while (rest.trim() !== '') {
    TOKEN.lastIndex = 0;
    const m = TOKEN.exec(rest);
    if (!m) throw new TemplateError(`template: ${name}: unexpected ${JSON.stringify(rest.trim().slice(0, 10))} in command`);
    out.push(m[0].trim());
    rest = rest.slice(m[0].length);
  }
  return out;
}

class PipelineParser {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly name: string,
  ) {}

  pipeline(): Pipeline {
    let decl: string | undefined;
    if (this.tokens[this.i]?.startsWith('$') && this.tokens[this.i + 1] === ':=') {
      decl = this.tokens[this.i]!.slice(1);
      this.i += 2;
    }
    const commands: Command[] = [this.command()];
    while (this.tokens[this.i] === '|') {
      this.i++;
      commands.push(this.command());
    }
    return decl === undefined ? { commands } : { decl, commands };
  }

  end(): void {
    if (this.i < this.tokens.length) throw new TemplateError(`template: ${this.name}: unexpected ${JSON.stringify(this.tokens[this.i])} in operand`);
  }

  private command(): Command {
    const args: Arg[] = [];
    while (this.i < this.tokens.length && this.tokens[this.i] !== '|' && this.tokens[this.i] !== ')') args.push(this.arg());
    if (args.length === 0) throw new TemplateError(`template: ${this.name}: missing value for command`);
    return args;
  }

  private arg(): Arg {
    const t = this.tokens[this.i++]!;
    if (t === '(') {
      const pipe = this.pipeline();
      if (this.tokens[this.i++] !== ')') throw new TemplateError(`template: ${this.name}: unclosed left paren`);
      return { kind: 'pipe', pipe };
    }
    if (t.startsWith('"')) return { kind: 'lit', value: JSON.parse(t) as string };
    if (t.startsWith('`')) return { kind: 'lit', value: t.slice(1, -1) };
    if (t.startsWith('$')) {
      const [v, ...fields] = t.slice(1).split('.');
      return { kind: 'var', name: v!, fields };
    }
    if (t.startsWith('.')) return { kind: 'dot', fields: t === '.' ? [] : t.slice(1).split('.') };
    if (/^[-+.\d]/.test(t)) return { kind: 'lit', value: Number(t) };
    if (t === 'true' || t === 'false') return { kind: 'lit', value: t === 'true' };
    if (!(t in FUNCS)) throw new TemplateError(`template: ${this.name}: function "${t}" not defined`);
    return { kind: 'func', name: t };
  }
}

function toFloat(v: Value, fn: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^[-+]?(inf|nan)$/i.test(v)) return Number(v.replace(/inf/i, 'Infinity'));
  throw new TemplateError(`error calling ${fn}: cannot convert ${JSON.stringify(v)} to a number`);
}

function print(v: Value): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return `map[${Object.keys(v).sort().map((k) => `${k}:${v[k]}`).join(' ')}]`;
}

function truthy(v: Value): boolean {
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

const FUNCS: Readonly<Record<string, (...args: Value[]) => Value>> = {
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

function field(v: Value, fields: readonly string[]): Value {
  let cur = v;
  for (const f of fields) cur = typeof cur === 'object' ? (cur[f] ?? '') : undefined;
  return cur;
}

class Expander {
  private readonly vars = new Map<string, Value>();

  constructor(private readonly data: TemplateData) {
    this.vars.set('labels', data.labels);
    this.vars.set('value', data.value);
    this.vars.set('externalLabels', data.externalLabels);
    this.vars.set('externalURL', data.externalURL);
  }

  private dot(): Labels & Record<string, never> {
    return {} as Labels & Record<string, never>;
  }

  arg(a: Arg, piped: Value[] = []): Value {
    switch (a.kind) {
      case 'lit':
        return a.value;
      case 'var':
        return field(a.name === '' ? undefined : this.vars.get(a.name), a.fields);
      case 'dot': {
        const root: Record<string, Value> = { Labels: this.data.labels, Value: this.data.value, ExternalLabels: this.data.externalLabels, ExternalURL: this.data.externalURL };
        if (a.fields.length === 0) return this.dot();
        return field(root[a.fields[0]!], a.fields.slice(1));
      }
      case 'pipe':
        return this.pipeline(a.pipe);
      case 'func':
        return FUNCS[a.name]!(...piped);
    }
  }

  command(cmd: Command, piped: Value | undefined, first: boolean): Value {
    const [head, ...rest] = cmd;
    const extra = first ? [] : [piped];
    if (head!.kind === 'func') return FUNCS[head!.name]!(...rest.map((r) => this.arg(r)), ...extra);
    if (cmd.length > 1 || !first) throw new TemplateError(`can't give argument to non-function ${head!.kind === 'var' ? `$${head!.name}` : 'value'}`);
    return this.arg(head!);
  }

  pipeline(p: Pipeline): Value {
    let v: Value;
    p.commands.forEach((c, i) => (v = this.command(c, v, i === 0)));
    if (p.decl !== undefined) {
      this.vars.set(p.decl, v);
      return undefined;
    }
    return v;
  }

  nodes(list: readonly Node[]): string {
    let out = '';
    for (const n of list) {
      if (n.kind === 'text') out += n.text;
      else if (n.kind === 'action') {
        const v = this.pipeline(n.pipe);
        if (n.pipe.decl === undefined) out += print(v);
      } else {
        const branch = n.branches.find((b) => b.cond === undefined || truthy(this.pipeline(b.cond)));
        if (branch) out += this.nodes(branch.body);
      }
    }
    return out;
  }
}

/**
 * Parses a label or annotation template. Throws TemplateError for syntax Prometheus would reject
 * or that this subset does not support.
 *
 * @example
 * ```ts
 * compileTemplate('{{ $labels.instance }} is at {{ $value | humanizePercentage }}', 'summary')
 *   .expand({ labels: { instance: 'a' }, value: 0.5, externalLabels: {}, externalURL: '' }); // "a is at 50%"
 * ```
 */
export function compileTemplate(text: string, name: string): CompiledTemplate {
  const parts: Array<{ kind: 'text'; text: string } | { kind: 'action'; body: string }> = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      parts.push({ kind: 'text', text: rest });
      break;
    }
    let before = rest.slice(0, open);
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(`template: ${name}: unclosed action`);
    let body = rest.slice(open + 2, close);
    if (body.startsWith('-') && /^-\s/.test(body)) {
      before = before.replace(/\s+$/, '');
      body = body.slice(1);
    }
    let after = rest.slice(close + 2);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      after = after.replace(/^\s+/, '');
    }
    parts.push({ kind: 'text', text: before });
    if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) parts.push({ kind: 'action', body });
    rest = after;
  }
  let k = 0;
  const parseList = (inIf: boolean): { nodes: Node[]; stop?: string; cond?: Pipeline } => {
    const nodes: Node[] = [];
    while (k < parts.length) {
      const p = parts[k++]!;
      if (p.kind === 'text') {
        if (p.text) nodes.push({ kind: 'text', text: p.text });
        continue;
      }
      const tokens = tokenize(p.body, name);
      const word = tokens[0];
      if (word === 'if') {
        const branches: Array<{ cond: Pipeline | undefined; body: Node[] }> = [];
        let cond: Pipeline | undefined = parsePipe(tokens.slice(1));
        for (;;) {
          const r = parseList(true);
          branches.push({ cond, body: r.nodes });
          if (r.stop === 'end') break;
          cond = r.cond;
        }
        nodes.push({ kind: 'if', branches });
      } else if (word === 'else' || word === 'end') {
        if (!inIf) throw new TemplateError(`template: ${name}: unexpected {{${word}}}`);
        if (word === 'end') return { nodes, stop: 'end' };
        return tokens[1] === 'if' ? { nodes, stop: 'else', cond: parsePipe(tokens.slice(2)) } : { nodes, stop: 'else' };
      } else if (word === 'range' || word === 'with' || word === 'define' || word === 'template' || word === 'block') {
        throw new TemplateError(`template: ${name}: {{${word}}} is not supported in srcobs rule templates`);
      } else {
        nodes.push({ kind: 'action', pipe: parsePipe(tokens) });
      }
    }
    if (inIf) throw new TemplateError(`template: ${name}: unexpected EOF, missing {{end}}`);
    return { nodes };
  };
  const parsePipe = (tokens: string[]): Pipeline => {
    const p = new PipelineParser(tokens, name);
    const pipe = p.pipeline();
    p.end();
    return pipe;
  };
  const { nodes } = parseList(false);
  return {
    expand(data) {
      try {
        return new Expander(data).nodes(nodes);
      } catch (error) {
        if (error instanceof TemplateError) throw error;
        throw new TemplateError(`template: ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    },
  };
}
