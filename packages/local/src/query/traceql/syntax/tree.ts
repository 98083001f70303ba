import type { SyntaxNode } from '@lezer/common';
import { TraceQLParseError } from './errors.js';

/** What the tree walkers share: the original query (values are read from it) and the masked text lezer parsed. */
export interface ParseContext {
  readonly query: string;
  readonly masked: string;
}

const COMMENT_NODES = new Set(['LineComment', 'BlockComment']);

/** The node's named children, comments left out. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!COMMENT_NODES.has(c.name)) out.push(c);
  return out;
}

/** The original text of a node. */
export function textOf(ctx: ParseContext, node: SyntaxNode): string {
  return ctx.query.slice(node.from, node.to);
}

/** Text between two offsets without comments and whitespace: the anonymous tokens lezer leaves out of the tree (`~`, `(`). */
export function tokensBetween(ctx: ParseContext, from: number, to: number): string {
  return ctx.masked
    .slice(from, to)
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, '');
}

/** True when the node's own text starts with an opening parenthesis (`( ... )` around its only child). */
export function startsWithParen(ctx: ParseContext, node: SyntaxNode, child: SyntaxNode): boolean {
  return tokensBetween(ctx, node.from, child.from).startsWith('(');
}

/** A syntax error at `offset`, naming the token found there as Tempo's parser does. */
export function syntaxError(ctx: ParseContext, offset: number, detail?: string): TraceQLParseError {
  let at = offset;
  while (at < ctx.masked.length && /\s/.test(ctx.masked[at]!)) at++;
  if (detail !== undefined) return new TraceQLParseError(ctx.query, at, `syntax error: ${detail}`);
  if (at >= ctx.masked.length) return new TraceQLParseError(ctx.query, at, 'syntax error: unexpected end of input');
  const rest = ctx.query.slice(at);
  const token = /^(?:"(?:[^"\\\n]|\\.)*"?|[A-Za-z0-9_.:]+|&&|\|\||>>|<<|!=|=~|!~|>=|<=|!>>|!<<|&>>|&<<|[!&][<>~]|[^\s])/.exec(rest)?.[0] ?? rest[0]!;
  return new TraceQLParseError(ctx.query, at, `syntax error: unexpected ${JSON.stringify(token)}`);
}

/** An error about a node that parsed but means nothing valid (Tempo's validation messages carry no position). */
export function invalid(ctx: ParseContext, node: SyntaxNode | number, detail: string): TraceQLParseError {
  return new TraceQLParseError(ctx.query, typeof node === 'number' ? node : node.from, detail, 'validation');
}
