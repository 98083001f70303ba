import { findAttribute, type AnyValue, type KeyValue } from '../../../model/spans.js';
import type { TraceReader } from '../../../model/store.js';
import { attributeText } from '../eval/attribute-string.js';
import { TraceQLBadRequestError } from '../eval/errors.js';
import type { SpanView } from '../eval/trace-context.js';
import { KIND_BY_CODE, STATUS_BY_CODE } from '../eval/values.js';
import type { FieldExpr } from '../syntax/ast.js';
import { INTRINSIC_TAG_NAMES } from '../syntax/intrinsics.js';
import { parseTraceQL } from '../syntax/parser.js';
import { scanSpans, tagFilterPlan, type TagWindow } from './tag-scan.js';

/** Distinct values a tag lookup returns at most (Tempo bounds them by bytes; a count is simpler to reason about). */
export const MAX_TAG_VALUES = 5000;

/** The scopes of `/api/v2/search/tags`. */
export const TAG_SCOPES = ['span', 'resource', 'intrinsic', 'event', 'link', 'instrumentation'] as const;
export type TagScope = (typeof TAG_SCOPES)[number];

/** One typed value of `/api/v2/search/tag/<tag>/values`: Grafana quotes strings and leaves numbers bare when it writes queries. */
export interface TypedTagValue {
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'keyword';
  readonly value: string;
}

function typeOf(v: AnyValue): TypedTagValue['type'] | undefined {
  if ('stringValue' in v) return 'string';
  if ('intValue' in v) return 'int';
  if ('doubleValue' in v) return 'float';
  if ('boolValue' in v) return 'bool';
  return undefined;
}

/** Attribute names per scope: from the tag index, or from the spans `q` matches. */
export function tagNames(reader: TraceReader, w: TagWindow, q: string | undefined): { span: string[]; resource: string[] } {
  const plan = tagFilterPlan(q);
  if (!plan) return { span: reader.tagNames('span', w.startNs, w.endNs), resource: reader.tagNames('resource', w.startNs, w.endNs) };
  const span = new Set<string>();
  const resource = new Set<string>();
  for (const s of scanSpans(reader, plan, w)) {
    s.rec.attributes.forEach((kv) => span.add(kv.key));
    s.rec.resource.forEach((kv) => resource.add(kv.key));
  }
  return { span: [...span].sort(), resource: [...resource].sort() };
}

/** `/api/v2/search/tags`: names by scope (`scope` picks one; empty or `none` means all). */
export function tagNamesV2(reader: TraceReader, w: TagWindow, scope: string | undefined, q: string | undefined): { scopes: Array<{ name: string; tags: string[] }> } {
  if (scope && scope !== 'none' && !(TAG_SCOPES as readonly string[]).includes(scope)) {
    throw new TraceQLBadRequestError(`scope ${scope} is not valid: use one of ${TAG_SCOPES.join(', ')} or none`);
  }
  const wanted = (name: TagScope): boolean => !scope || scope === 'none' || scope === name;
  const names = wanted('span') || wanted('resource') ? tagNames(reader, w, q) : { span: [], resource: [] };
  const scopes: Array<{ name: string; tags: string[] }> = [];
  if (wanted('span')) scopes.push({ name: 'span', tags: names.span });
  if (wanted('resource')) scopes.push({ name: 'resource', tags: names.resource });
  if (wanted('intrinsic')) scopes.push({ name: 'intrinsic', tags: [...INTRINSIC_TAG_NAMES] });
  return { scopes };
}

/** `/api/search/tags`: every attribute name, span and resource together. */
export function tagNamesV1(reader: TraceReader, w: TagWindow): { tagNames: string[] } {
  const n = tagNames(reader, w, undefined);
  return { tagNames: [...new Set([...n.span, ...n.resource])].sort() };
}

/** `/api/search/tag/<tag>/values`: the values of an unscoped attribute, as text. */
export function tagValuesV1(reader: TraceReader, w: TagWindow, tag: string): { tagValues: string[] } {
  const values = new Set([...reader.tagValues('span', tag, w.startNs, w.endNs, MAX_TAG_VALUES), ...reader.tagValues('resource', tag, w.startNs, w.endNs, MAX_TAG_VALUES)]);
  return { tagValues: [...values].sort().slice(0, MAX_TAG_VALUES) };
}

/** A scoped tag name (`resource.service.name`, `.foo`, `span:name`, `status`) as the field it names. */
function tagField(tag: string): FieldExpr {
  let expr: FieldExpr | undefined;
  try {
    const stage = parseTraceQL(`{ ${tag} != nil }`).root.stages[0];
    if (stage?.kind === 'filter' && stage.expr?.kind === 'binary') expr = stage.expr.lhs;
  } catch {
    expr = undefined;
  }
  if (!expr || (expr.kind !== 'attribute' && expr.kind !== 'intrinsic')) throw new TraceQLBadRequestError(`tag name is not valid intrinsic or scoped attribute: ${tag}`);
  return expr;
}

/**
 * The type of an attribute's values, from one span that has the first of them: the tag index
 * keeps values as text, and Grafana must know `500` (int) from `"500"` (string) to write a
 * query that matches.
 */
