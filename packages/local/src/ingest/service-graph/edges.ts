import { labelsKey, normalizeLabels, type Labels } from '../../model/labels.js';
import type { MetricBatch, MetricMetadata, MetricSeriesInput } from '../../model/metrics.js';
import { anyValueToJs, findAttribute, SpanKind, StatusCode, type SpanRecord } from '../../model/spans.js';

/** Metric names, as Alloy's `otelcol.connector.servicegraph` exports them through Prometheus. */
export interface ServiceGraphNames {
  readonly total: string;
  readonly failed: string;
  readonly clientSeconds: string;
  readonly serverSeconds: string;
  readonly unpaired: string;
  readonly dropped: string;
}

export interface EdgeStoreOptions {
  readonly names: ServiceGraphNames;
  /** Upper bounds of the latency histograms, in seconds, ascending. */
  readonly bucketsSeconds: readonly number[];
  /** How long half an edge waits for its other half, in ms. */
  readonly waitMs: number;
  /** Half edges kept at once; spans beyond are dropped and counted. */
  readonly maxItems: number;
}

/** The connector's connection types; '' (a direct call) leaves the label out. */
type ConnectionType = '' | 'database' | 'messaging_system' | 'virtual_node';

interface HalfEdge {
  client?: string;
  server?: string;
  clientSeconds: number;
  serverSeconds: number;
  failed: boolean;
  connectionType: ConnectionType;
  /** What the client called, when the called service is not instrumented (peer.service, db.name, db.system). */
  peer?: string;
  expiresAtMs: number;
}

interface Histogram {
  readonly buckets: number[];
  sum: number;
  count: number;
}

interface EdgeTotals {
  readonly labels: Labels;
  total: number;
  failed: number;
  readonly client: Histogram;
  readonly server: Histogram;
}

// The connector's defaults: where a client span names what it called.
const DATABASE_NAME_ATTRIBUTES = ['db.name'];
const PEER_ATTRIBUTES = ['peer.service', 'db.name', 'db.system'];

/** The first of `keys` set on the resource, then on the span, as the connector looks them up. */
function firstAttribute(span: SpanRecord, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const found = findAttribute(span.resource, key) ?? findAttribute(span.attributes, key);
    if (found !== undefined) return String(anyValueToJs(found));
  }
  return undefined;
}

function seconds(span: SpanRecord): number {
  const ns = span.endNs - span.startNs;
  return ns > 0n ? Number(ns) / 1e9 : 0;
}

function edgeLabels(client: string, server: string, connectionType: ConnectionType): Labels {
  return connectionType ? { client, server, connection_type: connectionType } : { client, server };
}

/**
 * The service graph of Alloy's `otelcol.connector.servicegraph` (and Tempo's metrics-generator):
 * a client span and the server span whose parent it is make one call between two services; each
 * call counts in `traces_service_graph_request_total` and in a latency histogram per side. Half
 * edges wait `waitMs` for their other half; then a server span with no client becomes a call from
 * the virtual node "user", a client span that names its peer a call to that peer, and anything
 * else an unpaired span. Counters are cumulative from the start of the process, as the
 * connector's are.
 */
export class EdgeStore {
  private readonly pending = new Map<string, HalfEdge>();
  private readonly edges = new Map<string, EdgeTotals>();
  private readonly unpaired = new Map<string, { labels: Labels; count: number }>();
  private readonly dropped = new Map<string, { labels: Labels; count: number }>();

  constructor(private readonly options: EdgeStoreOptions) {}

  /** Half edges waiting for their other half. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Feeds spans that the store has acknowledged. */
  observe(spans: readonly SpanRecord[], nowMs: number): void {
    for (const span of spans) {
      const isClient = span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER;
      const isServer = span.kind === SpanKind.SERVER || span.kind === SpanKind.CONSUMER;
      if (!isClient && !isServer) continue;
      // A client span is keyed by its own id, a server span by its parent's: the same call.
      const key = `${span.traceId}:${isClient ? span.spanId : span.parentSpanId}`;
      let edge = this.pending.get(key);
      if (!edge) {
        if (this.pending.size >= this.options.maxItems) {
          this.count(this.dropped, isClient ? { client: span.serviceName } : { server: span.serviceName });
          continue;
        }
        edge = { clientSeconds: 0, serverSeconds: 0, failed: false, connectionType: '', expiresAtMs: nowMs + this.options.waitMs };
        this.pending.set(key, edge);
      }
      edge.failed ||= span.statusCode === StatusCode.ERROR;
      if (span.kind === SpanKind.PRODUCER || span.kind === SpanKind.CONSUMER) edge.connectionType = 'messaging_system';
      if (isClient) {
        edge.client = span.serviceName;
        edge.clientSeconds = seconds(span);
        const peer = firstAttribute(span, PEER_ATTRIBUTES);
        if (peer !== undefined) edge.peer = peer;
        // A database answers no span of its own: the client span is the whole call.
        const database = firstAttribute(span, DATABASE_NAME_ATTRIBUTES);
        if (database !== undefined) {
          edge.connectionType = 'database';
          edge.server = database;
          edge.serverSeconds = edge.clientSeconds;
        }
      } else {
        edge.server = span.serviceName;
        edge.serverSeconds = seconds(span);
      }
      if (edge.client !== undefined && edge.server !== undefined) {
        this.pending.delete(key);
        this.complete(edge.client, edge.server, edge);
      }
    }
  }

