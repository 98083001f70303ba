import { parseGoFloat } from '../../syntax/literals.js';
import { callFunction, TEMPLATE_FUNCTIONS, type FunctionContext } from './functions.js';
import { parseTemplate, type Arg, type Command, type Pipe, type TemplateNode } from './parse.js';
import { formatValue, goTypeName, NO_VALUE, StringMap, TemplateExecError, truth, type GoValue } from './values.js';

/** Loops may not run away: Go has no limit, but a query must not hang on `range` over a huge value. */
const MAX_OUTPUT_CHARS = 1 << 20;

class BreakSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

interface Scope {
  readonly vars: Array<[string, GoValue]>;
}

class Execution {
  private out = '';

  constructor(
    private readonly ctx: FunctionContext,
    private readonly root: GoValue,
  ) {}

  run(nodes: readonly TemplateNode[]): string {
    const scope: Scope = { vars: [['$', this.root]] };
    this.list(nodes, this.root, scope);
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
    if (this.out.length > MAX_OUTPUT_CHARS) throw new TemplateExecError(`template output exceeds ${MAX_OUTPUT_CHARS} characters`);
  }

  private list(nodes: readonly TemplateNode[], dot: GoValue, scope: Scope): void {
    const mark = scope.vars.length;
    for (const n of nodes) this.node(n, dot, scope);
    scope.vars.length = mark;
  }

  private node(n: TemplateNode, dot: GoValue, scope: Scope): void {
    switch (n.t) {
      case 'text':
        this.write(n.text);
        return;
      case 'action': {
        const v = this.pipe(n.pipe, dot, scope);
        if (n.pipe.decl.length === 0) this.write(formatValue(v));
        return;
      }
      case 'if':
      case 'with': {
        const mark = scope.vars.length;
        const v = this.pipe(n.pipe, dot, scope);
        if (truth(v)) this.list(n.list, n.t === 'with' ? v : dot, scope);
        else if (n.elseList) this.list(n.elseList, dot, scope);
        scope.vars.length = mark;
        return;
      }
      case 'range':
        this.range(n, dot, scope);
        return;
      case 'break':
      case 'continue':
        throw new BreakSignal(n.t);
    }
  }

  private range(n: Extract<TemplateNode, { pipe: Pipe; list: readonly TemplateNode[] }>, dot: GoValue, scope: Scope): void {
    const mark = scope.vars.length;
    const decl = n.pipe.decl;
    const v = this.pipe({ ...n.pipe, decl: [] }, dot, scope);
    let items: Array<[GoValue, GoValue]>;
    if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x]);
    else if (v instanceof Map) items = [...v.keys()].sort().map((k) => [k, v.get(k)!]);
    else if (v instanceof StringMap) items = Object.keys(v.values).sort().map((k) => [k, v.values[k]!]);
    else if (typeof v === 'bigint') items = Array.from({ length: Number(v > 0n ? v : 0n) }, (_x, i) => [BigInt(i), BigInt(i)]);
    else if (v === null || v === NO_VALUE) items = [];
    else throw new TemplateExecError(`range can't iterate over ${formatValue(v)}`);
    if (items.length === 0) {
      if (n.elseList) this.list(n.elseList, dot, scope);
      return;
    }
    for (const [k, x] of items) {
      scope.vars.length = mark;
      if (decl.length === 1) scope.vars.push([decl[0]!, x]);
      if (decl.length === 2) scope.vars.push([decl[0]!, k], [decl[1]!, x]);
      try {
        this.list(n.list, x, scope);
      } catch (e) {
        if (!(e instanceof BreakSignal)) throw e;
        if (e.kind === 'break') break;
      }
    }
    scope.vars.length = mark;
  }

  private lookupVar(name: string, scope: Scope): GoValue {
    for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i]![0] === name) return scope.vars[i]![1];
    throw new TemplateExecError(`undefined variable: ${name}`);
  }

  private pipe(p: Pipe, dot: GoValue, scope: Scope): GoValue {
    let v: GoValue | undefined;
    for (const cmd of p.cmds) v = this.command(cmd, dot, scope, v);
    const value = v ?? null;
    if (p.decl.length === 1) {
      if (p.assign) {
        const i = scope.vars.findLastIndex(([n]) => n === p.decl[0]);
        if (i === -1) throw new TemplateExecError(`undefined variable: ${p.decl[0]}`);
        scope.vars[i] = [p.decl[0]!, value];
      } else scope.vars.push([p.decl[0]!, value]);
    }
    return value;
  }

  private command(cmd: Command, dot: GoValue, scope: Scope, piped: GoValue | undefined): GoValue {
    const [first, ...rest] = cmd.args;
    if (first!.t === 'ident') {
      const name = first!.name;
      if (name === 'and' || name === 'or') return this.logical(name, rest, dot, scope, piped);
      const args = rest.map((a) => this.arg(a, dot, scope));
      if (piped !== undefined) args.push(piped);
      return callFunction(name, args, this.ctx);
    }
    if (rest.length > 0 || piped !== undefined) throw new TemplateExecError(`can't give argument to non-function ${describe(first!)}`);
    return this.arg(first!, dot, scope);
  }

  /** Go 1.18+: `and`/`or` stop at the first argument that decides. */
  private logical(name: 'and' | 'or', rest: readonly Arg[], dot: GoValue, scope: Scope, piped: GoValue | undefined): GoValue {
    const thunks: Array<() => GoValue> = rest.map((a) => () => this.arg(a, dot, scope));
    if (piped !== undefined) thunks.push(() => piped);
    if (thunks.length === 0) throw new TemplateExecError(`wrong number of args for ${name}: want at least 1 got 0`);
    let v: GoValue = null;
    for (const t of thunks) {
      v = t();
      if (truth(v) === (name === 'or')) return v;
    }
    return v;
  }

  private arg(a: Arg, dot: GoValue, scope: Scope): GoValue {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'field':
        return fields(dot, a.names);
      case 'var':
        return fields(this.lookupVar(a.name, scope), a.fields);
      case 'string':
        return a.value;
      case 'bool':
        return a.value;
      case 'nil':
        return null;
      case 'number':
        if (a.int) return BigInt(a.text);
        return parseGoFloat(a.text);
      case 'ident':
        return callFunction(a.name, [], this.ctx);
      case 'pipe':
        return fields(this.pipe(a.pipe, dot, scope), a.fields);
    }
  }
}

