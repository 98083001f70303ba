import { unquoteGoString, UnquoteError } from '../../syntax/literals.js';

/**
 * A parser for Go's `text/template` language, the part `line_format` and `label_format` use:
 * text and `{{ }}` actions with trim markers, pipelines (`.a | lower | trunc 5`), variables,
 * parenthesised pipelines, `if`/`else if`/`else`, `range`, `with`, `break`, `continue`, comments.
 */

export type Arg =
  | { readonly t: 'field'; readonly names: readonly string[] }
  | { readonly t: 'dot' }
  | { readonly t: 'var'; readonly name: string; readonly fields: readonly string[] }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly text: string; readonly int: boolean }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 'nil' }
  | { readonly t: 'pipe'; readonly pipe: Pipe; readonly fields: readonly string[] };

export interface Command {
  readonly args: readonly Arg[];
}

export interface Pipe {
  /** Declared or assigned variables (`$x :=`, `$i, $v :=`). */
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly cmds: readonly Command[];
  /** Position for error messages (`line:col`). */
  readonly pos: string;
}

export type TemplateNode =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'action'; readonly pipe: Pipe }
  | { readonly t: 'if' | 'with' | 'range'; readonly pipe: Pipe; readonly list: readonly TemplateNode[]; readonly elseList: readonly TemplateNode[] | undefined }
  | { readonly t: 'break' | 'continue' };

/** A template that does not parse; the message has Go's `template: name:line: ...` shape. */
export class TemplateParseError extends Error {
  override readonly name = 'TemplateParseError';
}

/**
 * Tokens. A `field` is a whole chain written without spaces (`.a.b`); `chain` is a chain glued to
 * a closing parenthesis (`(...).a`); `var` may carry its chain too (`$x.a`).
 */
type Tok =
  | { readonly k: 'word' | 'field' | 'chain' | 'var' | 'string' | 'number' | 'char'; readonly v: string }
  | { readonly k: 'sym'; readonly v: '|' | '(' | ')' | ',' | ':=' | '=' }
  | { readonly k: 'dot' };

interface Action {
  readonly toks: Tok[];
  readonly pos: string;
}

type Piece = { readonly text: string } | { readonly action: Action };

const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*\.)/;

class Scanner {
  constructor(
    private readonly name: string,
    private readonly src: string,
  ) {}

  fail(offset: number, msg: string): TemplateParseError {
    const line = this.src.slice(0, offset).split('\n').length;
    return new TemplateParseError(`template: ${this.name}:${line}: ${msg}`);
  }

  pos(offset: number): string {
    const before = this.src.slice(0, offset);
    const line = before.split('\n').length;
    return `${this.name}:${line}:${offset - before.lastIndexOf('\n')}`;
  }

  /** Splits the source into text and actions, applying `{{-` and `-}}` trimming. */
  pieces(): Piece[] {
    const out: Piece[] = [];
    let i = 0;
    let trimNext = false;
    for (;;) {
      const open = this.src.indexOf('{{', i);
      let text = this.src.slice(i, open === -1 ? undefined : open);
      if (trimNext) text = text.replace(/^\s+/, '');
      if (open === -1) {
        if (text) out.push({ text });
        return out;
      }
      let p = open + 2;
      const trimLeft = this.src[p] === '-' && /\s/.test(this.src[p + 1] ?? '');
      if (trimLeft) {
        text = text.replace(/\s+$/, '');
        p += 2;
      }
      if (text) out.push({ text });
      while (/\s/.test(this.src[p] ?? '')) p++;
      if (this.src.startsWith('/*', p)) {
        const end = this.src.indexOf('*/', p + 2);
        if (end === -1) throw this.fail(p, 'unclosed comment');
        let q = end + 2;
        while (/\s/.test(this.src[q] ?? '')) q++;
        trimNext = this.src[q] === '-' && this.src[q + 1] === '}' && this.src[q + 2] === '}';
        if (trimNext) q++;
        if (!this.src.startsWith('}}', q)) throw this.fail(q, 'comment ends before closing delimiter');
        i = q + 2;
        continue;
      }
      const { toks, end, trimRight } = this.action(p);
      out.push({ action: { toks, pos: this.pos(open) } });
      trimNext = trimRight;
      i = end;
    }
  }

  private action(start: number): { toks: Tok[]; end: number; trimRight: boolean } {
    const s = this.src;
    const toks: Tok[] = [];
    let i = start;
    for (;;) {
      while (i < s.length && /\s/.test(s[i]!)) {
        if (s[i] !== '\n' && s.startsWith('-}}', i + 1)) break;
        i++;
      }
      if (i >= s.length) throw this.fail(i, 'unclosed action');
      if (s.startsWith('}}', i)) return { toks, end: i + 2, trimRight: false };
      if (/\s/.test(s[i]!) && s.startsWith('-}}', i + 1)) return { toks, end: i + 4, trimRight: true };
      const c = s[i]!;
      if (c === '"' || c === '`') {
        const end = c === '`' ? s.indexOf('`', i + 1) : this.stringEnd(i);
        if (end === -1) throw this.fail(i, 'unterminated quoted string');
        toks.push({ k: 'string', v: s.slice(i, end + 1) });
        i = end + 1;
        continue;
      }
      if (c === "'") {
        const m = /^'(?:[^'\\]|\\.[^']*)'/.exec(s.slice(i));
        if (!m) throw this.fail(i, 'unterminated character constant');
        toks.push({ k: 'char', v: m[0] });
        i += m[0].length;
        continue;
      }
      if (s.startsWith(':=', i)) {
        toks.push({ k: 'sym', v: ':=' });
        i += 2;
        continue;
      }
      if ('|(),='.includes(c)) {
        toks.push({ k: 'sym', v: c as '|' | '(' | ')' | ',' | '=' });
        i++;
        continue;
      }
      if (c === '$') {
        const m = /^\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(s.slice(i))!;
        toks.push({ k: 'var', v: m[0] });
        i += m[0].length;
        continue;
      }
      if (c === '.') {
        const m = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+/.exec(s.slice(i));
        if (m) {
          toks.push({ k: s[i - 1] === ')' ? 'chain' : 'field', v: m[0].slice(1) });
          i += m[0].length;
          continue;
        }
        if (!/\d/.test(s[i + 1] ?? '')) {
          toks.push({ k: 'dot' });
          i++;
          continue;
        }
      }
      const num = NUMBER.exec(s.slice(i));
      if (num && (/[\d.]/.test(c) || ((c === '-' || c === '+') && /[\d.]/.test(s[i + 1] ?? '')))) {
        toks.push({ k: 'number', v: num[0] });
        i += num[0].length;
        continue;
      }
      const w = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
      if (w) {
        toks.push({ k: 'word', v: w[0] });
        i += w[0].length;
        continue;
      }
      throw this.fail(i, `unexpected ${JSON.stringify(c)} in command`);
    }
  }

  private stringEnd(i: number): number {
    for (let j = i + 1; j < this.src.length; j++) {
      if (this.src[j] === '\\') j++;
      else if (this.src[j] === '"') return j;
      else if (this.src[j] === '\n') return -1;
    }
    return -1;
  }
}

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
