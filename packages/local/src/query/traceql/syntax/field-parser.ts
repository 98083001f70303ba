import type { SyntaxNode } from '@lezer/common';
import type { AttributeScope, BinaryOp, FieldExpr, KindName, Static, StatusName } from './ast.js';
import { INTRINSICS } from './intrinsics.js';
import { parseTempoDuration, unquoteString } from './lexical.js';
import { children, invalid, startsWithParen, syntaxError, textOf, tokensBetween, type ParseContext } from './tree.js';

/**
 * Binding strength of field operators, from Tempo's `expr.y` (`%left AND OR` < comparisons <
 * `+ -` < `* / %` < `%right ^`). lezer's grammar ranks `&&` above `||` and comparisons above
 * arithmetic, so chains are flattened and rebuilt with these levels to evaluate as Tempo does.
 */
const FIELD_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '&&': 1,
  '||': 1,
  '=': 2,
  '!=': 2,
  '<': 2,
  '<=': 2,
  '>': 2,
  '>=': 2,
  '=~': 2,
  '!~': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '%': 4,
  '^': 5,
};

const KINDS: readonly KindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly StatusName[] = ['error', 'ok', 'unset'];
const SCOPE_NODES: Readonly<Record<string, AttributeScope>> = { Resource: 'resource', Span: 'span', Event: 'event', Link: 'link', Instrumentation: 'instrumentation' };

/**
 * Prefix operators bind tighter than comparisons and `+ -` but looser than `* / % ^` in Tempo
 * (`!.a = b` is `(!.a) = b`, `-.a * 2` is `-(.a * 2)`); lezer lets them take the whole rest.
 */
const PREFIX_OPERAND_PRECEDENCE = 4;

type Item = { readonly expr: FieldExpr } | { readonly op: BinaryOp; readonly at: number } | { readonly prefix: '-' | '!' };

/** Builds a FieldExpression node (and everything under it). */
export function buildField(ctx: ParseContext, node: SyntaxNode): FieldExpr {
  const items: Item[] = [];
  flatten(ctx, node, items);
  let pos = 0;
  const operand = (): FieldExpr => {
    const item = items[pos++]!;
    if ('prefix' in item) return unary(item.prefix, climb(PREFIX_OPERAND_PRECEDENCE));
    return (item as { expr: FieldExpr }).expr;
  };
  const climb = (minPrec: number): FieldExpr => {
    let lhs = operand();
    for (;;) {
      const next = items[pos] as { op: BinaryOp; at: number } | undefined;
      if (!next) return lhs;
      const prec = FIELD_PRECEDENCE[next.op];
      if (prec < minPrec) return lhs;
      pos++;
      // `^` is right-associative; everything else is left-associative.
      const rhs = climb(next.op === '^' ? prec : prec + 1);
      lhs = { kind: 'binary', op: next.op, lhs, rhs };
    }
  };
  return climb(0);
}

function flatten(ctx: ParseContext, node: SyntaxNode, items: Item[]): void {
  const kids = children(node);
  if (node.name !== 'FieldExpression') {
    items.push({ expr: atom(ctx, node) });
    return;
  }
  if (kids.length === 1) {
    const only = kids[0]!;
    if (only.name !== 'FieldExpression') {
      items.push({ expr: atom(ctx, only) });
      return;
    }
    const lead = tokensBetween(ctx, node.from, only.from);
    if (lead === '-' || lead === '!') {
      items.push({ prefix: lead });
      flatten(ctx, only, items);
    }
    else if (startsWithParen(ctx, node, only)) items.push({ expr: buildField(ctx, only) });
    else throw syntaxError(ctx, node.from);
    return;
  }
  if (kids.length === 3) {
    const [lhs, opNode, rhs] = kids as [SyntaxNode, SyntaxNode, SyntaxNode];
    const op = tokensBetween(ctx, opNode.from, opNode.to);
    if (!(op in FIELD_PRECEDENCE)) throw invalid(ctx, opNode, `operator ${op} is not supported inside a spanset filter`);
    flatten(ctx, lhs, items);
    items.push({ op: op as BinaryOp, at: opNode.from });
    flatten(ctx, rhs, items);
    return;
  }
  throw syntaxError(ctx, node.from);
}

/** `-` on a numeric literal is the negative literal (Tempo's lexer reads `-1` that way too). */
function unary(op: '-' | '!', expr: FieldExpr): FieldExpr {
  if (op === '-' && expr.kind === 'static' && (expr.value.type === 'int' || expr.value.type === 'float' || expr.value.type === 'duration')) {
    return { kind: 'static', value: { type: expr.value.type, value: -expr.value.value } };
  }
  return { kind: 'unary', op, expr };
}

function atom(ctx: ParseContext, node: SyntaxNode): FieldExpr {
  switch (node.name) {
    case 'Static':
      return { kind: 'static', value: buildStatic(ctx, node) };
    case 'IntrinsicField': {
      // The whole name from the original text: an alias may have stood in for it (see maskLiterals).
      const text = /^[A-Za-z:]+/.exec(ctx.query.slice(node.from))?.[0] ?? textOf(ctx, node);
      const row = INTRINSICS[text];
      if (!row) throw invalid(ctx, node, `intrinsic ${text} is not supported; use one of ${Object.keys(INTRINSICS).join(', ')}`);
      return { kind: 'intrinsic', intrinsic: row.intrinsic, text };
    }
    case 'AttributeField':
      return buildAttribute(ctx, node);
    default:
      throw syntaxError(ctx, node.from);
  }
}

function buildAttribute(ctx: ParseContext, node: SyntaxNode): FieldExpr {
  let parent = false;
  let scope: AttributeScope = 'none';
  let name: string | undefined;
  for (const c of children(node)) {
    if (c.name === 'Parent') parent = true;
    else if (c.name in SCOPE_NODES) scope = SCOPE_NODES[c.name]!;
    else if (c.name === 'Identifier') {
      const raw = textOf(ctx, c);
      name = raw.startsWith('"') ? unquoteString(raw) : raw;
      if (name === undefined) throw syntaxError(ctx, c.from, `invalid quoted attribute name ${raw}`);
    }
  }
  if (name === undefined || name === '') throw syntaxError(ctx, node.to);
  return { kind: 'attribute', scope, parent, name };
}

/** A Static node (or the number tokens of a scalar expression) as a typed value. */
export function buildStatic(ctx: ParseContext, node: SyntaxNode): Static {
  const kid = children(node)[0];
  const valueNode = kid ?? node;
  const text = textOf(ctx, valueNode);
  switch (valueNode.name) {
    case 'String': {
      const value = unquoteString(text);
      if (value === undefined) throw syntaxError(ctx, valueNode.from, `invalid string literal ${text}`);
      return { type: 'string', value };
    }
    case 'Integer':
      return { type: 'int', value: Number(text) };
    case 'Float':
      return { type: 'float', value: Number(text) };
    case 'Duration': {
      const ns = parseTempoDuration(text);
      if (ns === undefined) throw syntaxError(ctx, valueNode.from, `invalid duration ${text}`);
      return { type: 'duration', value: ns };
    }
    case 'TemplateVariable':
      throw invalid(ctx, valueNode, `template variable ${text} was not interpolated: replace it with a value`);
  }
  if (text === 'true' || text === 'false') return { type: 'bool', value: text === 'true' };
  if (text === 'nil') return { type: 'nil' };
  if ((STATUSES as readonly string[]).includes(text)) return { type: 'status', value: text as StatusName };
  if ((KINDS as readonly string[]).includes(text)) return { type: 'kind', value: text as KindName };
  throw syntaxError(ctx, valueNode.from);
}
