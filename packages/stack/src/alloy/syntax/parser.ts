import type { AlloyFile, BinaryOp, Block, Comment, Expr, ObjectField, Position, Statement } from './ast.js';
import { BINARY_PRECEDENCE } from './ast.js';
import { AlloyParseError } from './errors.js';
import { isIdentifier, tokenize, type Token, type TokenKind } from './lexer.js';

/**
 * Parses Alloy configuration text into a syntax tree, following the grammar Alloy's own parser
 * documents (`File = Body`, `Body = [ Statement { terminator Statement } ]`,
 * `Statement = Attribute | Block`, `BlockName = identifier { "." identifier } [ string ]`,
 * expressions by precedence with `^` right-associative, then unary `!`/`-`, then postfix
 * `.name`, `[index]` and `(args)`).
 *
 * Comments are kept where a printer can put them back: the ones above a statement, the one after
 * it on the same line, and the ones closing a body. Comments inside an expression move to the
 * next statement.
 *
 * @throws {AlloyParseError} at the first syntax error, with its line and column.
 * @example
 * ```ts
 * const file = parseAlloy('loki.write "default" {\n  endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }\n}\n');
 * file.body[0]; // { kind: 'block', name: 'loki.write', label: 'default', body: [...] }
 * ```
 */
export function parseAlloy(text: string): AlloyFile {
  return new Parser(text).parseFile();
}

/** Parses a single expression, e.g. `discovery.relabel.pods.output` or `sys.env("HOME") + "/x"`. */
export function parseAlloyExpression(text: string): Expr {
  const parser = new Parser(text);
  const expr = parser.parseExpression();
  parser.expectEnd();
  return expr;
}

