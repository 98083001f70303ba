import { findAttribute, type KeyValue, type SpanEvent, type SpanLink } from '../../../model/spans.js';
import type { FieldExpr, Intrinsic, Static } from '../syntax/ast.js';
import type { SpanView } from './trace-context.js';
import { binaryValue, FALSE, fromAnyValue, KIND_BY_CODE, NIL, STATUS_BY_CODE, TRUE, type Value } from './values.js';

/** The event and link a span-level expression is evaluated against (`event:name`, `link.foo`). */
export interface FieldScope {
  readonly event?: SpanEvent | undefined;
  readonly link?: SpanLink | undefined;
}

/** A field expression compiled once per query and run on every span. */
export type CompiledField = (span: SpanView, scope: FieldScope) => Value;

const ID_LENGTH: Partial<Record<Intrinsic, number>> = { traceID: 32, spanID: 16, parentID: 16, linkTraceID: 32, linkSpanID: 16 };

function str(value: string): Static {
  return { type: 'string', value };
}

function intrinsicValue(i: Intrinsic, s: SpanView, scope: FieldScope): Value {
  const r = s.rec;
  switch (i) {
    case 'name':
      return str(r.name);
    case 'status':
      return { type: 'status', value: STATUS_BY_CODE[r.statusCode] ?? 'unset' };
    case 'statusMessage':
      return str(r.statusMessage);
    case 'kind':
      return { type: 'kind', value: KIND_BY_CODE[r.kind] ?? 'unspecified' };
    case 'duration':
      return { type: 'duration', value: s.durationNs };
    case 'childCount':
      return { type: 'int', value: s.childCount };
    case 'spanID':
      return str(r.spanId);
    case 'parentID':
      return r.parentSpanId === '' ? NIL : str(r.parentSpanId);
    case 'traceID':
      return str(r.traceId);
    case 'rootName':
      return s.trace.rootName === undefined ? NIL : str(s.trace.rootName);
    case 'rootServiceName':
      return str(s.trace.rootServiceName);
    case 'traceDuration':
      return { type: 'duration', value: s.trace.durationNs };
    case 'eventName':
      return scope.event ? str(scope.event.name) : NIL;
    case 'eventTimeSinceStart':
      return scope.event ? { type: 'duration', value: Number(scope.event.timeNs - r.startNs) } : NIL;
    case 'linkTraceID':
      return scope.link ? str(scope.link.traceId) : NIL;
    case 'linkSpanID':
      return scope.link ? str(scope.link.spanId) : NIL;
    case 'instrumentationName':
      return str(r.scope.name);
    case 'instrumentationVersion':
      return str(r.scope.version);
  }
}

function lookup(kvs: readonly KeyValue[] | undefined, name: string): Value | undefined {
  if (!kvs) return undefined;
  const v = findAttribute(kvs, name);
  return v === undefined ? undefined : fromAnyValue(v);
}

function attributeValue(e: Extract<FieldExpr, { kind: 'attribute' }>, span: SpanView, scope: FieldScope): Value {
  const s = e.parent ? span.parent : span;
  if (!s) return NIL;
  switch (e.scope) {
    case 'span':
      return lookup(s.rec.attributes, e.name) ?? NIL;
    case 'resource':
      return lookup(s.rec.resource, e.name) ?? NIL;
    case 'none':
      return lookup(s.rec.attributes, e.name) ?? lookup(s.rec.resource, e.name) ?? NIL;
    case 'event':
      return lookup(scope.event?.attributes, e.name) ?? NIL;
    case 'link':
      return lookup(scope.link?.attributes, e.name) ?? NIL;
    case 'instrumentation':
      // Instrumentation-scope attributes are not kept by the store: never present.
      return NIL;
  }
}

/** Ids compare as stored (lowercase, full width): `span:id = "AB"` means `00000000000000ab`. */
function normaliseId(e: FieldExpr, other: FieldExpr): FieldExpr {
  if (e.kind !== 'intrinsic' || other.kind !== 'static' || other.value.type !== 'string') return other;
  const width = ID_LENGTH[e.intrinsic];
  if (width === undefined || !/^[0-9a-fA-F]+$/.test(other.value.value)) return other;
  return { kind: 'static', value: str(other.value.value.toLowerCase().padStart(width, '0')) };
}