function describe(a: Arg): string {
  switch (a.t) {
    case 'field':
      return `.${a.names.join('.')}`;
    case 'var':
      return a.name;
    default:
      return a.t;
  }
}

function fields(v: GoValue, names: readonly string[]): GoValue {
  let cur = v;
  for (const n of names) {
    if (cur instanceof StringMap) cur = cur.values[n] ?? '';
    else if (cur instanceof Map) cur = cur.get(n) ?? NO_VALUE;
    else if (cur === null || cur === NO_VALUE) throw new TemplateExecError(`nil pointer evaluating interface {}.${n}`);
    else throw new TemplateExecError(`can't evaluate field ${n} in type ${goTypeName(cur)}`);
  }
  return cur;
}

/** A parsed template, ready to run against each line's labels. */
export interface CompiledTemplate {
  /** Executes with the line's labels as data; throws TemplateExecError on failure. */
  execute(labels: Readonly<Record<string, string>>, ctx: FunctionContext): string;
  /** Label names the template reads as fields (`.status`): for the stage's required labels. */
  readonly source: string;
}

/**
 * Compiles a Go template as Loki's `line_format`/`label_format` do (`missingkey=zero`: a label
 * that does not exist reads as ""). Throws TemplateParseError for templates Go would refuse.
 *
 * @example
 * ```ts
 * compileTemplate('line', '{{ .level | ToUpper }}: {{ __line__ }}').execute({ level: 'warn' }, { line: 'x', tsNs: 0n });
 * ```
 */
export function compileTemplate(name: string, source: string): CompiledTemplate {
  const nodes = parseTemplate(name, source, (fn) => TEMPLATE_FUNCTIONS[fn] !== undefined);
  // The most common templates are plain text or a single field: skip the interpreter for those.
  if (nodes.length === 1 && nodes[0]!.t === 'text') {
    const text = nodes[0]!.text;
    return { source, execute: () => text };
  }
  return {
    source,
    execute(labels, ctx) {
      try {
        return new Execution(ctx, new StringMap(labels)).run(nodes);
      } catch (error) {
        if (error instanceof BreakSignal) throw new TemplateExecError(`{{${error.kind}}} outside {{range}}`);
        if (error instanceof TemplateExecError) throw new TemplateExecError(`template: ${name}: ${error.message}`);
        if (error instanceof RangeError) throw new TemplateExecError(`template: ${name}: ${error.message}`);
        throw error;
      }
    },
  };
}