  /** Settles the half edges that waited long enough. */
  expire(nowMs: number): void {
    for (const [key, edge] of this.pending) {
      if (edge.expiresAtMs > nowMs) continue;
      this.pending.delete(key);
      if (edge.client === undefined && edge.server !== undefined) this.complete('user', edge.server, { ...edge, connectionType: 'virtual_node' });
      else if (edge.client !== undefined && edge.server === undefined && edge.peer !== undefined) this.complete(edge.client, edge.peer, { ...edge, connectionType: 'virtual_node' });
      else this.count(this.unpaired, normalizeLabels({ client: edge.client ?? '', server: edge.server ?? '' }));
    }
  }

  /** Every series so far, stamped `nowMs`, with their metadata; empty before the first call. */
  collect(nowMs: number): MetricBatch {
    const n = this.options.names;
    const series: MetricSeriesInput[] = [];
    const sample = (name: string, labels: Labels, v: number): void => {
      series.push({ labels: { __name__: name, ...labels }, samples: [{ t: nowMs, v }] });
    };
    const histogram = (name: string, labels: Labels, h: Histogram): void => {
      const bounds = this.options.bucketsSeconds;
      for (let i = 0; i < bounds.length; i++) sample(`${name}_bucket`, { ...labels, le: String(bounds[i]) }, h.buckets[i]!);
      sample(`${name}_bucket`, { ...labels, le: '+Inf' }, h.count);
      sample(`${name}_sum`, labels, h.sum);
      sample(`${name}_count`, labels, h.count);
    };
    for (const e of this.edges.values()) {
      sample(n.total, e.labels, e.total);
      if (e.failed > 0) sample(n.failed, e.labels, e.failed);
      histogram(n.clientSeconds, e.labels, e.client);
      histogram(n.serverSeconds, e.labels, e.server);
    }
    for (const u of this.unpaired.values()) sample(n.unpaired, u.labels, u.count);
    for (const d of this.dropped.values()) sample(n.dropped, d.labels, d.count);
    if (series.length === 0) return { series };
    const metadata: MetricMetadata[] = [
      { metric: n.total, type: 'counter', help: 'Total count of requests between two nodes', unit: '' },
      { metric: n.failed, type: 'counter', help: 'Total count of failed requests between two nodes', unit: '' },
      { metric: n.clientSeconds, type: 'histogram', help: 'Number of seconds for a request between two nodes as seen from the client', unit: 'seconds' },
      { metric: n.serverSeconds, type: 'histogram', help: 'Number of seconds for a request between two nodes as seen from the server', unit: 'seconds' },
      { metric: n.unpaired, type: 'counter', help: 'Total count of unpaired spans', unit: '' },
      { metric: n.dropped, type: 'counter', help: 'Total count of dropped spans', unit: '' },
    ];
    return { series, metadata };
  }

  private complete(client: string, server: string, edge: HalfEdge): void {
    const labels = edgeLabels(client, server, edge.connectionType);
    const key = labelsKey(labels);
    let totals = this.edges.get(key);
    if (!totals) {
      const empty = (): Histogram => ({ buckets: this.options.bucketsSeconds.map(() => 0), sum: 0, count: 0 });
      totals = { labels, total: 0, failed: 0, client: empty(), server: empty() };
      this.edges.set(key, totals);
    }
    totals.total++;
    if (edge.failed) totals.failed++;
    this.observeLatency(totals.client, edge.clientSeconds);
    this.observeLatency(totals.server, edge.serverSeconds);
  }

  private observeLatency(h: Histogram, value: number): void {
    const bounds = this.options.bucketsSeconds;
    for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) h.buckets[i]!++;
    h.sum += value;
    h.count++;
  }

  private count(into: Map<string, { labels: Labels; count: number }>, labels: Labels): void {
    const key = labelsKey(labels);
    const found = into.get(key);
    if (found) found.count++;
    else into.set(key, { labels, count: 1 });
  }
}
