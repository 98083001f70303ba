import type Database from 'better-sqlite3';
import type { KeyValue, SpanRecord } from '../../../model/spans.js';
import type { ReadHints, SpanFilter, TraceReader } from '../../../model/store.js';
import { decodeSpanAttributes, decodeSpanBody, expandAttributes } from '../../codec/span-body.js';
import { ReadBudget } from '../read-limits.js';
import { TagSlotsReader } from './tag-slots.js';
import { attributeString, MAX_TAG_VALUE_LENGTH, SCOPE_RESOURCE, SCOPE_SPAN, TAG_REFRESH_NS } from './tag-string.js';

/** Rows read per page of a trace search. */
const PAGE = 500;
const MAX_CACHED_RESOURCES = 10_000;
const MAX_NS = 2n ** 63n - 1n;

interface SpanRow {
  id: bigint;
  trace_id: Buffer;
  span_id: Buffer;
  parent_id: Buffer | null;
  service: string;
  name: string;
  kind: bigint;
  status: bigint;
  start_ns: bigint;
  end_ns: bigint;
  resource_id: bigint;
  body: string;
}

/**
 * TraceReader over a connection of its own. A search walks the spans newest first along the most
 * selective index the filter allows (service, else start time), a page at a time, and
 * stops once it has `limit` traces: the first span of a trace it meets is that trace's newest
 * match, so the order is the contract's without sorting. With attribute conditions it walks only
 * the time slots the slots index saw their values in, newest first, which keeps that order.
 */
export class SqliteTraceReader implements TraceReader {
  private readonly resources = new Map<number, KeyValue[]>();
  private readonly st: { trace: Database.Statement; resource: Database.Statement; tagNames: Database.Statement; tagValues: Database.Statement; tagSeen: Database.Statement };
  private readonly searches = new Map<string, Database.Statement>();
  private readonly slots: TagSlotsReader;

  constructor(private readonly db: Database.Database) {
    this.slots = new TagSlotsReader(db);
    this.st = {
      trace: db.prepare('SELECT * FROM spans WHERE trace_id = ? ORDER BY start_ns, id').safeIntegers(true),
      resource: db.prepare('SELECT body FROM resources WHERE id = ?').pluck(),
      tagNames: db.prepare('SELECT DISTINCT key FROM span_tags WHERE scope = ? AND last_ns >= ? AND first_ns < ? ORDER BY key').pluck(),
      tagValues: db.prepare('SELECT value FROM span_tags WHERE scope = ? AND key = ? AND last_ns >= ? AND first_ns < ? ORDER BY value LIMIT ?').pluck(),
      tagSeen: db.prepare('SELECT 1 FROM span_tags WHERE scope IN (?, ?) AND key = ? AND value = ? AND last_ns >= ? AND first_ns < ? LIMIT 1').pluck(),
    };
  }

  private resource(id: number): KeyValue[] {
    let r = this.resources.get(id);
    if (r) return r;
    const body = this.st.resource.get(id) as string | undefined;
    r = body === undefined ? [] : expandAttributes(JSON.parse(body) as Parameters<typeof expandAttributes>[0]);
    if (this.resources.size >= MAX_CACHED_RESOURCES) this.resources.clear();
    this.resources.set(id, r);
    return r;
  }

  private toRecord(r: SpanRow): SpanRecord {
    const body = decodeSpanBody(r.body);
    return {
      traceId: r.trace_id.toString('hex'),
      spanId: r.span_id.toString('hex'),
      parentSpanId: r.parent_id ? r.parent_id.toString('hex') : '',
      traceState: body.traceState,
      name: r.name,
      kind: Number(r.kind),
      startNs: r.start_ns,
      endNs: r.end_ns,
      statusCode: Number(r.status),
      statusMessage: body.statusMessage,
      attributes: body.attributes,
      events: body.events,
      links: body.links,
      resource: this.resource(Number(r.resource_id)),
      scope: body.scope,
      serviceName: r.service,
    };
  }

  trace(traceId: string): SpanRecord[] {
    if (!/^[0-9a-f]{32}$/.test(traceId)) return [];
    return (this.st.trace.all(Buffer.from(traceId, 'hex')) as SpanRow[]).map((r) => this.toRecord(r));
  }

