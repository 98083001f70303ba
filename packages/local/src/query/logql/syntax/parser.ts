import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode } from '@lezer/common';
import { LABEL_NAME_PATTERN } from '../../../model/labels.js';
import { isSetOperator, type BinaryOp, type Grouping, type LogQLExpr, type LogRange, type MetricExpr, type RangeOp, type VectorMatching, type VectorOp } from './ast.js';
import { LogQLParseError } from './errors.js';
import { parseLogExpr, parseRangeSelector, parseUnwrap } from './parse-log.js';
import { compileRe2, RegexSyntaxError } from './regex.js';
import { RANGE_OPS, VECTOR_OPS, BINARY_OPS, PRECEDENCE, NEEDS_UNWRAP, ALLOWS_UNWRAP, ALLOWS_GROUPING, applyBinaryOp } from './operators.js';
import { describeToken, tokenStart, TreeReader } from './tree.js';

interface BinaryPiece {
  readonly op: BinaryOp;
  readonly bool: boolean;
  readonly matching: VectorMatching | undefined;
  readonly at: number;
}

class Parser {
  private readonly r: TreeReader;

  constructor(query: string) {
    this.r = new TreeReader(query);
  }

  parse(): LogQLExpr {
    const q = this.r.query;
    if (q.trim() === '') throw new LogQLParseError(q, 'syntax error: unexpected $end', q.length);
    const tree = parser.parse(q);
    let bad: { from: number; to: number } | undefined;
    tree.iterate({
      enter: (n) => {
        if (bad) return false;
        if (n.type.isError) {
          bad = { from: n.from, to: n.to };
          return false;
        }
        return undefined;
      },
    });
    if (bad) {
      const at = tokenStart(q, bad.from);
      throw new LogQLParseError(q, `syntax error: unexpected ${describeToken(q, at)}`, at);
    }
    return this.expr(this.r.child(tree.topNode, 'Expr'));
  }

  private expr(node: SyntaxNode): LogQLExpr {
    const log = node.getChild('LogExpr');
    if (log) return parseLogExpr(this.r, log);
    return this.metric(this.r.child(node, 'MetricExpr'));
  }

  /** An `Expr` that must be a metric expression (an operand, an aggregation's argument). */
  private metricOperand(node: SyntaxNode, where: string): MetricExpr {
    const e = this.expr(node);
    if (e.kind === 'log') throw new LogQLParseError(this.r.query, `unexpected log query as ${where}: only metric queries (such as count_over_time(${this.r.text(node).trim()}[1m])) can be combined`);
    return e;
  }

  private metric(node: SyntaxNode): MetricExpr {
    const inner = node.getChild('MetricExpr');
    if (inner) return this.metric(inner);
    const body = node.firstChild;
    if (!body) throw this.r.error(node, 'syntax error: unexpected $end');
    switch (body.name) {
      case 'RangeAggregationExpr':
        return this.rangeAgg(body);
      case 'VectorAggregationExpr':
        return this.vectorAgg(body);
      case 'BinOpExpr':
        return this.binary(body);
      case 'LiteralExpr':
        return { kind: 'literal', value: this.literal(body) };
      case 'VectorExpr':
        return { kind: 'vector', value: this.r.number(this.r.child(body, 'Number')) };
      case 'LabelReplaceExpr':
        return this.labelReplace(body);
      default:
        throw this.r.error(body, `syntax error: unexpected ${describeToken(this.r.query, body.from)}`);
    }
  }

  private literal(node: SyntaxNode): number {
    const v = this.r.number(this.r.child(node, 'Number'));
    return node.getChild('Sub') ? -v : v;
  }

  private grouping(node: SyntaxNode | null): Grouping | undefined {
    if (!node) return undefined;
    const labelsNode = node.getChild('Labels');
    const labels = labelsNode ? this.r.list(labelsNode, 'Labels', 'Identifier').map((n) => this.r.text(n)) : [];
    for (const l of labels) if (!LABEL_NAME_PATTERN.test(l)) throw this.r.error(node, `syntax error: unexpected ${l}`);
    return { without: !!node.getChild('Without'), labels };
  }

