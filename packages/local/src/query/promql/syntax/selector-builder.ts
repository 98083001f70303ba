import type { SyntaxNode } from '@lezer/common';
import { compileAnchoredRegex, compileMatcher, type LabelMatcher } from '../../../model/labels.js';
import type { AtModifier, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from './ast.js';
import { BuilderBase } from './builder-base.js';
import { formatFloatG } from './go-float.js';
import { parseDuration, parseNumberLiteral } from './lexical.js';
import { typeOf } from './types.js';

const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** Selectors and their modifiers: matchers, ranges, subqueries, `offset`, `@`, durations. */
export abstract class SelectorBuilder extends BuilderBase {
  protected vectorSelector(node: SyntaxNode): VectorSelector {
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
    if (!matchers.some((m) => !compileMatcher(m)(''))) this.fail(node, 'vector selector must contain at least one non-empty matcher');
    return { kind: 'vectorSelector', name, matchers, offsetMs: 0, at: undefined, pos: this.pos(node) };
  }

  protected duration(node: SyntaxNode, allowNegative: boolean): number {
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
  protected pushDown(e: Expr, end: number, makesMatrix: boolean, apply: (operand: Expr) => Expr): Expr {
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

  protected matrixSelector(node: SyntaxNode): Expr {
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

  protected subquery(node: SyntaxNode): Expr {
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

  protected offset(node: SyntaxNode): Expr {
    const durNode = node.getChild('OffsetDurationExpr');
    if (!durNode) this.fail(node, 'missing offset duration');
    const offsetMs = this.duration(durNode, true);
    return this.pushDown(this.expr(this.onlyExprChild(node)), node.to, false, (target) => this.withOffset(node, target, offsetMs));
  }

  protected withOffset(node: SyntaxNode, target: Expr, offsetMs: number): Expr {
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

  protected at(node: SyntaxNode): Expr {
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

  protected withAt(node: SyntaxNode, target: Expr, at: AtModifier): Expr {
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

}

