import { formatLabels, type Labels } from '../../../model/labels.js';
import type { Direction, LogEntry } from '../../../model/logs.js';
import type { LogReader } from '../../../model/store.js';
import type { LogSelectorExpr } from '../syntax/ast.js';
import type { QueryContext } from './context.js';
import { streamBase, type CategorizedLabels, type StreamBase } from './labels-builder.js';
import { Pipeline } from './pipeline.js';

/** One returned line; `categorized` is set when the client asked for categorized labels. */
export interface LogLine {
  readonly tsNs: bigint;
  readonly line: string;
  readonly categorized?: Pick<CategorizedLabels, 'metadata' | 'parsed'>;
}

/** A stream of a log query's result: its labels and its lines in the query's direction. */
export interface LogStream {
  readonly labels: Labels;
  readonly values: LogLine[];
}

/** What a log query needs besides its expression. */
export interface LogSelectParams {
  readonly startNs: bigint;
  /** Exclusive, as in Loki. */
  readonly endNs: bigint;
  readonly limit: number;
  readonly direction: Direction;
  /** Keep at most one line per interval (Loki's `interval` parameter); 0 keeps all. */
  readonly intervalNs: bigint;
  /** Group by stream labels only, with metadata and parsed labels per line (`categorize-labels`). */
  readonly categorize: boolean;
}

interface Head {
  readonly tsNs: bigint;
  readonly line: string;
  /** The key lines are grouped and ordered by. */
  readonly key: string;
  readonly labels: Labels;
  readonly categorized?: Pick<CategorizedLabels, 'metadata' | 'parsed'>;
}

/** Pulls one stream's entries through the pipeline, one passing line at a time. */
class StreamCursor {
  head: Head | undefined;
  private readonly base: StreamBase;

  constructor(
    private readonly it: Iterator<LogEntry>,
    labels: Labels,
    private readonly pipeline: Pipeline,
    private readonly ctx: QueryContext,
    private readonly categorize: boolean,
  ) {
    this.base = streamBase(labels);
  }

  advance(): boolean {
    for (;;) {
      const n = this.it.next();
      if (n.done) {
        this.head = undefined;
        return false;
      }
      const e = n.value;
      let mdBytes = 0;
      if (e.metadata) for (const k in e.metadata) mdBytes += k.length + e.metadata[k]!.length;
      this.ctx.countLine(Buffer.byteLength(e.line), mdBytes);
      const state = this.pipeline.process(this.base, e);
      if (!state) continue;
      this.ctx.stats.postFilterLines++;
      if (this.categorize) {
        const c = state.lbs.categorized();
        this.head = { tsNs: e.tsNs, line: state.line, key: formatLabels(c.stream), labels: c.stream, categorized: { metadata: c.metadata, parsed: c.parsed } };
      } else {
        const r = state.lbs.result();
        this.head = { tsNs: e.tsNs, line: state.line, key: r === this.base ? this.baseKey() : formatLabels(r.labels), labels: r.labels };
      }
      return true;
    }
  }

  private cachedKey: string | undefined;

  private baseKey(): string {
    return (this.cachedKey ??= formatLabels(this.base.labels));
  }
}

/** A binary heap of cursors ordered by their head line (time, then labels). */
class CursorHeap {
  private readonly items: StreamCursor[] = [];

  constructor(private readonly forward: boolean) {}

  private less(a: StreamCursor, b: StreamCursor): boolean {
    const x = a.head!;
    const y = b.head!;
    if (x.tsNs !== y.tsNs) return this.forward ? x.tsNs < y.tsNs : x.tsNs > y.tsNs;
    return x.key < y.key;
  }

  get size(): number {
    return this.items.length;
  }

  push(c: StreamCursor): void {
    const a = this.items;
    a.push(c);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  peek(): StreamCursor | undefined {
    return this.items[0];
  }

  /** Re-sorts the top after its cursor advanced (or removes it when exhausted). */
  fixTop(): void {
    const a = this.items;
    if (!a[0]!.head) {
      const last = a.pop()!;
      if (a.length === 0) return;
      a[0] = last;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
      if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}

/**
 * Evaluates a log query as Loki's `readStreams` does: every matching stream's lines in
 * `[start, end)`, through the pipeline, merged in time order (the direction's), at most `limit`
 * lines (and one per `interval`), grouped into streams by their final labels and sorted by them.
 */
export function selectLogs(ctx: QueryContext, reader: LogReader, expr: LogSelectorExpr, p: LogSelectParams): LogStream[] {
  const pipeline = new Pipeline(expr.stages, ctx.query);
  const refs = ctx.read(() => reader.streams(expr.matchers, p.startNs, p.endNs));
  ctx.stats.streams += refs.length;
  const forward = p.direction === 'forward';
  const heap = new CursorHeap(forward);
  const hint = ctx.entryFilter(pipeline.literals);
  for (const ref of refs) {
    const c = new StreamCursor(ctx.read(() => reader.entries(ref.id, p.startNs, p.endNs, p.direction, hint))[Symbol.iterator](), ref.labels, pipeline, ctx, p.categorize);
    if (ctx.read(() => c.advance())) heap.push(c);
  }
  const streams = new Map<string, LogStream>();
  let returned = 0;
  let last: bigint | undefined;
  while (returned < p.limit && heap.size > 0) {
    const top = heap.peek()!;
    const h = top.head!;
    const keep = p.intervalNs === 0n || last === undefined || (forward ? h.tsNs >= last + p.intervalNs : h.tsNs <= last - p.intervalNs);
    if (keep) {
      let s = streams.get(h.key);
      if (!s) streams.set(h.key, (s = { labels: h.labels, values: [] }));
      s.values.push(h.categorized ? { tsNs: h.tsNs, line: h.line, categorized: h.categorized } : { tsNs: h.tsNs, line: h.line });
      last = h.tsNs;
      returned++;
    }
    ctx.read(() => top.advance());
    heap.fixTop();
  }
  ctx.stats.entriesReturned += returned;
  return [...streams.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, s]) => s);
}
