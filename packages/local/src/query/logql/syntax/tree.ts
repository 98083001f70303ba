import type { SyntaxNode } from '@lezer/common';
import { LogQLParseError } from './errors.js';
import { parseGoFloat, parseLogQLDuration, unquoteGoString, UnquoteError } from './literals.js';

/** What every step of the tree walk needs: the query text, to slice nodes and place errors. */
export class TreeReader {
  constructor(readonly query: string) {}

  text(node: SyntaxNode | null | undefined): string {
    return node ? this.query.slice(node.from, node.to) : '';
  }

  /** A parse error at a node (Loki's `parse error at line L, col C: ...`). */
  error(node: SyntaxNode | number, detail: string): LogQLParseError {
    return new LogQLParseError(this.query, detail, typeof node === 'number' ? node : node.from);
  }

  /** The child of that name, or a syntax error at the parent when the grammar left it out. */
  child(node: SyntaxNode, name: string): SyntaxNode {
    const c = node.getChild(name);
    if (!c) throw this.error(node.to, `syntax error: unexpected ${describeToken(this.query, node.to)}, expecting ${name}`);
    return c;
  }

  /** Direct children, in order. */
  children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  /** Every node named `item` in a left-recursive list (`Matchers`, `Labels`, `PipelineExpr`), in order. */
  list(node: SyntaxNode, listName: string, item: string): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const c of this.children(node)) {
      if (c.name === listName) out.push(...this.list(c, listName, item));
      else if (c.name === item) out.push(c);
    }
    return out;
  }

  /** A `String` node's value, decoded as Go decodes it. */
  string(node: SyntaxNode): string {
    const raw = this.text(node);
    if (raw.startsWith("'")) throw this.error(node, "syntax error: unexpected ', strings are written in double quotes or backticks");
    try {
      return unquoteGoString(raw);
    } catch (error) {
      if (error instanceof UnquoteError) throw this.error(node, `syntax error: ${raw.length < 2 || !raw.endsWith(raw[0]!) ? 'literal not terminated' : error.message}`);
      throw error;
    }
  }

  /** A `Number` node's value (decimal, float or `0x` hex). */
  number(node: SyntaxNode): number {
    const raw = this.text(node);
    if (/^0[xX][0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
    try {
      return parseGoFloat(raw);
    } catch {
      throw this.error(node, `syntax error: unexpected ${raw}`);
    }
  }

  /** A `Duration` node's value in nanoseconds. */
  duration(node: SyntaxNode): number {
    const ns = parseLogQLDuration(this.text(node));
    if (ns === undefined) throw this.error(node, `syntax error: invalid duration ${this.text(node)}`);
    return ns;
  }
}

const WORD = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const NUMBER_OR_DURATION = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)([a-zA-Zµμ]+)?/;
const SYMBOLS = ['|=', '|~', '|>', '!=', '!~', '!>', '=~', '==', '>=', '<=', '(', ')', '{', '}', '[', ']', ',', '|', '=', '>', '<', '+', '-', '*', '/', '%', '^'];

/**
 * Describes the token at `offset` the way Loki's yacc parser names it in `syntax error:
 * unexpected ...` messages: `$end`, `IDENTIFIER`, `STRING`, `NUMBER`, `DURATION`, or the symbol.
 */
export function describeToken(query: string, offset: number): string {
  let i = offset;
  while (i < query.length && /\s/.test(query[i]!)) i++;
  const rest = query.slice(i);
  if (rest === '') return '$end';
  if (rest[0] === '"' || rest[0] === '`' || rest[0] === "'") return 'STRING';
  const num = NUMBER_OR_DURATION.exec(rest);
  if (num) return num[1] ? (/^(b|kb|kib|mb|mib|gb|gib|tb|tib|pb|pib|eb|eib)$/i.test(num[1]) ? 'BYTES' : 'DURATION') : 'NUMBER';
  if (WORD.test(rest)) return 'IDENTIFIER';
  const sym = SYMBOLS.find((s) => rest.startsWith(s));
  return sym ?? rest[0]!;
}

/** The position where the token at `offset` starts (after whitespace). */
export function tokenStart(query: string, offset: number): number {
  let i = offset;
  while (i < query.length && /\s/.test(query[i]!)) i++;
  return i;
}
