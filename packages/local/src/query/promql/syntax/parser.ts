import type { SyntaxNode } from '@lezer/common';
import { parser as lezerParser } from '@prometheus-io/lezer-promql';
import { compileAnchoredRegex, LABEL_NAME_PATTERN, type LabelMatcher } from '../../../model/labels.js';
import type { AggregateExpr, AggregateOp, AtModifier, BinaryExpr, BinaryOp, Expr, MatrixSelector, PosRange, SubqueryExpr, VectorMatching, VectorSelector } from './ast.js';
import { isComparisonOp, isSetOp } from './ast.js';
import { ParseError } from './errors.js';
import { AGGREGATION_PARAMS, EXPERIMENTAL_AGGREGATIONS, FUNCTION_SIGNATURES } from './functions.js';
import { parseDuration, parseNumberLiteral, StringLiteralError, unquoteString } from './lexical.js';
import { formatFloatG } from './go-float.js';
import { firstErrorOffset, syntaxError } from './syntax-errors.js';
import { describeType, typeOf } from './types.js';

/** Options of {@link parsePromQL}. */
export interface ParseOptions {
  /** Accept Prometheus' experimental functions and aggregations (`sort_by_label`, `limitk`, ...). Default false. */
  readonly experimentalFunctions?: boolean;
}

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-',
  Eql: '==', Neq: '!=', Gte: '>=', Gtr: '>', Lte: '<=', Lss: '<',
  And: 'and', Or: 'or', Unless: 'unless',
};
const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

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

class AstBuilder {
  constructor(
    private readonly query: string,
    private readonly options: ParseOptions,
  ) {}

  private fail(at: number | SyntaxNode | PosRange, detail: string): never {
    const offset = typeof at === 'number' ? at : 'from' in at ? at.from : at.start;
    throw new ParseError(this.query, offset, detail);
  }

  private text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  private pos(node: SyntaxNode): PosRange {
    return { start: node.from, end: node.to };
  }