const isNilLiteral = (e: FieldExpr): boolean => e.kind === 'static' && e.value.type === 'nil';

/**
 * Compiles a field expression. Comparing with the literal `nil` tests existence (`.foo != nil`);
 * any other comparison with an absent attribute is false, which is what Tempo returns, since its
 * storage layer never hands the engine a span lacking a compared attribute.
 */
export function compileField(e: FieldExpr): CompiledField {
  switch (e.kind) {
    case 'static': {
      const v = e.value;
      return () => v;
    }
    case 'intrinsic':
      return (s, scope) => intrinsicValue(e.intrinsic, s, scope);
    case 'attribute':
      return (s, scope) => attributeValue(e, s, scope);
    case 'unary': {
      const inner = compileField(e.expr);
      if (e.op === '!') return (s, scope) => {
        const v = inner(s, scope);
        return v.type === 'bool' ? { type: 'bool', value: !v.value } : NIL;
      };
      return (s, scope) => {
        const v = inner(s, scope);
        return v.type === 'int' || v.type === 'float' || v.type === 'duration' ? { type: v.type, value: -v.value } : NIL;
      };
    }
    case 'binary': {
      if ((e.op === '=' || e.op === '!=') && (isNilLiteral(e.lhs) || isNilLiteral(e.rhs))) {
        const other = compileField(isNilLiteral(e.lhs) ? e.rhs : e.lhs);
        const wantPresent = e.op === '!=';
        return (s, scope) => ((other(s, scope).type !== 'nil') === wantPresent ? TRUE : FALSE);
      }
      const l = compileField(normaliseId(e.rhs, e.lhs));
      const r = compileField(normaliseId(e.lhs, e.rhs));
      const op = e.op;
      if (op === '&&' || op === '||') {
        return (s, scope) => {
          const a = l(s, scope);
          if (a.type === 'bool' && a.value === (op === '||')) return a;
          const b = r(s, scope);
          return a.type === 'bool' && b.type === 'bool' ? b : FALSE;
        };
      }
      return (s, scope) => {
        const a = l(s, scope);
        const b = r(s, scope);
        return a.type === 'nil' || b.type === 'nil' ? FALSE : binaryValue(op, a, b);
      };
    }
  }
}

/** Which per-event or per-link fields an expression reads. */
function uses(e: FieldExpr, what: 'event' | 'link'): boolean {
  switch (e.kind) {
    case 'attribute':
      return e.scope === what;
    case 'intrinsic':
      return what === 'event' ? e.intrinsic === 'eventName' || e.intrinsic === 'eventTimeSinceStart' : e.intrinsic === 'linkTraceID' || e.intrinsic === 'linkSpanID';
    case 'unary':
      return uses(e.expr, what);
    case 'binary':
      return uses(e.lhs, what) || uses(e.rhs, what);
    default:
      return false;
  }
}

/**
 * Compiles a spanset filter's condition into a span predicate. Conditions on events or links
 * hold for a span when they hold for at least one of its events (links), as in Tempo where
 * `{ event:name = "exception" }` finds spans with such an event.
 */
export function compilePredicate(e: FieldExpr | undefined): (span: SpanView) => boolean {
  if (!e) return () => true;
  const f = compileField(e);
  const perEvent = uses(e, 'event');
  const perLink = uses(e, 'link');
  const holds = (s: SpanView, scope: FieldScope): boolean => {
    const v = f(s, scope);
    return v.type === 'bool' && v.value;
  };
  if (!perEvent && !perLink) return (s) => holds(s, {});
  return (s) => {
    const events: ReadonlyArray<SpanEvent | undefined> = perEvent && s.rec.events.length > 0 ? s.rec.events : [undefined];
    const links: ReadonlyArray<SpanLink | undefined> = perLink && s.rec.links.length > 0 ? s.rec.links : [undefined];
    for (const event of events) for (const link of links) if (holds(s, { event, link })) return true;
    return false;
  };
}
