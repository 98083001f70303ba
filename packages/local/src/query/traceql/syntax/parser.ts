import type { SyntaxNode, Tree } from '@lezer/common';
import { parser as lezerTraceQL } from '@grafana/lezer-traceql';
import type { Aggregate, AggregateOp, Pipeline, ScalarFilter, SpansetNode, SpansetOp, Stage, Static, TraceQLQuery } from './ast.js';
import { buildField, buildStatic } from './field-parser.js';
import { maskLiterals } from './lexical.js';
import { children, invalid, startsWithParen, syntaxError, textOf, tokensBetween, type ParseContext } from './tree.js';
import { validateQuery } from './validate.js';

/**
 * Binding strength between spansets, from Tempo's `expr.y`: `|` lowest, then `&&` and `||`
 * (one level), then every structural operator (one level); all left-associative.
 */
const SPANSET_PRECEDENCE: Readonly<Record<SpansetOp | '|', number>> = {
  '|': 0,
  '&&': 1,
  '||': 1,
  '>': 2,
  '<': 2,
  '>>': 2,
  '<<': 2,
  '~': 2,
  '!>': 2,
  '!<': 2,
  '!>>': 2,
  '!<<': 2,
  '!~': 2,
  '&>': 2,
  '&<': 2,
  '&>>': 2,
  '&<<': 2,
  '&~': 2,
};

const EXPRESSION_NODES = new Set(['SpansetPipelineExpression', 'SpansetExpression']);
const SCALAR_OPS = new Set(['=', '!=', '>', '>=', '<', '<=']);

type Item = { readonly stage: Stage; readonly at: number } | { readonly op: SpansetOp | '|'; readonly at: number };

function firstError(tree: Tree): number | undefined {
  let at: number | undefined;
  tree.iterate({
    enter: (n) => {
      if (at !== undefined) return false;
      if (n.type.isError) {
        at = n.from;
        return false;
      }
      return undefined;
    },
  });
  return at;
}

/**
 * Parses a TraceQL search query with `@grafana/lezer-traceql` into a {@link TraceQLQuery}, with
 * Tempo's operator precedence and type checks. Throws {@link TraceQLParseError} with the line and
 * column of the first problem.
 *
 * @example
 * ```ts
 * const q = parseTraceQL('{ resource.service.name = "api" && status = error } | count() > 1');
 * q.root.stages.length; // 2
 * ```
 */
export function parseTraceQL(query: string): TraceQLQuery {
  const masked = maskLiterals(query);
  const ctx: ParseContext = { query, masked };
  if (masked.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() === '') throw syntaxError(ctx, query.length);
  const tree = lezerTraceQL.parse(masked);
  const err = firstError(tree);
  if (err !== undefined) throw syntaxError(ctx, err);
  const top = children(tree.topNode)[0];
  if (!top) throw syntaxError(ctx, 0);
  const built = buildExpression(ctx, top);
  const root: Pipeline = built.kind === 'pipeline' ? built : { kind: 'pipeline', stages: [built] };
  const result: TraceQLQuery = { query, root };
  validateQuery(ctx, result);
  return result;
}

/** A SpansetPipelineExpression/SpansetExpression: flattened, then rebuilt with Tempo's precedence. */
function buildExpression(ctx: ParseContext, node: SyntaxNode): Stage {
  const items: Item[] = [];
  flatten(ctx, node, items);
  let pos = 0;
  const climb = (minPrec: number): Stage => {
    const first = items[pos++] as { stage: Stage; at: number };
    let lhs = first.stage;
    for (;;) {
      const next = items[pos] as { op: SpansetOp | '|'; at: number } | undefined;
      if (!next) return lhs;
      const prec = SPANSET_PRECEDENCE[next.op];
      if (prec < minPrec) return lhs;
      pos++;
      const rhsAt = (items[pos] as { at: number }).at;
      const rhs = climb(prec + 1);
      if (next.op === '|') {
        // `a | b | c` is one pipeline; a parenthesised pipeline stays a nested stage.
        const stages = lhs.kind === 'pipeline' && !parenthesised.has(lhs) ? [...lhs.stages, rhs] : [lhs, rhs];
        lhs = { kind: 'pipeline', stages };
      } else {
        if (!isSpanset(lhs)) throw syntaxError(ctx, next.at);
        if (!isSpanset(rhs)) throw syntaxError(ctx, rhsAt);
        lhs = { kind: 'spansetOp', op: next.op, lhs, rhs };
      }
    }
  };
  return climb(0);
}

/** Pipelines written in parentheses, which `|` must not merge into the surrounding pipeline. */
const parenthesised = new WeakSet<Stage>();

function isSpanset(s: Stage): s is SpansetNode {
  return s.kind === 'filter' || s.kind === 'spansetOp' || s.kind === 'pipeline';
}

