import type { FieldExpr, Intrinsic, Stage } from '../syntax/ast.js';
import { INTRINSIC_RESULT_NAME } from '../syntax/intrinsics.js';
import { compileField, type CompiledField } from './field-eval.js';

/** A value returned with every matched span, under `key`. */
export interface OutputField {
  readonly key: string;
  readonly read: CompiledField;
}

/** Intrinsics a span result carries as fields of its own (or that Tempo leaves out), never as attributes. */
const NOT_AN_ATTRIBUTE = new Set<Intrinsic>(['name', 'duration', 'traceDuration', 'rootName', 'rootServiceName', 'traceID', 'spanID', 'eventName', 'eventTimeSinceStart', 'linkTraceID', 'linkSpanID']);

function collect(e: FieldExpr, out: FieldExpr[]): void {
  switch (e.kind) {
    case 'attribute':
      if (!e.parent && e.scope !== 'event' && e.scope !== 'link' && e.scope !== 'instrumentation') out.push(e);
      return;
    case 'intrinsic':
      if (!NOT_AN_ATTRIBUTE.has(e.intrinsic)) out.push(e);
      return;
    case 'unary':
      collect(e.expr, out);
      return;
    case 'binary':
      collect(e.lhs, out);
      collect(e.rhs, out);
      return;
    case 'static':
      return;
  }
}

function walk(stage: Stage, out: FieldExpr[]): void {
  switch (stage.kind) {
    case 'filter':
      if (stage.expr) collect(stage.expr, out);
      return;
    case 'spansetOp':
      walk(stage.lhs, out);
      walk(stage.rhs, out);
      return;
    case 'pipeline':
      stage.stages.forEach((s) => walk(s, out));
      return;
    case 'scalarFilter':
      if (stage.aggregate.expr) collect(stage.aggregate.expr, out);
      return;
    case 'by':
      collect(stage.expr, out);
      return;
    case 'select':
      stage.exprs.forEach((e) => collect(e, out));
      return;
    case 'coalesce':
      return;
  }
}

const SERVICE_NAME: FieldExpr = { kind: 'attribute', scope: 'resource', parent: false, name: 'service.name' };

/**
 * The attributes returned with each matched span: `service.name` (Grafana shows each span's
 * service), then every attribute and attribute-like intrinsic (`status`, `kind`) the query reads
 * or `select()`s, once per key, as Tempo's fetch layer decorates spans with what it fetched.
 */
export function outputFields(root: Stage): OutputField[] {
  const exprs: FieldExpr[] = [SERVICE_NAME];
  walk(root, exprs);
  const seen = new Set<string>();
  const out: OutputField[] = [];
  for (const e of exprs) {
    const key = e.kind === 'attribute' ? e.name : e.kind === 'intrinsic' ? INTRINSIC_RESULT_NAME[e.intrinsic] : '';
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, read: compileField(e) });
  }
  return out;
}
