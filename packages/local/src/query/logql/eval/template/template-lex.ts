/** The lexer of Go's `text/template`: text and `{{ }}` actions with trim markers, split into tokens. */
import { TemplateParseError } from './template-ast.js';

/**
 * Tokens. A `field` is a whole chain written without spaces (`.a.b`); `chain` is a chain glued to
 * a closing parenthesis (`(...).a`); `var` may carry its chain too (`$x.a`).
 */
export type Tok =
  | { readonly k: 'word' | 'field' | 'chain' | 'var' | 'string' | 'number' | 'char'; readonly v: string }
  | { readonly k: 'sym'; readonly v: '|' | '(' | ')' | ',' | ':=' | '=' }
  | { readonly k: 'dot' };

export interface Action {
  readonly toks: Tok[];
  readonly pos: string;
}

export type Piece = { readonly text: string } | { readonly action: Action };

export const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*\.)/;

export class Scanner {
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