  /** A prepared search for this combination of filter fields (cached: there are few combinations). */
  private search(f: SpanFilter): { stmt: Database.Statement; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    let index: 'spans_start' | 'spans_service' = 'spans_start';
    if (f.serviceName !== undefined) {
      where.push('service = ?');
      params.push(f.serviceName);
      index = 'spans_service';
    }
    if (f.name !== undefined) {
      where.push('name = ?');
      params.push(f.name);
    }
    if (f.kind !== undefined) {
      where.push('kind = ?');
      params.push(f.kind);
    }
    if (f.statusCode !== undefined) {
      where.push('status = ?');
      params.push(f.statusCode);
    }
    if (f.minDurationNs !== undefined) {
      where.push('end_ns - start_ns >= ?');
      params.push(f.minDurationNs);
    }
    if (f.maxDurationNs !== undefined) {
      where.push('end_ns - start_ns <= ?');
      params.push(f.maxDurationNs);
    }
    const needBody = (f.attributes?.length ?? 0) > 0;
    const sql =
      `SELECT id, trace_id, start_ns, resource_id${needBody ? ', body' : ''} FROM spans INDEXED BY ${index} ` +
      `WHERE ${[...where, 'start_ns >= ?', '(start_ns, id) < (?, ?)'].join(' AND ')} ORDER BY start_ns DESC, id DESC LIMIT ${PAGE}`;
    let stmt = this.searches.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).safeIntegers(true);
      this.searches.set(sql, stmt);
    }
    return { stmt, params };
  }

  private attributesMatch(f: SpanFilter, body: string, resourceId: number): boolean {
    let attrs: KeyValue[] | undefined;
    for (const a of f.attributes ?? []) {
      let value: string | undefined;
      if (a.scope !== 'resource') {
        attrs ??= decodeSpanAttributes(body);
        value = first(attrs, a.key);
      }
      if (value === undefined && a.scope !== 'span') value = first(this.resource(resourceId), a.key);
      if (value !== a.value) return false;
    }
    return true;
  }

  findTraceIds(filter: SpanFilter, startNs: bigint, endNs: bigint, limit: number, hints?: ReadHints): string[] {
    if (limit <= 0 || startNs >= endNs) return [];
    const budget = new ReadBudget(hints);
    return this.db.transaction(() => {
      if (this.surelyAbsent(filter, startNs, endNs)) return [];
      const found = new Set<string>();
      const search = this.search(filter);
      const conditions = (filter.attributes ?? []).filter((a) => a.value.length <= MAX_TAG_VALUE_LENGTH);
      let rest = endNs;
      const covered = conditions.length > 0 ? this.slots.coveredFrom() : endNs;
      if (covered < endNs) {
        // Where the slots index holds every span: only the slots its values were seen in.
        const from = covered > startNs ? covered : startNs;
        for (const [a, b] of this.slots.ranges(conditions, from, endNs)) if (this.scan(search, filter, a, b, found, limit, budget)) return [...found];
        rest = from;
      }
      if (startNs < rest) this.scan(search, filter, startNs, rest, found, limit, budget);
      return [...found];
    })();
  }

  /**
   * Adds the traces of spans meeting the filter that start in [from, to), newest first, to
   * `found`, a page at a time; true once it holds `limit`.
   */
  private scan(search: { stmt: Database.Statement; params: unknown[] }, filter: SpanFilter, from: bigint, to: bigint, found: Set<string>, limit: number, budget: ReadBudget): boolean {
    let cursorTs = to;
    let cursorId = -1n;
    // (start_ns, id) < (to, -1) admits every span starting before `to`.
    for (;;) {
      budget.deadline();
      const rows = search.stmt.all(...search.params, from, cursorTs, cursorId) as Array<{ id: bigint; trace_id: Buffer; start_ns: bigint; resource_id: bigint; body?: string }>;
      for (const r of rows) {
        if (r.body !== undefined && !this.attributesMatch(filter, r.body, Number(r.resource_id))) continue;
        found.add(r.trace_id.toString('hex'));
        if (found.size >= limit) return true;
      }
      if (rows.length < PAGE) return false;
      const last = rows[rows.length - 1]!;
      cursorTs = last.start_ns;
      cursorId = last.id;
    }
  }

  /**
   * True when the tag index proves that an attribute condition matches no span in the range, so a
   * search for a value that never occurred ends without scanning spans. The range is widened by
   * the index's refresh lag, so the proof never excludes a span that exists.
   */
  private surelyAbsent(f: SpanFilter, startNs: bigint, endNs: bigint): boolean {
    for (const a of f.attributes ?? []) {
      if (a.value.length > MAX_TAG_VALUE_LENGTH) continue;
      const scopes = a.scope === 'span' ? [SCOPE_SPAN, SCOPE_SPAN] : a.scope === 'resource' ? [SCOPE_RESOURCE, SCOPE_RESOURCE] : [SCOPE_SPAN, SCOPE_RESOURCE];
      if (this.st.tagSeen.get(...scopes, a.key, a.value, startNs - TAG_REFRESH_NS, endNs) === undefined) return true;
    }
    return false;
  }

  /**
   * Tag names seen in the range. The index records each value's first and last sighting, the
   * last one refreshed at most every TAG_REFRESH_NS, so a value seen only in the minute after its
   * recorded range can be missing from a range that starts there: fine for autocomplete, which is
   * what Tempo's tag APIs serve.
   */
  tagNames(scope: 'span' | 'resource', startNs = 0n, endNs = MAX_NS): string[] {
    return this.st.tagNames.all(scope === 'span' ? SCOPE_SPAN : SCOPE_RESOURCE, startNs, endNs) as string[];
  }

  /** Values of one tag seen in the range, sorted, at most `limit` (same approximation as tagNames). */
  tagValues(scope: 'span' | 'resource', key: string, startNs = 0n, endNs = MAX_NS, limit = 1000): string[] {
    return this.st.tagValues.all(scope === 'span' ? SCOPE_SPAN : SCOPE_RESOURCE, key, startNs, endNs, limit) as string[];
  }
}

function first(kvs: readonly KeyValue[], key: string): string | undefined {
  for (const kv of kvs) if (kv.key === key) return attributeString(kv.value);
  return undefined;
}