function flatten(ctx: ParseContext, node: SyntaxNode, items: Item[]): void {
  const kids = children(node);
  if (kids.length === 1) {
    const only = kids[0]!;
    if (EXPRESSION_NODES.has(only.name)) {
      if (!startsWithParen(ctx, node, only)) throw syntaxError(ctx, node.from);
      const inner = buildExpression(ctx, only);
      if (inner.kind === 'pipeline') parenthesised.add(inner);
      items.push({ stage: inner, at: only.from });
    } else items.push({ stage: buildOperand(ctx, only), at: only.from });
    return;
  }
  if (kids.length === 2 || kids.length === 3) {
    const lhs = kids[0]!;
    const rhs = kids[kids.length - 1]!;
    const op = tokensBetween(ctx, lhs.to, rhs.from);
    if (!(op in SPANSET_PRECEDENCE)) throw syntaxError(ctx, lhs.to);
    flatten(ctx, lhs, items);
    items.push({ op: op as SpansetOp | '|', at: kids.length === 3 ? kids[1]!.from : lhs.to });
    flatten(ctx, rhs, items);
    return;
  }
  throw syntaxError(ctx, node.from);
}

/** SpansetPipeline, WrappedSpansetPipeline, SpansetFilter and the pipeline operations. */
function buildOperand(ctx: ParseContext, node: SyntaxNode): Stage {
  switch (node.name) {
    case 'SpansetPipeline':
    case 'WrappedSpansetPipeline': {
      const inner = children(node)[0];
      if (!inner) throw syntaxError(ctx, node.from);
      const stage = EXPRESSION_NODES.has(inner.name) ? buildExpression(ctx, inner) : buildOperand(ctx, inner);
      if (node.name === 'WrappedSpansetPipeline' && stage.kind === 'pipeline') parenthesised.add(stage);
      return stage;
    }
    case 'SpansetFilter': {
      const expr = children(node)[0];
      return { kind: 'filter', expr: expr ? buildField(ctx, expr) : undefined };
    }
    case 'ScalarFilter':
      return buildScalarFilter(ctx, node);
    case 'GroupOperation': {
      const expr = children(node)[0];
      if (!expr) throw syntaxError(ctx, node.to);
      return { kind: 'by', expr: buildField(ctx, expr) };
    }
    case 'CoalesceOperation':
      return { kind: 'coalesce' };
    case 'SelectOperation': {
      const exprs: SyntaxNode[] = [];
      const collect = (n: SyntaxNode): void => {
        for (const c of children(n)) c.name === 'SelectArgs' ? collect(c) : exprs.push(c);
      };
      collect(node);
      return { kind: 'select', exprs: exprs.map((e) => buildField(ctx, e)) };
    }
    default:
      if (node.name.startsWith('Metrics')) throw invalid(ctx, node, `metrics queries (${textOf(ctx, node)}) are not supported by trace search: use a spanset pipeline such as { } | count() > 1`);
      if (node.name === 'WithHint') throw invalid(ctx, node, 'query hints (with(...)) are not supported');
      throw syntaxError(ctx, node.from);
  }
}

/** Unwraps `( ... )` around a ScalarExpression. */
function scalarCore(ctx: ParseContext, node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    const kids = children(n);
    if (kids.length === 1 && kids[0]!.name === 'ScalarExpression' && startsWithParen(ctx, n, kids[0]!)) n = kids[0]!;
    else return n;
  }
}

function buildAggregate(ctx: ParseContext, node: SyntaxNode): Aggregate {
  const kids = children(node);
  if (kids.length === 0) return { op: 'count', expr: undefined };
  const op = textOf(ctx, kids[0]!) as AggregateOp;
  const expr = kids[1];
  if (!expr) throw syntaxError(ctx, node.to);
  return { op, expr: buildField(ctx, expr) };
}

function scalarLiteral(ctx: ParseContext, node: SyntaxNode): Static | undefined {
  const kids = children(node);
  if (kids.length !== 1) return undefined;
  const value = buildStatic(ctx, kids[0]!);
  if (value.type !== 'int' && value.type !== 'float' && value.type !== 'duration') return undefined;
  return tokensBetween(ctx, node.from, kids[0]!.from) === '-' ? { type: value.type, value: -value.value } : value;
}

/**
 * `aggregate op literal`: the only scalar filter Tempo evaluates (`ScalarFilter.evaluate` answers
 * "scalar filter lhs (...) not supported" for anything else), so the rest is refused while parsing.
 */
function buildScalarFilter(ctx: ParseContext, node: SyntaxNode): ScalarFilter {
  const [lhsNode, opNode, rhsNode] = children(node) as [SyntaxNode, SyntaxNode, SyntaxNode];
  const lhs = scalarCore(ctx, lhsNode);
  const rhs = scalarCore(ctx, rhsNode);
  const op = textOf(ctx, opNode);
  const aggNode = children(lhs)[0];
  if (!aggNode || aggNode.name !== 'Aggregate' || children(lhs).length !== 1) {
    throw invalid(ctx, lhsNode, `scalar filter lhs (${textOf(ctx, lhsNode).trim()}) not supported: write an aggregate on the left, as in count() > 2`);
  }
  const value = scalarLiteral(ctx, rhs);
  if (!value) throw invalid(ctx, rhsNode, `scalar filter rhs (${textOf(ctx, rhsNode).trim()}) not supported: compare the aggregate with a number or a duration`);
  if (!SCALAR_OPS.has(op)) throw invalid(ctx, opNode, `operator ${op} is not supported in a scalar filter: use =, !=, >, >=, < or <=`);
  return { kind: 'scalarFilter', op: op as ScalarFilter['op'], aggregate: buildAggregate(ctx, aggNode), value };
}
