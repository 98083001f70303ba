import type { Aggregate, FieldExpr, Pipeline, ScalarFilter, SpansetNode, Stage, Static } from '../syntax/ast.js';
import { formatAggregate, formatField } from '../syntax/printer.js';
import { TraceQLExecutionError } from './errors.js';
import { compileField, compilePredicate, type CompiledField } from './field-eval.js';
import { isStructural, structuralJoin } from './structural.js';
import type { SpanView } from './trace-context.js';
import { binaryScalar, compareValues, type Value } from './values.js';

/** A set of spans of one trace, with the values aggregates and `by()` attached to it. */
export interface Spanset {
  readonly spans: readonly SpanView[];
  readonly attributes: ReadonlyArray<{ readonly name: string; readonly value: Value }>;
}

/** A compiled stage: spansets in, spansets out (Tempo's `evaluate([]*Spanset)`). */
export type CompiledStage = (input: readonly Spanset[]) => Spanset[];

function withSpans(ss: Spanset, spans: readonly SpanView[]): Spanset {
  return { spans, attributes: ss.attributes };
}

function uniqueSpans(a: readonly Spanset[], b: readonly Spanset[]): SpanView[] {
  const seen = new Set<SpanView>();
  const out: SpanView[] = [];
  for (const list of [a, b]) for (const ss of list) for (const s of ss.spans) if (!seen.has(s)) (seen.add(s), out.push(s));
  return out;
}

function compileSpansetOp(node: Extract<SpansetNode, { kind: 'spansetOp' }>): CompiledStage {
  const lhs = compileStage(node.lhs);
  const rhs = compileStage(node.rhs);
  const op = node.op;
  return (input) => {
    const out: Spanset[] = [];
    for (const ss of input) {
      const l = lhs([ss]);
      const r = rhs([ss]);
      if (op === '&&' || op === '||') {
        if (op === '&&' ? l.length > 0 && r.length > 0 : l.length > 0 || r.length > 0) out.push(withSpans(ss, uniqueSpans(l, r)));
        continue;
      }
      if (!isStructural(op) || r.length === 0) continue;
      if (l.length > 1 || r.length > 1) throw new TraceQLExecutionError('spanset operators are not supported for multiple spansets per trace. consider using coalesce()');
      const spans = structuralJoin(op, l[0]?.spans ?? [], r[0]!.spans);
      if (spans.length > 0) out.push(withSpans(ss, spans));
    }
    return out;
  };
}

/** Sum of numbers keeping Tempo's types: ints stay ints, durations stay durations, anything mixed is float. */
function add(a: Static, b: Static): Static {
  if (a.type === b.type && (a.type === 'int' || a.type === 'duration')) return { type: a.type, value: (a.value as number) + (b as { value: number }).value };
  return { type: 'float', value: (a as { value: number }).value + (b as { value: number }).value };
}

function numericValues(ss: Spanset, f: CompiledField): Static[] {
  const out: Static[] = [];
  for (const s of ss.spans) {
    const v = f(s, {});
    if (v.type === 'int' || v.type === 'float' || v.type === 'duration') out.push(v);
  }
  return out;
}

/** One aggregate over a spanset; undefined when no span had a value (Tempo then drops the spanset). */
function aggregate(a: Aggregate, f: CompiledField | undefined, ss: Spanset): Static | undefined {
  if (a.op === 'count') return { type: 'int', value: ss.spans.length };
  const values = numericValues(ss, f!);
  if (values.length === 0) return undefined;
  switch (a.op) {
    case 'sum':
      return values.reduce(add);
    case 'avg': {
      const sum = values.reduce(add) as { type: Static['type']; value: number };
      return sum.type === 'duration' ? { type: 'duration', value: Math.trunc(sum.value / values.length) } : { type: 'float', value: sum.value / values.length };
    }
    case 'max':
      return values.reduce((m, v) => (compareValues(v, m) > 0 ? v : m));
    case 'min':
      return values.reduce((m, v) => (compareValues(v, m) < 0 ? v : m));
  }
}

function compileScalarFilter(node: ScalarFilter): CompiledStage {
  const f = node.aggregate.expr ? compileField(node.aggregate.expr) : undefined;
  const name = formatAggregate(node.aggregate);
  return (input) => {
    const out: Spanset[] = [];
    for (const ss of input) {
      const value = aggregate(node.aggregate, f, ss);
      if (value === undefined) continue;
      const res = binaryScalar(node.op, value, node.value);
      if (res.type === 'bool' && res.value) out.push({ spans: ss.spans, attributes: [...ss.attributes, { name, value }] });
    }
    return out;
  };
}

function groupKey(v: Value): string {
  return v.type === 'array' ? `array:${JSON.stringify(v.elems)}` : `${v.type}:${v.type === 'nil' ? '' : String(v.value)}`;
}

function compileGroupBy(expr: FieldExpr): CompiledStage {
  const f = compileField(expr);
  const name = `by(${formatField(expr)})`;
  return (input) => {
    const out: Spanset[] = [];
    for (const ss of input) {
      // Groups in order of their first span, so results do not depend on map iteration.
      const groups = new Map<string, { value: Value; spans: SpanView[] }>();
      for (const s of ss.spans) {
        const value = f(s, {});
        const key = groupKey(value);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { value, spans: [] }));
        g.spans.push(s);
      }
      for (const g of groups.values()) out.push({ spans: g.spans, attributes: [...ss.attributes, { name, value: g.value }] });
    }
    return out;
  };
}

/** Compiles one stage (or a whole spanset expression) into a function over spansets. */
export function compileStage(stage: Stage): CompiledStage {
  switch (stage.kind) {
    case 'filter': {
      if (!stage.expr) return (input) => input.filter((ss) => ss.spans.length > 0);
      const pred = compilePredicate(stage.expr);
      return (input) => {
        const out: Spanset[] = [];
        for (const ss of input) {
          const kept = ss.spans.filter(pred);
          if (kept.length > 0) out.push(kept.length === ss.spans.length ? ss : withSpans(ss, kept));
        }
        return out;
      };
    }
    case 'spansetOp':
      return compileSpansetOp(stage);
    case 'pipeline':
      return compilePipeline(stage);
    case 'scalarFilter':
      return compileScalarFilter(stage);
    case 'by':
      return compileGroupBy(stage.expr);
    case 'coalesce':
      return (input) => {
        const spans = input.flatMap((ss) => ss.spans);
        return spans.length > 0 ? [{ spans, attributes: [] }] : [];
      };
    case 'select':
      // The selected fields are attached to the returned spans when results are built.
      return (input) => [...input];
  }
}

/** Compiles a pipeline: each stage takes what the previous one returned. */
export function compilePipeline(p: Pipeline): CompiledStage {
  const stages = p.stages.map(compileStage);
  return (input) => stages.reduce<Spanset[]>((acc, stage) => (acc.length === 0 ? acc : stage(acc)), [...input]);
}
