import type Database from 'better-sqlite3';
import type { KeyValue, SpanBatch } from '../../../model/spans.js';
import { compactAttributes, encodeSpanBody } from '../../codec/span-body.js';
import type { StoreCounters } from '../counters.js';
import { attributeString, MAX_TAG_VALUE_LENGTH, SCOPE_RESOURCE, SCOPE_SPAN } from './tag-string.js';

/** The tag index is refreshed when a value is seen this long (ns) after its recorded range. */
const TAG_REFRESH_NS = 60_000_000_000n;
const MAX_CACHED = 200_000;

interface TagRange {
  first: bigint;
  last: bigint;
}

/**
 * The traces side of the writer connection: span rows (ids as blobs, nanoseconds as 64-bit
 * integers), resources stored once and referenced, and the tag index (scope, key, value and the
 * time range it was seen in) that answers Tempo's tag APIs and rules out absent values fast.
 */
export class SpanWriter {
  private readonly resources = new Map<string, number>();
  private createdResources: string[] = [];
  private readonly tags = new Map<string, TagRange>();
  private stagedTags = new Map<string, { scope: number; key: string; value: string; first: bigint; last: bigint }>();
  private stagedSpans = 0;
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
    const body = JSON.stringify(compactAttributes(resource));
    let id = this.resources.get(body);
    if (id !== undefined) return id;
    this.st.insertResource.run(body);
    id = this.st.resourceId.get(body) as number;
    if (this.resources.size >= MAX_CACHED) this.resources.clear();
    this.resources.set(body, id);
    this.createdResources.push(body);
    return id;
  }

  private tag(scope: number, kvs: readonly KeyValue[], ts: bigint): void {
    for (const kv of kvs) {
      const value = attributeString(kv.value);
      if (value.length > MAX_TAG_VALUE_LENGTH) continue;
      const k = `${scope}\u0000${kv.key}\u0000${value}`;
      const known = this.tags.get(k);
      if (known && ts >= known.first && ts <= known.last + TAG_REFRESH_NS) continue;
      const staged = this.stagedTags.get(k);
      if (staged) {
        if (ts < staged.first) staged.first = ts;
        if (ts > staged.last) staged.last = ts;
      } else this.stagedTags.set(k, { scope, key: kv.key, value, first: ts, last: ts });
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
      this.tag(SCOPE_RESOURCE, s.resource, s.startNs);
      this.stagedSpans++;
    }
  }

  finishStage(): void {
    for (const t of this.stagedTags.values()) this.st.upsertTag.run(t.scope, t.key, t.value, t.first, t.last);
  }

  committed(): void {
    if (this.tags.size > MAX_CACHED) this.tags.clear();
    for (const [k, t] of this.stagedTags) {
      const known = this.tags.get(k);
      if (known) {
        if (t.first < known.first) known.first = t.first;
        if (t.last > known.last) known.last = t.last;
      } else this.tags.set(k, { first: t.first, last: t.last });
    }
    this.spanCount += this.stagedSpans;
    this.counters.spansIngested += this.stagedSpans;
    this.reset();
  }

  rolledBack(): void {
    for (const body of this.createdResources) this.resources.delete(body);
    this.reset();
  }

  private reset(): void {
    this.stagedTags = new Map();
    this.createdResources = [];
    this.stagedSpans = 0;
  }

  /** Retention removed tag rows: forget the cache so that new sightings are written again. */
  forgetTags(): void {
    this.tags.clear();
  }

  /** Retention removed resources: forget their ids. */
  forgetResources(): void {
    this.resources.clear();
  }
}
