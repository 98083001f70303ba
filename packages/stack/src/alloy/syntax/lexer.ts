import type { Position } from './ast.js';
import { AlloyParseError } from './errors.js';

/**
 * The Alloy scanner. Like Go's (which Alloy's own scanner follows), it turns a newline into a
 * TERMINATOR token when the line ends in something that can end a statement: an identifier, a
 * literal, or a closing `)`, `]`, `}`. That is how `a = 1` ends at the newline while
 * `a = [\n 1,\n]` does not, and why a list whose last element is followed by a newline needs a
 * trailing comma (syntax.md "Terminators", types_and_values.md "Arrays").
 */

export type TokenKind =
  | 'ident'
  | 'string'
  | 'number'
  | 'bool'
  | 'null'
  | 'comment'
  | 'terminator'
  | 'eof'
  | '||'
  | '&&'
  | '!'
  | '!='
  | '='
  | '=='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '{'
  | '}'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '.';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, comment text, number text, or a string's decoded value. */
  readonly text: string;
  readonly pos: Position;
  /** For strings: written with backticks. For strings and identifiers: the exact source text. */
  readonly raw?: boolean;
  readonly source?: string;
}

const LETTER = /[\p{L}_]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}_]/u;
const KEYWORDS: Readonly<Record<string, TokenKind>> = { true: 'bool', false: 'bool', null: 'null' };
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Whether `name` is a valid Alloy identifier (letters, digits, `_`; not starting with a digit). */
export function isIdentifier(name: string): boolean {
  if (name.length === 0 || !LETTER.test(name[0] ?? '')) return false;
  for (const ch of name) if (!LETTER_OR_DIGIT.test(ch)) return false;
  return name !== 'true' && name !== 'false' && name !== 'null';
}