  private exprChildren(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.type.is('Expr')) out.push(c);
    return out;
  }

  private onlyExprChild(node: SyntaxNode): SyntaxNode {
    const child = this.exprChildren(node)[0];
    if (!child) this.fail(node, 'missing expression');
    return child;
  }

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

  private number(node: SyntaxNode): number {
    const value = parseNumberLiteral(this.text(node).replace(/\s+/g, ''));
    if (value === undefined) this.fail(node, `bad number or duration syntax: ${JSON.stringify(this.text(node))}`);
    return value;
  }

  private string(node: SyntaxNode): string {
    try {
      return unquoteString(this.text(node));
    } catch (error) {
      // Prometheus reports string problems at the start of the literal.
      if (error instanceof StringLiteralError) this.fail(node.from, error.message);
      throw error;
    }
  }

  private labelName(node: SyntaxNode): string {
    if (node.name === 'QuotedLabelName') {
      const lit = node.getChild('StringLiteral');
      return lit ? this.string(lit) : this.fail(node, 'missing label name');
    }
    return this.text(node);
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    const ident = node.getChild('Identifier');
    let name = ident ? this.text(ident) : undefined;
    const matchers: LabelMatcher[] = [];
    const list = node.getChild('LabelMatchers');
    for (let c = list?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.name === 'QuotedLabelName') {
        // `{"metric.name"}`: a quoted metric name inside the braces (Prometheus 3 UTF-8 names).
        const quoted = this.labelName(c);
        if (name !== undefined) this.fail(c, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(quoted)}`);
        name = quoted;
        continue;
      }
      if (c.name !== 'UnquotedLabelMatcher' && c.name !== 'QuotedLabelMatcher') continue;
      const nameNode = c.getChild('LabelName') ?? c.getChild('QuotedLabelName');
      const opNode = c.getChild('MatchOp')?.firstChild;
      const valueNode = c.getChildren('StringLiteral').at(-1);
      if (!nameNode || !opNode || !valueNode) this.fail(c, 'unexpected label matcher');
      const matcher: LabelMatcher = { name: this.labelName(nameNode), op: MATCH_OPS[opNode.name] ?? '=', value: this.string(valueNode) };
      if (matcher.op === '=~' || matcher.op === '!~') {
        try {
          compileAnchoredRegex(matcher.value);
        } catch (error) {
          this.fail(valueNode, `error parsing regexp: ${(error as Error).message}`);
        }
      }
      matchers.push(matcher);
    }
    if (name !== undefined) {
      const dup = matchers.find((m) => m.name === '__name__');
      if (dup) this.fail(node, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(dup.value)}`);
      matchers.unshift({ name: '__name__', op: '=', value: name });
    }
    if (!matchers.some((m) => !matchesEmpty(m))) this.fail(node, 'vector selector must contain at least one non-empty matcher');
    return { kind: 'vectorSelector', name, matchers, offsetMs: 0, at: undefined, pos: this.pos(node) };
  }

  private duration(node: SyntaxNode, allowNegative: boolean): number {
    const literal = node.getChild('NumberDurationLiteralInDurationContext');
    const sign = node.getChild('UnaryOp');
    const inner = node.getChild(node.name);
    if (sign && inner && allowNegative) {
      const v = this.duration(inner, allowNegative);
      return this.text(sign) === '-' ? -v : v;
    }
    if (!literal || literal.from !== node.from || literal.to !== node.to) {
      this.fail(node, 'duration expressions are experimental in Prometheus and not supported here: use a plain duration such as 5m');
    }
    const text = this.text(literal);
    const ms = parseDuration(text);
    if (ms !== undefined) return ms;
    const seconds = parseNumberLiteral(text);
    if (seconds === undefined || !Number.isFinite(seconds)) this.fail(literal, `bad duration syntax: ${JSON.stringify(text)}`);
    return Math.round(seconds * 1000);
  }

  /**
   * lezer reads postfix modifiers (`[5m]`, `[5m:1m]`, `offset`, `@`) as applying to everything
   * before them (`-a offset 5m` as `(-a) offset 5m`, `a + b[5m]` as `(a + b)[5m]`), whereas
   * Prometheus binds them to the closest operand. Push them down to the rightmost operand; for
   * ranges and subqueries that makes the outer expression ill-typed, as Prometheus reports.
   */
  private pushDown(e: Expr, end: number, makesMatrix: boolean, apply: (operand: Expr) => Expr): Expr {
    if (e.kind === 'unary') {
      if (makesMatrix) this.fail(e.pos, 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"');
      return { ...e, expr: this.pushDown(e.expr, end, makesMatrix, apply), pos: { start: e.pos.start, end } };
    }
    if (e.kind === 'binary') {
      const rhs = this.pushDown(e.rhs, end, makesMatrix, apply);
      if (makesMatrix) this.fail(rhs.pos, 'binary expression must contain only scalar and instant vector types');
      return { ...e, rhs, pos: { start: e.pos.start, end } };
    }
    return apply(e);
  }

  private matrixSelector(node: SyntaxNode): Expr {
    const durNode = node.getChild('DurationExpr');
    if (!durNode) this.fail(node, 'missing range');
    const rangeMs = this.duration(durNode, false);
    if (rangeMs <= 0) this.fail(durNode, `duration must be greater than 0`);
    return this.pushDown(this.expr(this.onlyExprChild(node)), node.to, true, (inner): MatrixSelector => {
      if (inner.kind !== 'vectorSelector') this.fail(node, 'ranges only allowed for vector selectors');
      if (inner.offsetMs !== 0 || inner.at) this.fail(node, 'no offset or @ modifiers allowed before range');
      return { kind: 'matrixSelector', selector: inner, rangeMs, pos: { start: inner.pos.start, end: node.to } };
    });
  }

  private subquery(node: SyntaxNode): Expr {
    const durs = node.getChildren('DurationExpr');
    const rangeMs = this.duration(durs[0]!, false);
    if (rangeMs <= 0) this.fail(durs[0]!, 'duration must be greater than 0');
    const stepMs = durs[1] ? this.duration(durs[1], false) : 0;
    if (durs[1] && stepMs <= 0) this.fail(durs[1], 'duration must be greater than 0');
    return this.pushDown(this.expr(this.onlyExprChild(node)), node.to, true, (inner): SubqueryExpr => {
      const t = typeOf(inner);
      if (t !== 'vector') this.fail(node, `subquery is only allowed on instant vector, got ${t} instead`);
      return { kind: 'subquery', expr: inner, rangeMs, stepMs, offsetMs: 0, at: undefined, pos: { start: inner.pos.start, end: node.to } };
    });
  }

  private offset(node: SyntaxNode): Expr {
    const durNode = node.getChild('OffsetDurationExpr');
    if (!durNode) this.fail(node, 'missing offset duration');
    const offsetMs = this.duration(durNode, true);
    return this.pushDown(this.expr(this.onlyExprChild(node)), node.to, false, (target) => this.withOffset(node, target, offsetMs));
  }

  private withOffset(node: SyntaxNode, target: Expr, offsetMs: number): Expr {
    const pos = { start: target.pos.start, end: node.to };
    switch (target.kind) {
      case 'vectorSelector':
        if (target.offsetMs !== 0) this.fail(node, 'offset may not be set multiple times');
        return { ...target, offsetMs, pos };
      case 'matrixSelector':
        if (target.selector.offsetMs !== 0) this.fail(node, 'offset may not be set multiple times');
        return { ...target, selector: { ...target.selector, offsetMs }, pos };
      case 'subquery':
        if (target.offsetMs !== 0) this.fail(node, 'offset may not be set multiple times');
        return { ...target, offsetMs, pos };
      default:
        return this.fail(node, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    }
  }

  private at(node: SyntaxNode): Expr {
    let at: AtModifier;
    const pre = node.getChild('AtModifierPreprocessors');
    if (pre) at = pre.firstChild?.name === 'AtEnd' ? { kind: 'end' } : { kind: 'start' };
    else {
      const lit = node.getChild('NumberDurationLiteral');
      if (!lit) this.fail(node, 'missing @ timestamp');
      const seconds = this.number(lit);
      if (!Number.isFinite(seconds) || Math.abs(seconds) > 9.2e15) this.fail(node, `timestamp out of bounds for @ modifier: ${formatFloatG(seconds)}`);
      at = { kind: 'time', ms: Math.round(seconds * 1000) };
    }
    return this.pushDown(this.expr(this.onlyExprChild(node)), node.to, false, (target) => this.withAt(node, target, at));
  }

  private withAt(node: SyntaxNode, target: Expr, at: AtModifier): Expr {
    const pos = { start: target.pos.start, end: node.to };
    switch (target.kind) {
      case 'vectorSelector':
        if (target.at) this.fail(node, '@ <timestamp> may not be set multiple times');
        return { ...target, at, pos };
      case 'matrixSelector':
        if (target.selector.at) this.fail(node, '@ <timestamp> may not be set multiple times');
        return { ...target, selector: { ...target.selector, at }, pos };
      case 'subquery':
        if (target.at) this.fail(node, '@ <timestamp> may not be set multiple times');
        return { ...target, at, pos };
      default:
        return this.fail(node, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
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

  private expectType(e: Expr, want: string, context: string): void {
    const got = typeOf(e);
    if (got !== want) this.fail(e.pos, `expected type ${describeType(want)} in ${context}, got ${describeType(got)}`);
  }

  private groupingLabels(node: SyntaxNode | null): string[] {
    const out: string[] = [];
    for (let c = node?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.name !== 'LabelName' && c.name !== 'QuotedLabelName') continue;
      const label = this.labelName(c);
      if (c.name === 'LabelName' && !LABEL_NAME_PATTERN.test(label)) this.fail(c, `invalid label name ${JSON.stringify(label)}`);
      out.push(label);
    }
    return out;
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

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return compileAnchoredRegex(m.value).test('');
    case '!~':
      return !compileAnchoredRegex(m.value).test('');
  }
}
