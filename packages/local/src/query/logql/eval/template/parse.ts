/** The parser of Go's `text/template` (see template-ast.ts): actions into a node tree, functions checked at parse time. */
import { unquoteGoString, UnquoteError } from '../../syntax/literals.js';
import { type Arg, type Command, type Pipe, type TemplateNode, TemplateParseError } from './template-ast.js';
import { type Tok, type Piece, Scanner } from './template-lex.js';

export { TemplateParseError, type Arg, type Command, type Pipe, type TemplateNode } from './template-ast.js';

/** Builds the node tree from pieces, checking function names against the table. */
class TreeBuilder {
  private i = 0;

  constructor(
    private readonly pieces: Piece[],
    private readonly name: string,
    private readonly isFunction: (name: string) => boolean,
  ) {}

  private fail(pos: string, msg: string): TemplateParseError {
    const [, line] = pos.split(':');
    return new TemplateParseError(`template: ${this.name}:${line}: ${msg}`);
  }

  build(): TemplateNode[] {
    const { list, end } = this.list(0);
    if (end) throw this.fail(end.pos, `unexpected {{${end.word}}}`);
    return list;
  }

  /** Parses nodes until `{{end}}`/`{{else}}` (returned) or the end of input. */
  private list(depth: number): { list: TemplateNode[]; end: { word: 'end' | 'else'; pos: string; rest: Tok[] } | undefined } {
    const out: TemplateNode[] = [];
    while (this.i < this.pieces.length) {
      const piece = this.pieces[this.i++]!;
      if ('text' in piece) {
        out.push({ t: 'text', text: piece.text });
        continue;
      }
      const { toks, pos } = piece.action;
      const first = toks[0];
      if (!first) throw this.fail(pos, 'missing value for command');
      const word = first.k === 'word' ? first.v : '';
      if (word === 'end' || word === 'else') {
        if (depth === 0) throw this.fail(pos, `unexpected {{${word}}}`);
        return { list: out, end: { word, pos, rest: toks.slice(1) } };
      }
      if (word === 'if' || word === 'with' || word === 'range') out.push(this.control(word, toks.slice(1), pos, depth));
      else if (word === 'break' || word === 'continue') out.push({ t: word });
      else if (word === 'define' || word === 'template' || word === 'block') throw this.fail(pos, `{{${word}}} is not supported in LogQL templates`);
      else out.push({ t: 'action', pipe: this.pipe(toks, pos, false) });
    }
    return { list: out, end: undefined };
  }

  private control(word: 'if' | 'with' | 'range', toks: Tok[], pos: string, depth: number): TemplateNode {
    const pipe = this.pipe(toks, pos, word === 'range');
    const body = this.list(depth + 1);
    if (!body.end) throw this.fail(pos, `unexpected EOF`);
    let elseList: TemplateNode[] | undefined;
    if (body.end.word === 'else') {
      const rest = body.end.rest;
      if (rest[0]?.k === 'word' && (rest[0].v === 'if' || rest[0].v === 'with')) {
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the closing `{{end}}`.
        elseList = [this.control(rest[0].v, rest.slice(1), body.end.pos, depth)];
      } else {
        const tail = this.list(depth + 1);
        if (tail.end?.word !== 'end') throw this.fail(pos, 'expected end; found else');
        elseList = tail.list;
      }
    }
    return { t: word, pipe, list: body.list, elseList };
  }

  private pipe(toks: Tok[], pos: string, allowTwo: boolean): Pipe {
    let decl: string[] = [];
    let assign = false;
    let rest = toks;
    const declEnd = toks.findIndex((t) => t.k === 'sym' && (t.v === ':=' || t.v === '='));
    if (declEnd > 0 && toks.slice(0, declEnd).every((t, i) => (i % 2 === 0 ? t.k === 'var' : t.k === 'sym' && t.v === ','))) {
      decl = toks.slice(0, declEnd).filter((t) => t.k === 'var').map((t) => (t as { v: string }).v);
      if (decl.length > (allowTwo ? 2 : 1)) throw this.fail(pos, 'too many declarations in command');
      assign = (toks[declEnd] as { v: string }).v === '=';
      rest = toks.slice(declEnd + 1);
    }
    const cmds: Command[] = [];
    let current: Arg[] = [];
    let j = 0;
    const readArg = (): Arg => {
      const t = rest[j++]!;
      switch (t.k) {
        case 'field':
          return { t: 'field', names: t.v.split('.') };
        case 'chain':
          throw this.fail(pos, `unexpected .${t.v} in operand`);
        case 'dot':
          return { t: 'dot' };
        case 'var': {
          const [name, ...fields] = t.v.split('.');
          return { t: 'var', name: name!, fields };
        }
        case 'string':
          try {
            return { t: 'string', value: unquoteGoString(t.v) };
          } catch (error) {
            if (error instanceof UnquoteError) throw this.fail(pos, `${error.message}: ${t.v}`);
            throw error;
          }
        case 'char':
          return { t: 'number', text: String(unquoteGoString(`"${t.v.slice(1, -1)}"`).codePointAt(0) ?? 0), int: true };
        case 'number': {
          const int = !/[.eEpP]/.test(t.v) || /^[+-]?0[xX][0-9a-fA-F_]+$/.test(t.v);
          return { t: 'number', text: t.v.replace(/_/g, ''), int };
        }
        case 'word':
          if (t.v === 'true' || t.v === 'false') return { t: 'bool', value: t.v === 'true' };
          if (t.v === 'nil') return { t: 'nil' };
          if (!this.isFunction(t.v)) throw this.fail(pos, `function ${JSON.stringify(t.v)} not defined`);
          return { t: 'ident', name: t.v };
        case 'sym':
          if (t.v === '(') {
            let depthP = 1;
            const start = j;
            while (j < rest.length && depthP > 0) {
              const x = rest[j++]!;
              if (x.k === 'sym' && x.v === '(') depthP++;
              if (x.k === 'sym' && x.v === ')') depthP--;
            }
            if (depthP !== 0) throw this.fail(pos, 'unclosed left paren');
            const inner = this.pipe(rest.slice(start, j - 1), pos, false);
            const next = rest[j];
            const fields = next?.k === 'chain' ? (j++, next.v.split('.')) : [];
            return { t: 'pipe', pipe: inner, fields };
          }
          throw this.fail(pos, `unexpected ${JSON.stringify(t.v)} in operand`);
      }
    };
    while (j < rest.length) {
      const t = rest[j]!;
      if (t.k === 'sym' && t.v === '|') {
        if (current.length === 0) throw this.fail(pos, 'missing command');
        cmds.push({ args: current });
        current = [];
        j++;
        continue;
      }
      current.push(readArg());
    }
    if (current.length === 0) throw this.fail(pos, cmds.length ? 'missing command' : 'missing value for command');
    cmds.push({ args: current });
    return { decl, assign, cmds, pos };
  }
}

/** Parses a template. `isFunction` says which identifiers are functions (Go checks them at parse time). */
export function parseTemplate(name: string, source: string, isFunction: (name: string) => boolean): TemplateNode[] {
  const pieces = new Scanner(name, source).pieces();
  return new TreeBuilder(pieces, name, isFunction).build();
}
