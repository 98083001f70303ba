import type { BinaryOp, FieldExpr, SpansetNode, Stage, TraceQLQuery } from './ast.js';
import { INTRINSICS } from './intrinsics.js';
import { formatAggregate, formatField } from './printer.js';
import { compileTraceQLRegex } from './regex.js';
import { invalid, type ParseContext } from './tree.js';

/** A field's type as the checker sees it; `attribute` is only known per span. */
export type ImpliedType = 'string' | 'int' | 'float' | 'duration' | 'bool' | 'status' | 'kind' | 'nil' | 'attribute';

const BOOLEAN_OPS = new Set<BinaryOp>(['=', '!=', '>', '>=', '<', '<=', '=~', '!~', '&&', '||']);
const NUMERIC = new Set<ImpliedType>(['int', 'float', 'duration']);

/** Which operators accept an operand of a type: Tempo's `binaryTypeValid`. */
const OPS_BY_TYPE: Readonly<Record<Exclude<ImpliedType, 'attribute'>, ReadonlySet<BinaryOp>>> = {
  bool: new Set(['&&', '||', '=', '!=']),
  int: new Set(['+', '-', '*', '/', '%', '^', '=', '!=', '>', '>=', '<', '<=']),
  float: new Set(['+', '-', '*', '/', '%', '^', '=', '!=', '>', '>=', '<', '<=']),
  duration: new Set(['+', '-', '*', '/', '%', '^', '=', '!=', '>', '>=', '<', '<=']),
  string: new Set(['=', '!=', '=~', '!~', '>', '>=', '<', '<=']),
  nil: new Set(['=', '!=']),
  status: new Set(['=', '!=']),
  kind: new Set(['=', '!=']),
};

/** The type an expression evaluates to when it is known before reading spans. */
export function impliedType(e: FieldExpr): ImpliedType {
  switch (e.kind) {
    case 'static':
      return e.value.type;
    case 'intrinsic':
      return INTRINSICS[e.text]?.type ?? 'attribute';
    case 'attribute':
      return 'attribute';
    case 'unary':
      return e.op === '!' ? 'bool' : impliedType(e.expr);
    case 'binary': {
      if (BOOLEAN_OPS.has(e.op)) return 'bool';
      const l = impliedType(e.lhs);
      return l === 'attribute' ? impliedType(e.rhs) : l;
    }
  }
}

/** Tempo's `isMatchingOperand`: numbers mix, nil matches anything, attributes are unknown until read. */
export function isMatchingOperand(a: ImpliedType, b: ImpliedType): boolean {
  return a === 'attribute' || b === 'attribute' || a === b || (NUMERIC.has(a) && NUMERIC.has(b)) || a === 'nil' || b === 'nil';
}

/** Tempo's `binaryTypesValid`: both operand types accept the operator. */
export function binaryTypesValid(op: BinaryOp, a: ImpliedType, b: ImpliedType): boolean {
  const ok = (t: ImpliedType): boolean => t === 'attribute' || OPS_BY_TYPE[t].has(op);
  return ok(a) && ok(b);
}

function checkField(ctx: ParseContext, e: FieldExpr): void {
  if (e.kind === 'unary') {
    checkField(ctx, e.expr);
    const t = impliedType(e.expr);
    if (t !== 'attribute' && (e.op === '!' ? t !== 'bool' : !NUMERIC.has(t))) throw invalid(ctx, 0, `illegal operation for the given type: ${formatField(e)}`);
    return;
  }
  if (e.kind !== 'binary') return;
  checkField(ctx, e.lhs);
  checkField(ctx, e.rhs);
  const l = impliedType(e.lhs);
  const r = impliedType(e.rhs);
  if (!isMatchingOperand(l, r)) throw invalid(ctx, 0, `binary operations must operate on the same type: ${formatField(e)}`);
  if (!binaryTypesValid(e.op, l, r)) throw invalid(ctx, 0, `illegal operation for the given types: ${formatField(e)}`);
  if ((e.op === '=~' || e.op === '!~') && e.rhs.kind === 'static' && e.rhs.value.type === 'string') {
    try {
      compileTraceQLRegex(e.rhs.value.value);
    } catch (error) {
      throw invalid(ctx, 0, `error parsing regexp: ${(error as Error).message}`);
    }
  }
}

function checkStage(ctx: ParseContext, s: Stage): void {
  switch (s.kind) {
    case 'filter':
      if (!s.expr) return;
      checkField(ctx, s.expr);
      if (!['bool', 'attribute'].includes(impliedType(s.expr))) throw invalid(ctx, 0, `span filter field expressions must resolve to a boolean: { ${formatField(s.expr)} }`);
      return;
    case 'spansetOp':
      checkSpanset(ctx, s.lhs);
      checkSpanset(ctx, s.rhs);
      return;
    case 'pipeline':
      s.stages.forEach((st) => checkStage(ctx, st));
      return;
    case 'scalarFilter': {
      const a = s.aggregate;
      if (a.expr) {
        checkField(ctx, a.expr);
        const t = impliedType(a.expr);
        if (t !== 'attribute' && !NUMERIC.has(t)) throw invalid(ctx, 0, `aggregate field expressions must resolve to a number type: ${formatAggregate(a)}`);
      }
      return;
    }
    case 'by':
      checkField(ctx, s.expr);
      return;
    case 'select':
      s.exprs.forEach((e) => checkField(ctx, e));
      return;
    case 'coalesce':
      return;
  }
}

function checkSpanset(ctx: ParseContext, s: SpansetNode): void {
  checkStage(ctx, s);
}

/** Tempo's static checks (`ast_validate.go`) over a whole query; throws TraceQLParseError. */
export function validateQuery(ctx: ParseContext, q: TraceQLQuery): void {
  checkStage(ctx, q.root);
}