/** Splits Alloy text into tokens, terminators included. Throws {@link AlloyParseError}. */
export function tokenize(text: string): Token[] {
  return new Lexer(text).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private col = 1;
  private insertTerm = false;
  private readonly tokens: Token[] = [];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.advance();
  }

  run(): Token[] {
    for (;;) {
      this.skipBlanks();
      const pos = this.position();
      const ch = this.text[this.offset];
      if (ch === undefined) {
        if (this.insertTerm) this.push('terminator', '\n', pos);
        this.push('eof', '', pos);
        return this.tokens;
      }
      if (ch === '\n') {
        // Only reached when a terminator is due: skipBlanks eats other newlines.
        this.advance();
        this.push('terminator', '\n', pos);
        continue;
      }
      this.scanToken(ch, pos);
    }
  }

  private scanToken(ch: string, pos: Position): void {
    if (LETTER.test(ch)) return this.scanIdentifier(pos);
    if (isDigit(ch) || (ch === '.' && isDigit(this.peek(1)))) return this.scanNumber(pos);
    if (ch === '"') return this.scanString(pos);
    if (ch === '`') return this.scanRawString(pos);
    if (ch === '/' && (this.peek(1) === '/' || this.peek(1) === '*')) return this.scanComment(pos);
    if (ch === "'") this.fail('single-quoted strings are not Alloy syntax; use double quotes', pos);
    if (ch === '#') this.fail('`#` does not start a comment in Alloy; use `//` or `/* */`', pos);
    const two = ch + this.peek(1);
    if (two === '||' || two === '&&' || two === '!=' || two === '==' || two === '<=' || two === '>=') {
      this.advance();
      this.advance();
      return this.push(two, two, pos, false);
    }
    if (ch === '|' || ch === '&') this.fail(`\`${ch}\` must be doubled: \`${ch}${ch}\``, pos);
    if ('!=<>+-*/%^{(,.['.includes(ch)) {
      this.advance();
      return this.push(ch as TokenKind, ch, pos, false);
    }
    if (ch === '}' || ch === ')' || ch === ']') {
      this.advance();
      return this.push(ch, ch, pos, true);
    }
    this.fail(`illegal character ${JSON.stringify(ch)}`, pos);
  }

  private scanIdentifier(pos: Position): void {
    const start = this.offset;
    while (this.offset < this.text.length) {
      const cp = this.text.codePointAt(this.offset) ?? 0;
      const ch = String.fromCodePoint(cp);
      if (!LETTER_OR_DIGIT.test(ch)) break;
      this.advance(ch.length);
    }
    const word = this.text.slice(start, this.offset);
    this.push(KEYWORDS[word] ?? 'ident', word, pos, true);
  }

  private scanNumber(pos: Position): void {
    const start = this.offset;
    while (isDigit(this.peek(0))) this.advance();
    if (this.peek(0) === '.' && isDigit(this.peek(1))) {
      this.advance();
      while (isDigit(this.peek(0))) this.advance();
    }
    if (this.peek(0) === 'e' || this.peek(0) === 'E') {
      this.advance();
      if (this.peek(0) === '+' || this.peek(0) === '-') this.advance();
      if (!isDigit(this.peek(0))) this.fail('exponent has no digits', this.position());
      while (isDigit(this.peek(0))) this.advance();
    }
    this.push('number', this.text.slice(start, this.offset), pos, true);
  }

  private scanString(pos: Position): void {
    const start = this.offset;
    this.advance();
    let value = '';
    for (;;) {
      const ch = this.peek(0);
      if (ch === '' || ch === '\n') this.fail('string literal not terminated', pos);
      if (ch === '"') break;
      if (ch === '\\') {
        value += this.scanEscape();
        continue;
      }
      value += ch;
      this.advance();
    }
    this.advance();
    this.tokens.push({ kind: 'string', text: value, pos, source: this.text.slice(start, this.offset) });
    this.insertTerm = true;
  }

  private scanEscape(): string {
    const at = this.position();
    this.advance();
    const ch = this.peek(0);
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) {
      this.advance();
      return simple;
    }
    const [digits, base] = ch === 'x' ? [2, 16] : ch === 'u' ? [4, 16] : ch === 'U' ? [8, 16] : /[0-7]/.test(ch) ? [3, 8] : [0, 0];
    if (digits === 0) this.fail(ch === '' ? 'escape sequence not terminated' : `unknown escape sequence \\${ch}`, at);
    if (base === 16) this.advance();
    const body = this.text.slice(this.offset, this.offset + digits);
    const valid = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
    if (body.length !== digits || !valid.test(body)) this.fail(`escape sequence needs ${digits} ${base === 16 ? 'hex' : 'octal'} digits`, at);
    this.advance(digits);
    const code = parseInt(body, base);
    if (ch === 'x' || base === 8) {
      if (code > 255) this.fail('octal escape value above 255', at);
      // \xNN and \NNN are bytes; Alloy strings are UTF-8, so a lone byte >= 0x80 has no character.
      return String.fromCharCode(code);
    }
    if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) this.fail('escape sequence is an invalid Unicode code point', at);
    return String.fromCodePoint(code);
  }

  private scanRawString(pos: Position): void {
    const start = this.offset;
    this.advance();
    const end = this.text.indexOf('`', this.offset);
    if (end < 0) this.fail('raw string literal not terminated', pos);
    const value = this.text.slice(this.offset, end);
    this.advance(end + 1 - this.offset);
    this.tokens.push({ kind: 'string', text: value, pos, raw: true, source: this.text.slice(start, this.offset) });
    this.insertTerm = true;
  }

  private scanComment(pos: Position): void {
    // A line that ends in a comment still ends its statement: emit the terminator first.
    const start = this.offset;
    if (this.peek(1) === '/') {
      while (this.offset < this.text.length && this.peek(0) !== '\n') this.advance();
    } else {
      const end = this.text.indexOf('*/', this.offset + 2);
      if (end < 0) this.fail('block comment not terminated', pos);
      const spansLines = this.text.slice(start, end).includes('\n');
      this.advance(end + 2 - this.offset);
      if (spansLines && this.insertTerm) {
        this.tokens.push({ kind: 'comment', text: this.text.slice(start, this.offset).replace(/\r$/, ''), pos });
        this.push('terminator', '\n', pos);
        return;
      }
    }
    this.tokens.push({ kind: 'comment', text: this.text.slice(start, this.offset).replace(/\r$/, ''), pos });
  }

  private skipBlanks(): void {
    for (;;) {
      const ch = this.peek(0);
      if (ch === ' ' || ch === '\t' || ch === '\r' || (ch === '\n' && !this.insertTerm)) this.advance();
      else return;
    }
  }

  private push(kind: TokenKind, text: string, pos: Position, insertTerm = kind === 'ident' || kind === 'number' || kind === 'bool' || kind === 'null'): void {
    this.tokens.push({ kind, text, pos });
    if (kind !== 'terminator') this.insertTerm = insertTerm;
    else this.insertTerm = false;
  }

  private peek(ahead: number): string {
    return this.text[this.offset + ahead] ?? '';
  }

  private advance(count = 1): void {
    for (let i = 0; i < count && this.offset < this.text.length; i++) {
      if (this.text[this.offset] === '\n') {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.offset++;
    }
  }

  private position(): Position {
    return { line: this.line, col: this.col, offset: this.offset };
  }

  private fail(message: string, pos: Position): never {
    throw new AlloyParseError(message, pos.line, pos.col, this.text);
  }
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9' && ch.length === 1;
}
