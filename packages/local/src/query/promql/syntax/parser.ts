import type { SyntaxNode } from '@lezer/common';
import { parser as lezerParser } from '@prometheus-io/lezer-promql';
import type { AggregateExpr, AggregateOp, BinaryExpr, BinaryOp, Expr, PosRange, VectorMatching } from './ast.js';
import { isComparisonOp, isSetOp } from './ast.js';
import type { ParseOptions } from './builder-base.js';
import { ParseError } from './errors.js';
import { AGGREGATION_PARAMS, EXPERIMENTAL_AGGREGATIONS, FUNCTION_SIGNATURES } from './functions.js';
import { SelectorBuilder } from './selector-builder.js';
import { firstErrorOffset, syntaxError } from './syntax-errors.js';
import { describeType, typeOf } from './types.js';

export type { ParseOptions } from './builder-base.js';

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-',
  Eql: '==', Neq: '!=', Gte: '>=', Gtr: '>', Lte: '<=', Lss: '<',
  And: 'and', Or: 'or', Unless: 'unless',
};

/**
 * Parses and type-checks a PromQL expression with Prometheus' own grammar
 * (`@prometheus-io/lezer-promql`) into this engine's AST. Any error node in the tree, and any
 * type error Prometheus' parser reports, becomes a {@link ParseError} carrying line and column.
 *
 * @example
 * ```ts
 * const expr = parsePromQL('sum by (job) (rate(http_requests_total[5m]))');
 * expr.kind; // 'aggregate'
 * ```
 */
export function parsePromQL(query: string, options: ParseOptions = {}): Expr {
  if (query.trim() === '') throw new ParseError(query, 0, 'no expression found in input');
  const tree = lezerParser.parse(query);
  const errAt = firstErrorOffset(tree);
  if (errAt >= 0) throw syntaxError(query, errAt);
  const top = tree.topNode.firstChild;
  if (!top) throw new ParseError(query, 0, 'no expression found in input');
  return new AstBuilder(query, options).expr(top);
}

