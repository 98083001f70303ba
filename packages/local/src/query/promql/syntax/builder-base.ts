import type { SyntaxNode } from '@lezer/common';
import { LABEL_NAME_PATTERN } from '../../../model/labels.js';
import type { Expr, PosRange } from './ast.js';
import { ParseError } from './errors.js';
import { parseNumberLiteral, StringLiteralError, unquoteString } from './lexical.js';
import { describeType, typeOf } from './types.js';

/** Options of {@link parsePromQL}. */
export interface ParseOptions {
  /** Accept Prometheus' experimental functions and aggregations (`sort_by_label`, `limitk`, ...). Default false. */
  readonly experimentalFunctions?: boolean;
}

/**
 * What every part of the lezer-tree-to-AST conversion needs: the query text, positions, errors
 * in Prometheus' wording, and the literal decoders.
 */
export abstract class BuilderBase {
  constructor(
    protected readonly query: string,
    protected readonly options: ParseOptions,
  ) {}

  /** Converts one expression node. */
  abstract expr(node: SyntaxNode): Expr;

  protected fail(at: number | SyntaxNode | PosRange, detail: string): never {
    const offset = typeof at === 'number' ? at : 'from' in at ? at.from : at.start;
    throw new ParseError(this.query, offset, detail);
  }

  protected text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  protected pos(node: SyntaxNode): PosRange {
    return { start: node.from, end: node.to };
  }

  protected exprChildren(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.type.is('Expr')) out.push(c);
    return out;
  }

  protected onlyExprChild(node: SyntaxNode): SyntaxNode {
    const child = this.exprChildren(node)[0];
    if (!child) this.fail(node, 'missing expression');
    return child;
  }

  protected number(node: SyntaxNode): number {
    const value = parseNumberLiteral(this.text(node).replace(/\s+/g, ''));
    if (value === undefined) this.fail(node, `bad number or duration syntax: ${JSON.stringify(this.text(node))}`);
    return value;
  }

  protected string(node: SyntaxNode): string {
    try {
      return unquoteString(this.text(node));
    } catch (error) {
      // Prometheus reports string problems at the start of the literal.
      if (error instanceof StringLiteralError) this.fail(node.from, error.message);
      throw error;
    }
  }

  protected labelName(node: SyntaxNode): string {
    if (node.name === 'QuotedLabelName') {
      const lit = node.getChild('StringLiteral');
      return lit ? this.string(lit) : this.fail(node, 'missing label name');
    }
    return this.text(node);
  }

  protected expectType(e: Expr, want: string, context: string): void {
    const got = typeOf(e);
    if (got !== want) this.fail(e.pos, `expected type ${describeType(want)} in ${context}, got ${describeType(got)}`);
  }

  protected groupingLabels(node: SyntaxNode | null): string[] {
    const out: string[] = [];
    for (let c = node?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.name !== 'LabelName' && c.name !== 'QuotedLabelName') continue;
      const label = this.labelName(c);
      if (c.name === 'LabelName' && !LABEL_NAME_PATTERN.test(label)) this.fail(c, `invalid label name ${JSON.stringify(label)}`);
      out.push(label);
    }
    return out;
  }

}