function sampledType(reader: TraceReader, w: TagWindow, scope: 'span' | 'resource', key: string, value: string): TypedTagValue['type'] {
  const [id] = reader.findTraceIds({ attributes: [{ scope, key, value }] }, w.startNs, w.endNs, 1);
  for (const s of id ? reader.trace(id) : []) {
    const v = findAttribute(scope === 'span' ? s.attributes : s.resource, key);
    if (v && attributeText(v) === value) return typeOf(v) ?? 'string';
  }
  return 'string';
}

const FITS: Readonly<Record<TypedTagValue['type'], RegExp>> = { int: /^-?\d+$/, float: /^-?(?:\d+\.?\d*(?:e[-+]?\d+)?|Infinity|NaN)$/i, bool: /^(?:true|false)$/, string: /^/, keyword: /^/ };

function fromIndex(reader: TraceReader, w: TagWindow, scope: 'span' | 'resource', key: string): TypedTagValue[] {
  const values = reader.tagValues(scope, key, w.startNs, w.endNs, MAX_TAG_VALUES);
  if (values.length === 0) return [];
  const type = sampledType(reader, w, scope, key, values[0]!);
  return values.map((value) => ({ type: FITS[type].test(value) ? type : 'string', value }));
}

function fromSpans(spans: Iterable<SpanView>, read: (s: SpanView) => Iterable<AnyValue | string>): TypedTagValue[] {
  const out = new Map<string, TypedTagValue>();
  for (const s of spans) {
    for (const v of read(s)) {
      const tv: TypedTagValue | undefined = typeof v === 'string' ? { type: 'string', value: v } : typeOf(v) && { type: typeOf(v)!, value: attributeText(v) };
      if (tv && !out.has(`${tv.type}:${tv.value}`)) out.set(`${tv.type}:${tv.value}`, tv);
    }
    if (out.size >= MAX_TAG_VALUES) break;
  }
  return [...out.values()];
}

function attrsOf(kvs: readonly KeyValue[], key: string): AnyValue[] {
  const v = findAttribute(kvs, key);
  return v ? [v] : [];
}

/** How to read a tag's values off one span. */
function reader(field: FieldExpr): ((s: SpanView) => Iterable<AnyValue | string>) | undefined {
  if (field.kind === 'attribute') {
    const owner = (s: SpanView): SpanView | undefined => (field.parent ? s.parent : s);
    switch (field.scope) {
      case 'span':
        return (s) => attrsOf(owner(s)?.rec.attributes ?? [], field.name);
      case 'resource':
        return (s) => attrsOf(owner(s)?.rec.resource ?? [], field.name);
      case 'none':
        return (s) => attrsOf(owner(s)?.rec.attributes ?? [], field.name).concat(attrsOf(owner(s)?.rec.resource ?? [], field.name)).slice(0, 1);
      case 'event':
        return (s) => s.rec.events.flatMap((e) => attrsOf(e.attributes, field.name));
      case 'link':
        return (s) => s.rec.links.flatMap((l) => attrsOf(l.attributes, field.name));
      case 'instrumentation':
        return undefined;
    }
  }
  if (field.kind !== 'intrinsic') return undefined;
  switch (field.intrinsic) {
    case 'name':
      return (s) => [s.rec.name];
    case 'statusMessage':
      return (s) => (s.rec.statusMessage ? [s.rec.statusMessage] : []);
    case 'rootName':
      return (s) => (s.trace.rootName !== undefined ? [s.trace.rootName] : []);
    case 'rootServiceName':
      return (s) => [s.trace.rootServiceName];
    case 'eventName':
      return (s) => s.rec.events.map((e) => e.name);
    case 'instrumentationName':
      return (s) => (s.rec.scope.name ? [s.rec.scope.name] : []);
    case 'instrumentationVersion':
      return (s) => (s.rec.scope.version ? [s.rec.scope.version] : []);
    default:
      return undefined;
  }
}

/**
 * `/api/v2/search/tag/<tag>/values`: typed values of a scoped attribute or an intrinsic, only
 * from spans `q` matches when it is given. `status` and `kind` answer their keywords; attributes
 * without `q` come from the tag index; other intrinsics from the most recent traces' spans.
 */
export function tagValuesV2(traces: TraceReader, w: TagWindow, tag: string, q: string | undefined): { tagValues: TypedTagValue[] } {
  const field = tagField(tag);
  if (field.kind === 'intrinsic' && field.intrinsic === 'status') return { tagValues: STATUS_BY_CODE.map((value) => ({ type: 'keyword', value })) };
  if (field.kind === 'intrinsic' && field.intrinsic === 'kind') return { tagValues: KIND_BY_CODE.map((value) => ({ type: 'keyword', value })) };
  const plan = tagFilterPlan(q);
  let values: TypedTagValue[];
  if (!plan && field.kind === 'attribute' && !field.parent && (field.scope === 'span' || field.scope === 'resource')) values = fromIndex(traces, w, field.scope, field.name);
  else if (!plan && field.kind === 'attribute' && !field.parent && field.scope === 'none') {
    const seen = new Set<string>();
    values = [...fromIndex(traces, w, 'span', field.name), ...fromIndex(traces, w, 'resource', field.name)].filter((v) => !seen.has(`${v.type}:${v.value}`) && !!seen.add(`${v.type}:${v.value}`));
  } else {
    const read = reader(field);
    values = read ? fromSpans(scanSpans(traces, plan, w), read) : [];
  }
  return { tagValues: values.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.type < b.type ? -1 : 1)).slice(0, MAX_TAG_VALUES) };
}