  private rangeAgg(node: SyntaxNode): MetricExpr {
    const opNode = this.r.child(node, 'RangeOp').firstChild!;
    const op = RANGE_OPS[opNode.name]!;
    const paramNode = node.getChild('Number');
    const param = paramNode ? this.r.number(paramNode) : undefined;
    const range = this.logRange(this.r.child(node, 'LogRangeExpr'));
    const grouping = this.grouping(node.getChild('Grouping'));
    const fail = (msg: string): LogQLParseError => new LogQLParseError(this.r.query, msg);
    if (param !== undefined && op !== 'quantile_over_time') throw fail(`parameter ${this.r.text(paramNode)} not supported for operation ${op}`);
    if (param === undefined && op === 'quantile_over_time') throw fail(`parameter required for operation ${op}`);
    if (grouping && !ALLOWS_GROUPING.has(op)) throw fail(`grouping not allowed for ${op} aggregation`);
    if (range.unwrap && !ALLOWS_UNWRAP.has(op)) throw fail(`invalid aggregation ${op} with unwrap`);
    if (!range.unwrap && NEEDS_UNWRAP.has(op)) throw fail(`invalid aggregation ${op} without unwrap`);
    return { kind: 'range_agg', op, range, ...(param !== undefined ? { param } : {}), ...(grouping ? { grouping } : {}) };
  }

  private logRange(node: SyntaxNode): LogRange {
    const nested = node.getChild('LogRangeExpr');
    if (nested) return this.logRange(nested);
    const selector = parseRangeSelector(this.r, this.r.child(node, 'Selector'), node.getChild('PipelineExpr'));
    const rangeNs = this.r.duration(this.r.child(this.r.child(node, 'Range'), 'Duration'));
    if (rangeNs <= 0) throw this.r.error(node, 'syntax error: the range of a range aggregation must be positive');
    const offsetNode = node.getChild('OffsetExpr')?.getChild('Duration') ?? node.getChild('Duration');
    const unwrapNode = node.getChild('UnwrapExpr');
    return { selector, rangeNs, offsetNs: offsetNode ? this.r.duration(offsetNode) : 0, ...(unwrapNode ? { unwrap: parseUnwrap(this.r, unwrapNode) } : {}) };
  }

  private vectorAgg(node: SyntaxNode): MetricExpr {
    const opNode = this.r.child(node, 'VectorOp').firstChild!;
    const op = VECTOR_OPS[opNode.name]!;
    const paramNode = node.getChild('Number');
    const expr = this.metric(this.r.child(node, 'MetricExpr'));
    const grouping = this.grouping(node.getChild('Grouping')) ?? { without: false, labels: [] };
    const fail = (msg: string): LogQLParseError => new LogQLParseError(this.r.query, msg);
    const raw = this.r.text(paramNode);
    if (op === 'topk' || op === 'bottomk') {
      if (!paramNode) throw fail(`parameter required for operation ${op}`);
      if (!/^[+-]?\d+$/.test(raw)) throw fail(`invalid parameter ${op}(${raw},`);
      const k = Number(raw);
      if (k <= 0) throw fail(`invalid parameter (must be greater than 0) ${op}(${raw}`);
      return { kind: 'vector_agg', op, param: k, grouping, expr };
    }
    if (paramNode) throw fail(`unsupported parameter for operation ${op}(${raw},`);
    return { kind: 'vector_agg', op, grouping, expr };
  }

  private labelReplace(node: SyntaxNode): MetricExpr {
    const strings = node.getChildren('String').map((s) => this.r.string(s));
    if (strings.length !== 4) throw this.r.error(node, 'syntax error: label_replace takes a vector and four strings');
    const [dst, replacement, src, regex] = strings as [string, string, string, string];
    try {
      compileRe2(regex, { anchored: true });
    } catch (error) {
      if (error instanceof RegexSyntaxError) throw new LogQLParseError(this.r.query, `invalid regex in label_replace: ${error.message}`);
      throw error;
    }
    if (!LABEL_NAME_PATTERN.test(dst)) throw new LogQLParseError(this.r.query, `invalid destination label name in label_replace: ${dst}`);
    return { kind: 'label_replace', expr: this.metric(this.r.child(node, 'MetricExpr')), dst, replacement, src, regex };
  }

