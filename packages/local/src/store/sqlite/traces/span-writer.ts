import type Database from 'better-sqlite3';
import type { KeyValue, SpanBatch } from '../../../model/spans.js';
import { compactAttributes, encodeSpanBody } from '../../codec/span-body.js';
import type { StoreCounters } from '../counters.js';
import { slotOf, TagSlotsWriter } from './tag-slots.js';
import { attributeString, MAX_TAG_VALUE_LENGTH, SCOPE_RESOURCE, SCOPE_SPAN, TAG_REFRESH_NS } from './tag-string.js';

const MAX_CACHED = 200_000;

interface TagRange {
  first: bigint;
  last: bigint;
}

/** scope → key → value → the range already in the tag index (or staged for it). */
type TagCache = Map<string, Map<string, TagRange>>[];

/**
 * The traces side of the writer connection: span rows (ids as blobs, nanoseconds as 64-bit
 * integers), resources stored once and referenced, the tag index (scope, key, value and the
 * time range it was seen in) that answers Tempo's tag APIs and rules out absent values fast, and
 * the slots index that takes a search for an attribute value straight to its spans.
 */
export class SpanWriter {
  private readonly resources = new Map<string, number>();
  // Receivers share one resource array among the spans of a ResourceSpans: skip serialising it again.
  private resourcesByIdentity = new WeakMap<readonly KeyValue[], number>();
  private createdResources: string[] = [];
  private tags: TagCache = [new Map(), new Map()];
  private tagsCached = 0;
  private stagedTags: Array<{ scope: number; key: string; value: string; range: TagRange }> = [];
  private staged: TagCache = [new Map(), new Map()];
  /** Resource id → last start time its attributes were tagged for, so a resource is tagged once per refresh period. */
  private readonly resourceTagged = new Map<number, bigint>();
  private stagedSpans = 0;
  private readonly slots: TagSlotsWriter;
  /** Spans stored (kept up to date by commits and retention). */
  spanCount = 0;
  private readonly st: {
    insertSpan: Database.Statement;
    insertResource: Database.Statement;
    resourceId: Database.Statement;
    upsertTag: Database.Statement;
  };

  constructor(
    private readonly db: Database.Database,
    private readonly counters: StoreCounters,
  ) {
    this.slots = new TagSlotsWriter(db);
    this.st = {
      insertSpan: db.prepare(
        'INSERT INTO spans(trace_id, span_id, parent_id, service, name, kind, status, start_ns, end_ns, resource_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertResource: db.prepare('INSERT OR IGNORE INTO resources(body) VALUES (?)'),
      resourceId: db.prepare('SELECT id FROM resources WHERE body = ?').pluck(),
      upsertTag: db.prepare(
        'INSERT INTO span_tags(scope, key, value, first_ns, last_ns) VALUES (?, ?, ?, ?, ?) ON CONFLICT(scope, key, value) DO UPDATE SET first_ns = min(first_ns, excluded.first_ns), last_ns = max(last_ns, excluded.last_ns)',
      ),
    };
  }

  load(): void {
    this.spanCount = this.db.prepare('SELECT count(*) FROM spans').pluck().get() as number;
  }

  begin(): void {}

  private resourceId(resource: readonly KeyValue[]): number {
    const known = this.resourcesByIdentity.get(resource);
    if (known !== undefined) return known;
    const body = JSON.stringify(compactAttributes(resource));
    let id = this.resources.get(body);
    if (id !== undefined) {
      this.resourcesByIdentity.set(resource, id);
      return id;
    }
    this.st.insertResource.run(body);
    id = this.st.resourceId.get(body) as number;
    if (this.resources.size >= MAX_CACHED) this.resources.clear();
    this.resources.set(body, id);
    this.resourcesByIdentity.set(resource, id);
    this.createdResources.push(body);
    return id;
  }

  private tag(scope: number, kvs: readonly KeyValue[], ts: bigint): void {
    const known = this.tags[scope]!;
    const staged = this.staged[scope]!;
    for (const kv of kvs) {
      const value = attributeString(kv.value);
      if (value.length > MAX_TAG_VALUE_LENGTH) continue;
      const k = known.get(kv.key)?.get(value);
      if (k && ts >= k.first && ts <= k.last + TAG_REFRESH_NS) continue;
      let values = staged.get(kv.key);
      if (!values) staged.set(kv.key, (values = new Map()));
      const s = values.get(value);
      if (s) {
        if (ts < s.first) s.first = ts;
        if (ts > s.last) s.last = ts;
      } else {
        const range = { first: ts, last: ts };
        values.set(value, range);
        this.stagedTags.push({ scope, key: kv.key, value, range });
      }
    }
  }

  stage(batch: SpanBatch): void {
    let lastResource: readonly KeyValue[] | undefined;
    let lastResourceId = 0;
    for (const s of batch.spans) {
      // Spans of one resource arrive together: skip re-serialising it for each.
      if (s.resource !== lastResource) {
        lastResourceId = this.resourceId(s.resource);
        lastResource = s.resource;
      }
      this.st.insertSpan.run(
        Buffer.from(s.traceId, 'hex'),
        Buffer.from(s.spanId, 'hex'),
        s.parentSpanId === '' ? null : Buffer.from(s.parentSpanId, 'hex'),
        s.serviceName,
        s.name,
        s.kind,
        s.statusCode,
        s.startNs,
        s.endNs,
        lastResourceId,
        encodeSpanBody(s),
      );
      this.tag(SCOPE_SPAN, s.attributes, s.startNs);
      const slot = slotOf(s.startNs);
      this.slots.span(s.attributes, slot);
      this.slots.resource(lastResourceId, s.resource, slot);
      const tagged = this.resourceTagged.get(lastResourceId);
      if (tagged === undefined || s.startNs < tagged || s.startNs > tagged + TAG_REFRESH_NS) {
        this.tag(SCOPE_RESOURCE, s.resource, s.startNs);
        this.resourceTagged.set(lastResourceId, s.startNs);
      }
      this.stagedSpans++;
    }
  }

  finishStage(): void {
    for (const t of this.stagedTags) this.st.upsertTag.run(t.scope, t.key, t.value, t.range.first, t.range.last);
  }

  committed(): void {
    if (this.tagsCached > MAX_CACHED) this.forgetTags();
    for (const t of this.stagedTags) {
      let values = this.tags[t.scope]!.get(t.key);
      if (!values) this.tags[t.scope]!.set(t.key, (values = new Map()));
      const known = values.get(t.value);
      if (known) {
        if (t.range.first < known.first) known.first = t.range.first;
        if (t.range.last > known.last) known.last = t.range.last;
      } else {
        values.set(t.value, { first: t.range.first, last: t.range.last });
        this.tagsCached++;
      }
    }
    this.spanCount += this.stagedSpans;
    this.counters.spansIngested += this.stagedSpans;
    this.reset();
  }

  rolledBack(): void {
    for (const body of this.createdResources) this.resources.delete(body);
    this.resourcesByIdentity = new WeakMap();
    // A rolled-back resource tagging must happen again.
    this.resourceTagged.clear();
    this.slots.forget();
    this.reset();
  }

  private reset(): void {
    this.stagedTags = [];
    this.staged = [new Map(), new Map()];
    this.createdResources = [];
    this.stagedSpans = 0;
  }

  /** Retention removed tag rows: forget the cache so that new sightings are written again. */
  forgetTags(): void {
    this.tags = [new Map(), new Map()];
    this.tagsCached = 0;
    this.resourceTagged.clear();
    this.slots.forget();
  }
}
