import type { SpanFilter, TraceReader } from '../../../model/store.js';
import { findAttribute, SpanKind, StatusCode, type KeyValue, type SpanRecord } from '../../../model/spans.js';
import { attributeText } from './attribute-string.js';
import type { FieldExpr, KindName, Pipeline, Stage, Static, StatusName } from '../syntax/ast.js';

type Attr = NonNullable<SpanFilter['attributes']>[number];

const STATUS_CODES: Readonly<Record<StatusName, number>> = { unset: StatusCode.UNSET, ok: StatusCode.OK, error: StatusCode.ERROR };
const KIND_CODES: Readonly<Record<KindName, number>> = {
  unspecified: SpanKind.UNSPECIFIED,
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** How much a condition narrows a store scan: indexed columns first (service, then name). */
function score(f: SpanFilter): number {
  return (f.serviceName !== undefined ? 8 : 0) + (f.name !== undefined ? 4 : 0) + 2 * (f.attributes?.length ?? 0) + (f.statusCode !== undefined ? 1 : 0) + (f.kind !== undefined ? 1 : 0) + (f.minDurationNs !== undefined || f.maxDurationNs !== undefined ? 1 : 0);
}

function better(a: SpanFilter, b: SpanFilter): SpanFilter {
  return score(b) > score(a) ? b : a;
}

function conjuncts(e: FieldExpr, out: FieldExpr[]): FieldExpr[] {
  if (e.kind === 'binary' && e.op === '&&') {
    conjuncts(e.lhs, out);
    conjuncts(e.rhs, out);
  } else out.push(e);
  return out;
}

/** Attribute values compare by their string form in the store: only types whose form is exact are pushed. */
function storeString(v: Static): string | undefined {
  if (v.type === 'string') return v.value;
  if (v.type === 'int' && Number.isSafeInteger(v.value)) return String(v.value);
  if (v.type === 'bool') return String(v.value);
  return undefined;
}

const MIRROR: Readonly<Record<string, string>> = { '=': '=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/** Adds what one `field op literal` condition tells the store; conditions it cannot express add nothing. */
function addCondition(f: { -readonly [K in keyof SpanFilter]: SpanFilter[K] }, attrs: Attr[], e: FieldExpr): void {
  if (e.kind !== 'binary') return;
  let field = e.lhs;
  let lit = e.rhs;
  let op: string = e.op;
  if (field.kind === 'static') {
    [field, lit] = [lit, field];
    op = MIRROR[op] ?? '';
  }
  if (lit.kind !== 'static') return;
  const v = lit.value;
  if (field.kind === 'intrinsic') {
    if (field.intrinsic === 'name' && op === '=' && v.type === 'string') f.name ??= v.value;
    else if (field.intrinsic === 'status' && op === '=' && v.type === 'status') f.statusCode ??= STATUS_CODES[v.value];
    else if (field.intrinsic === 'kind' && op === '=' && v.type === 'kind') f.kind ??= KIND_CODES[v.value];
    else if (field.intrinsic === 'duration' && (v.type === 'duration' || v.type === 'int') && v.value >= 0) {
      const ns = BigInt(Math.trunc(v.value));
      if (op === '>') f.minDurationNs = ns + 1n;
      else if (op === '>=') f.minDurationNs = ns;
      else if (op === '<' && ns > 0n) f.maxDurationNs = ns - 1n;
      else if (op === '<=') f.maxDurationNs = ns;
      else if (op === '=') (f.minDurationNs = ns), (f.maxDurationNs = ns);
    }
    return;
  }
  if (field.kind !== 'attribute' || field.parent || op !== '=') return;
  const value = storeString(v);
  if (value === undefined) return;
  if (field.scope === 'resource' && field.name === 'service.name' && v.type === 'string') f.serviceName ??= value;
  else if (field.scope === 'span' || field.scope === 'resource' || field.scope === 'none') attrs.push({ scope: field.scope === 'none' ? 'any' : field.scope, key: field.name, value });
}

function fromFilter(expr: FieldExpr | undefined): SpanFilter {
  if (!expr) return {};
  const f: { -readonly [K in keyof SpanFilter]: SpanFilter[K] } = {};
  const attrs: Attr[] = [];
  for (const c of conjuncts(expr, [])) addCondition(f, attrs, c);
  if (attrs.length > 0) f.attributes = attrs;
  return f;
}

function fromStage(stage: Stage): SpanFilter {
  switch (stage.kind) {
    case 'filter':
      return fromFilter(stage.expr);
    case 'spansetOp':
      if (stage.op === '||') return {};
      // `{a} !> {b}` returns b spans: only the right side must match.
      if (stage.op.startsWith('!')) return fromStage(stage.rhs);
      return better(fromStage(stage.lhs), fromStage(stage.rhs));
    case 'pipeline':
      return stage.stages.map(fromStage).reduce(better, {});
    default:
      return {};
  }
}

/**
 * The conditions one span of every matching trace must meet, for the store to find candidate
 * traces by index instead of reading them all. It may admit more traces than the query keeps
 * (the engine evaluates the whole query on each), never fewer: a spanset filter's top-level
 * `&&` conditions, the stronger side of `&&` and structural operators, nothing across `||`.
 */
export function pushdownFilter(root: Pipeline): SpanFilter {
  return fromStage(root);
}

/** Tag values read to decide whether an attribute condition can be pushed down. */
const ARRAY_CHECK_VALUES = 1000;

/**
 * Keeps only the attribute conditions the store can test without losing matches. The store
 * compares an attribute's text form, and an array's is its elements joined with commas, while
 * TraceQL's `=` matches an array holding the value. A condition is dropped when the tag index
 * lists a value that would be such an array; when the key has more values than are listed, it
 * is kept only if no listed value has a comma (a key's type does not change from span to span
 * in practice, semantic conventions fix it, so a key with arrays shows commas early).
 */
export function arraySafeFilter(reader: TraceReader, f: SpanFilter, startNs: bigint, endNs: bigint): SpanFilter {
  if (!f.attributes || f.attributes.length === 0) return f;
  const safe = f.attributes.filter((a) => {
    const scopes: Array<'span' | 'resource'> = a.scope === 'any' ? ['span', 'resource'] : [a.scope];
    return scopes.every((scope) => {
      const values = reader.tagValues(scope, a.key, startNs, endNs, ARRAY_CHECK_VALUES);
      if (values.some((v) => v !== a.value && v.split(',').includes(a.value))) return false;
      return values.length < ARRAY_CHECK_VALUES || !values.some((v) => v.includes(','));
    });
  });
  const { attributes: _dropped, ...rest } = f;
  return safe.length > 0 ? { ...rest, attributes: safe } : rest;
}

function textOf(kvs: readonly KeyValue[], key: string): string | undefined {
  const v = findAttribute(kvs, key);
  return v === undefined ? undefined : attributeText(v);
}

/**
 * Whether a stored span meets a store filter, with the stores' semantics (the contract suite
 * holds both stores to them): used to know where a trace sits in the store's newest-match order.
 */
export function spanMatchesFilter(s: SpanRecord, f: SpanFilter): boolean {
  if (f.serviceName !== undefined && s.serviceName !== f.serviceName) return false;
  if (f.name !== undefined && s.name !== f.name) return false;
  if (f.kind !== undefined && s.kind !== f.kind) return false;
  if (f.statusCode !== undefined && s.statusCode !== f.statusCode) return false;
  const d = s.endNs - s.startNs;
  if (f.minDurationNs !== undefined && d < f.minDurationNs) return false;
  if (f.maxDurationNs !== undefined && d > f.maxDurationNs) return false;
  for (const a of f.attributes ?? []) {
    const v = a.scope === 'resource' ? textOf(s.resource, a.key) : a.scope === 'span' ? textOf(s.attributes, a.key) : (textOf(s.attributes, a.key) ?? textOf(s.resource, a.key));
    if (v !== a.value) return false;
  }
  return true;
}