interface PendingComment {
  readonly text: Comment;
  readonly line: number;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private pending: PendingComment[] = [];
  /** Line of the last non-comment, non-terminator token consumed. */
  private lastLine = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
    this.skipComments();
  }

  parseFile(): AlloyFile {
    const { body, closing } = this.parseBody('eof');
    return closing.length > 0 ? { kind: 'file', body, trailingComments: closing } : { kind: 'file', body };
  }

  expectEnd(): void {
    if (this.kind() === 'terminator') this.next();
    if (this.kind() !== 'eof') this.fail(`unexpected ${describe(this.tok)} after the expression`);
  }

  /** The current token's kind (a method, so TypeScript does not narrow it across `next()`). */
  private kind(): TokenKind {
    return this.tok.kind;
  }

  private get tok(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const current = this.tok;
    if (current.kind !== 'terminator' && current.kind !== 'eof') this.lastLine = current.pos.line;
    if (this.index < this.tokens.length - 1) this.index++;
    this.skipComments();
    return current;
  }

  private skipComments(): void {
    while (this.kind() === 'comment') {
      this.pending.push({ text: this.tok.text, line: this.tok.pos.line });
      this.index++;
    }
  }

  private expect(kind: TokenKind, what?: string): Token {
    if (this.kind() !== kind) this.fail(`expected ${what ?? `\`${kind}\``}, got ${describe(this.tok)}`);
    return this.next();
  }

  private fail(message: string, pos: Position = this.tok.pos): never {
    throw new AlloyParseError(message, pos.line, pos.col, this.text);
  }

  private takeComments(): Comment[] {
    const taken = this.pending.map((c) => c.text);
    this.pending = [];
    return taken;
  }

  /** `Body = [ Statement { terminator Statement } ]`, up to (not including) `until`. */
  private parseBody(until: 'eof' | '}'): { body: Statement[]; closing: Comment[] } {
    const body: Statement[] = [];
    // Blank lines before the first statement are not statements.
    while (this.kind() === 'terminator') this.next();
    while (this.kind() !== until) {
      if (this.kind() === 'eof') this.fail(`expected \`}\` to close the block, got end of file`);
      const leading = this.takeComments();
      let statement = this.parseStatement();
      if (leading.length > 0) statement = { ...statement, comments: leading };
      const sameLine = this.pending.filter((c) => c.line === this.lastLine);
      if (sameLine.length > 0) {
        this.pending = this.pending.filter((c) => c.line !== this.lastLine);
        statement = { ...statement, lineComment: sameLine.map((c) => c.text).join(' ') } as Statement;
      }
      body.push(statement);
      if (this.kind() === until) break;
      if (this.kind() !== 'terminator') this.fail(`expected a newline after the ${statement.kind === 'block' ? 'block' : 'attribute'}, got ${describe(this.tok)}`);
      while (this.kind() === 'terminator') this.next();
    }
    return { body, closing: this.takeComments() };
  }

  /** `Statement = Attribute | Block`; `Attribute = identifier "=" Expression`; `Block = BlockName "{" Body "}"`. */
  private parseStatement(): Statement {
    const start = this.tok;
    if (start.kind !== 'ident') this.fail(`expected an attribute name or a block name, got ${describe(start)}`);
    const fragments = [this.next().text];
    while (this.kind() === '.') {
      this.next();
      if (this.kind() !== 'ident') this.fail(`expected an identifier after \`.\` in a block name, got ${describe(this.tok)}`);
      fragments.push(this.next().text);
    }
    const name = fragments.join('.');
    let label: string | undefined;
    let labelPos: Position | undefined;
    if (this.kind() === 'string') {
      const token = this.next();
      if (token.raw) this.fail('a block label must be a double-quoted string', token.pos);
      if (token.text !== '' && !isIdentifier(token.text)) this.fail(`a block label must be a valid identifier (letters, digits, _), got ${JSON.stringify(token.text)}`, token.pos);
      label = token.text;
      labelPos = token.pos;
    }
    if (this.kind() === '=') {
      if (fragments.length > 1) this.fail(`attribute names may only be a single identifier with no "." (got \`${name}\`)`, start.pos);
      if (label !== undefined) this.fail('attribute names may not have labels', labelPos);
      this.next();
      return { kind: 'attribute', name, value: this.parseExpression(), pos: start.pos };
    }
    if (this.kind() !== '{') {
      const what = fragments.length === 1 && label === undefined ? '`=` or `{`' : '`{`';
      this.fail(`expected ${what} after \`${name}${label !== undefined ? ` "${label}"` : ''}\`, got ${describe(this.tok)}`);
    }
    this.next();
    const { body, closing } = this.parseBody('}');
    this.expect('}');
    const block: Block = {
      kind: 'block',
      name,
      ...(label !== undefined ? { label } : {}),
      body,
      ...(closing.length > 0 ? { innerComments: closing } : {}),
      pos: start.pos,
      ...(labelPos ? { labelPos } : {}),
    };
    return block;
  }

  /** `Expression = BinOpExpr`, climbing precedence from `||` (1) to `* / %` (5). */
  parseExpression(minPrecedence = 1): Expr {
    let left = this.parsePow();
    for (;;) {
      const op = this.kind() as BinaryOp;
      const precedence = BINARY_PRECEDENCE[op];
      if (precedence === undefined || op === '^' || precedence < minPrecedence) return left;
      const pos = this.next().pos;
      const right = this.parseExpression(precedence + 1);
      left = { kind: 'binary', op, left, right, pos };
    }
  }

  /** `PowExpr = UnaryExpr [ "^" PowExpr ]`: right-associative. */
  private parsePow(): Expr {
    const left = this.parseUnary();
    if (this.kind() !== '^') return left;
    const pos = this.next().pos;
    return { kind: 'binary', op: '^', left, right: this.parsePow(), pos };
  }

  /** `UnaryExpr = OperExpr | unary_op UnaryExpr`; `OperExpr = PrimaryExpr { "." ident | "[" Expr "]" | "(" [list] ")" }`. */
  private parseUnary(): Expr {
    if (this.kind() === '!' || this.kind() === '-') {
      const token = this.next();
      return { kind: 'unary', op: token.kind as '!' | '-', value: this.parseUnary(), pos: token.pos };
    }
    let expr = this.parsePrimary();
    for (;;) {
      if (this.kind() === '.') {
        const pos = this.next().pos;
        expr = { kind: 'access', value: expr, name: this.expect('ident', 'a field or export name after `.`').text, pos };
      } else if (this.kind() === '[') {
        const pos = this.next().pos;
        const index = this.parseExpression();
        this.expect(']');
        expr = { kind: 'index', value: expr, index, pos };
      } else if (this.kind() === '(') {
        const pos = this.next().pos;
        const args = this.parseList(')', () => this.parseExpression());
        expr = { kind: 'call', callee: expr, args, pos };
      } else if (this.kind() === '{' || (this.kind() === 'string' && this.tokens[this.index + 1]?.kind === '{')) {
        this.fail('a block cannot be used as an expression: remove the `=`, or write an object as `{ key = value }`');
      } else {
        return expr;
      }
    }
  }

  /** `PrimaryExpr = identifier | string | number | bool | null | "(" Expr ")" | ArrayExpr | ObjectExpr`. */
  private parsePrimary(): Expr {
    const token = this.tok;
    switch (token.kind) {
      case 'ident':
        this.next();
        return { kind: 'identifier', name: token.text, pos: token.pos };
      case 'string':
        this.next();
        return token.raw ? { kind: 'string', value: token.text, raw: true, pos: token.pos } : { kind: 'string', value: token.text, pos: token.pos };
      case 'number':
        this.next();
        return { kind: 'number', value: Number(token.text), text: token.text, pos: token.pos };
      case 'bool':
        this.next();
        return { kind: 'bool', value: token.text === 'true', pos: token.pos };
      case 'null':
        this.next();
        return { kind: 'null', pos: token.pos };
      case '(': {
        this.next();
        const inner = this.parseExpression();
        this.expect(')');
        return { kind: 'paren', inner, pos: token.pos };
      }
      case '[':
        this.next();
        return { kind: 'array', elements: this.parseList(']', () => this.parseExpression()), pos: token.pos };
      case '{':
        this.next();
        return { kind: 'object', fields: this.parseList('}', () => this.parseField()), pos: token.pos };
      default:
        return this.fail(`expected an expression, got ${describe(token)}`);
    }
  }

  /** `List = Item { "," Item } [ "," ]` up to and including `close`. */
  private parseList<T>(close: ')' | ']' | '}', item: () => T): T[] {
    const items: T[] = [];
    while (this.kind() !== close) {
      items.push(item());
      if (this.kind() === close) break;
      if (this.kind() === 'terminator') this.fail(`missing \`,\` before the newline: a list or object whose \`${close}\` is on its own line needs a comma after its last element`);
      this.expect(',', `\`,\` or \`${close}\``);
    }
    this.next();
    return items;
  }

  /** `Field = ( string | identifier ) "=" Expression`. */
  private parseField(): ObjectField {
    const token = this.tok;
    if (token.kind !== 'ident' && token.kind !== 'string') this.fail(`expected an object key (identifier or string), got ${describe(token)}`);
    if (token.raw) this.fail('an object key must be an identifier or a double-quoted string');
    this.next();
    this.expect('=', '`=` after the object key');
    const value = this.parseExpression();
    return token.kind === 'string' ? { key: token.text, quoted: true, value } : { key: token.text, value };
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of file';
    case 'terminator':
      return 'newline';
    case 'ident':
      return `identifier \`${token.text}\``;
    case 'string':
      return `string ${JSON.stringify(token.text)}`;
    case 'number':
    case 'bool':
    case 'null':
      return `\`${token.text}\``;
    default:
      return `\`${token.kind}\``;
  }
}