class AstBuilder extends SelectorBuilder {
  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(this.onlyExprChild(node)), pos: this.pos(node) };
      case 'NumberDurationLiteral':
        return { kind: 'number', value: this.number(node), pos: this.pos(node) };
      case 'StringLiteral':
        return { kind: 'string', value: this.string(node), pos: this.pos(node) };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector':
        return this.matrixSelector(node);
      case 'SubqueryExpr':
        return this.subquery(node);
      case 'OffsetExpr':
        return this.offset(node);
      case 'StepInvariantExpr':
        return this.at(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr':
        return this.unary(node);
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return this.fail(node, `the ${node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'} modifier is experimental in Prometheus and not supported here`);
      default:
        return this.fail(node, `unexpected ${node.name}`);
    }
  }

  private call(node: SyntaxNode): Expr {
    const ident = node.getChild('FunctionIdentifier');
    const name = ident ? this.text(ident) : '';
    const sig = FUNCTION_SIGNATURES.get(name);
    if (!sig) this.fail(node, `unknown function with name ${JSON.stringify(name)}`);
    if (sig.experimental && !this.options.experimentalFunctions) this.fail(node, `function ${JSON.stringify(name)} is not enabled`);
    const body = node.getChild('FunctionCallBody');
    const args = body ? this.exprChildren(body).map((c) => this.expr(c)) : [];
    const pos = this.pos(node);
    const nargs = sig.argTypes.length;
    if (sig.variadic === 0) {
      if (nargs !== args.length) this.fail(pos, `expected ${nargs} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`);
    } else {
      const min = nargs - 1;
      if (min > args.length) this.fail(pos, `expected at least ${min} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`);
      if (sig.variadic > 0 && min + sig.variadic < args.length) {
        this.fail(pos, `expected at most ${min + sig.variadic} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`);
      }
    }
    args.forEach((arg, i) => {
      const want = sig.argTypes[Math.min(i, nargs - 1)]!;
      this.expectType(arg, want, `call to function ${JSON.stringify(name)}`);
    });
    return { kind: 'call', func: name, args, pos };
  }

  private aggregate(node: SyntaxNode): AggregateExpr {
    const opNode = node.getChild('AggregateOp');
    const op = (opNode ? this.text(opNode).toLowerCase() : '') as AggregateOp;
    if (!AGGREGATION_PARAMS.has(op)) this.fail(node, `unknown aggregation ${JSON.stringify(op)}`);
    if (EXPERIMENTAL_AGGREGATIONS.has(op) && !this.options.experimentalFunctions) this.fail(node, `${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`);
    const modifier = node.getChild('AggregateModifier');
    const without = !!modifier?.getChild('Without');
    const grouping = this.groupingLabels(modifier?.getChild('GroupingLabels') ?? null);
    const body = node.getChild('FunctionCallBody');
    const args = body ? this.exprChildren(body).map((c) => this.expr(c)) : [];
    const paramType = AGGREGATION_PARAMS.get(op);
    const want = paramType ? 2 : 1;
    if (args.length !== want) this.fail(node, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
    const expr = args[want - 1]!;
    const param = paramType ? args[0] : undefined;
    this.expectType(expr, 'vector', 'aggregation expression');
    if (param && paramType) this.expectType(param, paramType, `aggregation parameter`);
    return { kind: 'aggregate', op, expr, param, grouping, without, hasModifier: modifier !== null, pos: this.pos(node) };
  }

  private binary(node: SyntaxNode): Expr {
    const [lhsNode, rhsNode] = this.exprChildren(node);
    let opNode: SyntaxNode | null = null;
    for (let c = lhsNode?.nextSibling ?? null; c; c = c.nextSibling) {
      if (c.name in BINARY_OPS || c.name === 'TrimUpper' || c.name === 'TrimLower') {
        opNode = c;
        break;
      }
    }
    if (!lhsNode || !rhsNode || !opNode) this.fail(node, 'incomplete binary expression');
    if (!(opNode.name in BINARY_OPS)) this.fail(opNode, `the ${this.text(opNode)} operator is experimental in Prometheus and not supported here`);
    if (node.getChild('FillModifier')) this.fail(node.getChild('FillModifier')!, 'fill modifiers are experimental in Prometheus and not supported here');
    const op = BINARY_OPS[opNode.name]!;
    // lezer folds a sign into a number literal (`-2^2` reads as `(-2)^2`), but in PromQL `^` binds
    // tighter than unary minus, as in Prometheus' yacc grammar: `-2^2` is `-(2^2)`.
    if (op === '^' && lhsNode.name === 'NumberDurationLiteral' && /^[-+]/.test(this.text(lhsNode))) {
      const signText = this.text(lhsNode)[0] as '+' | '-';
      const unsigned = { kind: 'number' as const, value: Math.abs(this.number(lhsNode)), pos: { start: lhsNode.from + 1, end: lhsNode.to } };
      const inner = this.finishBinary(node, opNode, op, unsigned, this.expr(rhsNode), { start: lhsNode.from + 1, end: node.to });
      return { kind: 'unary', op: signText, expr: inner, pos: this.pos(node) };
    }
    return this.finishBinary(node, opNode, op, this.expr(lhsNode), this.expr(rhsNode), this.pos(node));
  }

  private finishBinary(node: SyntaxNode, opNode: SyntaxNode, op: BinaryOp, lhs: Expr, rhs: Expr, pos: PosRange): BinaryExpr {
    const returnBool = node.getChild('BoolModifier') !== null;
    const clause = node.getChild('MatchingModifierClause');
    let matching: VectorMatching | undefined;
    if (clause) {
      const labelLists = clause.getChildren('GroupingLabels');
      const on = clause.getChild('On') !== null;
      const groupLeft = clause.getChild('GroupLeft') !== null;
      const groupRight = clause.getChild('GroupRight') !== null;
      matching = {
        card: groupLeft ? 'many-to-one' : groupRight ? 'one-to-many' : 'one-to-one',
        on,
        labels: this.groupingLabels(labelLists[0] ?? null),
        include: this.groupingLabels(labelLists[1] ?? null),
      };
    }
    const lt = typeOf(lhs);
    const rt = typeOf(rhs);
    if (returnBool && !isComparisonOp(op)) this.fail(opNode, 'bool modifier can only be used on comparison operators');
    if (isComparisonOp(op) && !returnBool && lt === 'scalar' && rt === 'scalar') this.fail(opNode, 'comparisons between scalars must use BOOL modifier');
    if (matching?.on) {
      for (const l of matching.labels) if (matching.include.includes(l)) this.fail(opNode, `label ${JSON.stringify(l)} must not occur in ON and GROUP clause at once`);
    }
    if (lt !== 'scalar' && lt !== 'vector') this.fail(lhs.pos, 'binary expression must contain only scalar and instant vector types');
    if (rt !== 'scalar' && rt !== 'vector') this.fail(rhs.pos, 'binary expression must contain only scalar and instant vector types');
    if (lt !== 'vector' || rt !== 'vector') {
      if (matching && (matching.labels.length > 0 || matching.on)) this.fail(pos, 'vector matching only allowed between instant vectors');
      matching = undefined;
    } else {
      matching ??= { card: 'one-to-one', on: false, labels: [], include: [] };
      if (isSetOp(op)) {
        if (matching.card === 'one-to-many' || matching.card === 'many-to-one') this.fail(pos, `no grouping allowed for "${op}" operation`);
        matching = { ...matching, card: 'many-to-many' };
      }
    }
    if ((lt === 'scalar' || rt === 'scalar') && isSetOp(op)) this.fail(pos, `set operator "${op}" not allowed in binary scalar expression`);
    return { kind: 'binary', op, lhs, rhs, returnBool, matching, pos };
  }

  private unary(node: SyntaxNode): Expr {
    const opNode = node.getChild('UnaryOp');
    const op = opNode && this.text(opNode) === '-' ? '-' : '+';
    const inner = this.expr(this.onlyExprChild(node));
    const t = typeOf(inner);
    if (t !== 'scalar' && t !== 'vector') this.fail(node, `unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(describeType(t))}`);
    // Prometheus folds a sign into a number literal at parse time.
    if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, pos: this.pos(node) };
    return { kind: 'unary', op, expr: inner, pos: this.pos(node) };
  }
}

