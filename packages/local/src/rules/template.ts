import type { Labels } from '../model/labels.js';
import { TemplateError } from './errors.js';
import { FUNCS, print, truthy, type Value } from './template-functions.js';

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