  /** Flattens an unparenthesised chain of binary operations into operands and operators, in text order. */
  private flatten(node: SyntaxNode, operands: SyntaxNode[], ops: BinaryPiece[]): void {
    const [left, right] = node.getChildren('Expr');
    if (!left || !right) throw this.r.error(node, 'syntax error: unexpected $end');
    const opNode = this.r.children(node).find((c) => BINARY_OPS[c.name] !== undefined)!;
    const visit = (e: SyntaxNode): void => {
      const m = e.getChild('MetricExpr');
      const bin = m?.getChild('BinOpExpr');
      if (bin) this.flatten(bin, operands, ops);
      else operands.push(e);
    };
    visit(left);
    ops.push({ op: BINARY_OPS[opNode.name]!, ...this.modifier(node.getChild('BinOpModifier')), at: opNode.from });
    visit(right);
  }

  private modifier(node: SyntaxNode | null): { bool: boolean; matching: VectorMatching | undefined } {
    if (!node) return { bool: false, matching: undefined };
    const bool = !!node.getChild('Bool');
    const onIgn = node.getChild('OnOrIgnoringModifier');
    if (!onIgn) return { bool, matching: undefined };
    const labelsOf = (n: SyntaxNode | null): string[] => {
      const list = n?.getChild('GroupingLabelList');
      return list ? this.r.list(list, 'GroupingLabelList', 'GroupingLabel').map((g) => this.r.text(g)) : [];
    };
    const card = node.getChild('GroupLeft') ? 'many-to-one' : node.getChild('GroupRight') ? 'one-to-many' : 'one-to-one';
    return { bool, matching: { on: !!onIgn.getChild('On'), labels: labelsOf(onIgn.getChild('GroupingLabels')), card, include: labelsOf(node.getChild('GroupingLabels')) } };
  }

  private binary(node: SyntaxNode): MetricExpr {
    const operandNodes: SyntaxNode[] = [];
    const ops: BinaryPiece[] = [];
    this.flatten(node, operandNodes, ops);
    const operands = operandNodes.map((n, i) => this.metricOperand(n, i === 0 ? 'the left operand of a binary operation' : 'an operand of a binary operation'));
    // Precedence climbing over the flat list.
    let pos = 0;
    const parseAt = (minPrec: number): MetricExpr => {
      let lhs = operands[pos]!;
      while (pos < ops.length) {
        const piece = ops[pos]!;
        const prec = PRECEDENCE[piece.op];
        if (prec < minPrec) break;
        pos++;
        const rhs = parseAt(piece.op === '^' ? prec : prec + 1);
        lhs = this.combine(piece, lhs, rhs);
      }
      return lhs;
    };
    const out = parseAt(0);
    return out;
  }

  /** Builds one binary node with Loki's checks, folding two literals into one (`mustNewBinOpExpr`). */
  private combine(piece: BinaryPiece, lhs: MetricExpr, rhs: MetricExpr): MetricExpr {
    const fail = (msg: string): LogQLParseError => new LogQLParseError(this.r.query, msg);
    if (isSetOperator(piece.op)) {
      if (lhs.kind === 'literal') throw fail(`unexpected literal for left leg of logical/set binary operation (${piece.op}): ${lhs.value}`);
      if (rhs.kind === 'literal') throw fail(`unexpected literal for right leg of logical/set binary operation (${piece.op}): ${rhs.value}`);
    }
    if (piece.bool && !['==', '!=', '>', '>=', '<', '<='].includes(piece.op)) throw fail(`bool modifier can only be used on comparison operators`);
    if (piece.matching && (lhs.kind === 'literal' || rhs.kind === 'literal')) throw fail('vector matching (on/ignoring) is only allowed between two vectors');
    if (lhs.kind === 'literal' && rhs.kind === 'literal') return { kind: 'literal', value: applyBinaryOp(piece.op, lhs.value, rhs.value) };
    return { kind: 'binary', op: piece.op, bool: piece.bool, ...(piece.matching ? { matching: piece.matching } : {}), lhs, rhs };
  }
}

/**
 * Parses a LogQL query into its AST with Loki's checks: every selector has a matcher that
 * rejects the empty value, range operations have (or do not have) `unwrap` as Loki requires,
 * regexes compile as RE2 would, binary operators follow Loki's precedence. Throws
 * {@link LogQLParseError} with Loki's message shape.
 *
 * @example
 * ```ts
 * const expr = parseLogQL('sum by (level) (count_over_time({app="api"} | json [5m]))');
 * expr.kind; // 'vector_agg'
 * ```
 */
export function parseLogQL(query: string): LogQLExpr {
  return new Parser(query).parse();
}
