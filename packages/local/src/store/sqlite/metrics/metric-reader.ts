import type Database from 'better-sqlite3';
import type { Labels, LabelMatcher } from '../../../model/labels.js';
import type { Exemplar, MetricMetadata, MetricType, SeriesData, SeriesExemplars } from '../../../model/metrics.js';
import type { MetricReader, ReadHints } from '../../../model/store.js';
import { decodeMetricWal } from '../../codec/metric-wal.js';
import { decodeXorChunk } from '../../codec/xor-chunk.js';
import { decodeXorChunkRange, SampleBuffer } from '../../codec/xor-range-decoder.js';
import { LabelIndexReader, type IndexedLabels } from '../label-index.js';
import { ReadBudget } from '../read-limits.js';
import { CHUNK_WINDOW_MS } from './head.js';
import { mergeSamples, SampleRuns } from './sample-merge.js';

/** A decoding buffer grown past this many samples (one long series) is not kept for the next read. */
const KEPT_BUFFER_SAMPLES = 1 << 16;

interface ChunkRow {
  readonly min_t: number;
  readonly max_t: number;
  readonly data: Buffer;
}

/**
 * MetricReader over a connection of its own. Every call reads one snapshot (a read transaction):
 * the chunks, plus the write-ahead rows newer than the last head flush, decoded for the wanted
 * series only, so a sample is visible the moment its append was acknowledged.
 */
export class SqliteMetricReader implements MetricReader {
  private readonly index: LabelIndexReader;
  /** Decoding space for one series at a time, kept between calls (up to KEPT_BUFFER_SAMPLES). */
  private buffer = new SampleBuffer();
  private readonly st: {
    chunksOf: Database.Statement;
    headsOf: Database.Statement;
    head: Database.Statement;
    chunkBounds: Database.Statement;
    chunkData: Database.Statement;
    flushedSeq: Database.Statement;
    walRows: Database.Statement;
    exemplars: Database.Statement;
    metadataAll: Database.Statement;
    metadataOne: Database.Statement;
  };

  constructor(private readonly db: Database.Database) {
    this.index = new LabelIndexReader(db, 'series');
    this.st = {
      // Chunks span less than CHUNK_WINDOW_MS, so those reaching mint start after mint - CHUNK_WINDOW_MS: one bounded index range per series.
      chunksOf: db
        .prepare('SELECT series_id, data FROM metric_chunks WHERE series_id IN (SELECT value FROM json_each(?)) AND min_t > ? AND min_t <= ? AND max_t >= ? ORDER BY series_id, id')
        .raw(true),
      headsOf: db.prepare('SELECT series_id, data FROM metric_head WHERE series_id IN (SELECT value FROM json_each(?)) AND min_t <= ? AND max_t >= ? ORDER BY series_id').raw(true),
      head: db.prepare('SELECT min_t, max_t, data FROM metric_head WHERE series_id = ? AND min_t <= ? AND max_t >= ?'),
      chunkBounds: db.prepare('SELECT id, min_t, max_t FROM metric_chunks WHERE series_id = ? AND min_t > ? AND min_t <= ? AND max_t >= ?'),
      chunkData: db.prepare('SELECT data FROM metric_chunks WHERE id = ?').pluck(),
      flushedSeq: db.prepare(`SELECT v FROM meta WHERE k = 'metrics_flushed_seq'`).pluck(),
      walRows: db.prepare('SELECT data FROM metric_wal WHERE seq > ? ORDER BY seq').pluck(),
      exemplars: db.prepare('SELECT t, value, labels FROM exemplars WHERE series_id = ? AND t >= ? AND t <= ? ORDER BY t, rowid'),
      metadataAll: db.prepare('SELECT metric, type, help, unit FROM metric_metadata ORDER BY metric'),
      metadataOne: db.prepare('SELECT metric, type, help, unit FROM metric_metadata WHERE metric = ?'),
    };
  }

  private snapshot<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Samples of the wanted series in [mint, maxt] from write-ahead rows not yet in chunks, in write order. */
  private walTail(wanted: readonly IndexedLabels[], mint: number, maxt: number): Map<number, SampleRuns> {
    const out = new Map<number, SampleRuns>();
    const flushed = (this.st.flushedSeq.get() as number | undefined) ?? 0;
    const rows = this.st.walRows.all(flushed) as Buffer[];
    if (rows.length === 0) return out;
    const ids = new Map(wanted.map((e) => [e.id, e]));
    for (const row of rows) {
      decodeMetricWal(
        row,
        (id, t, v) => {
          if (t < mint || t > maxt) return;
          let runs = out.get(id);
          if (!runs) out.set(id, (runs = new SampleRuns()));
          runs.push(t, v);
        },
        ids,
      );
    }
    return out;
  }

  /**
   * Every matched series' samples in [mint, maxt] from two statements in all (sealed chunks, open
   * chunks), not two per series: both walk the series' ids in order, from a JSON list SQLite
   * turns into an index lookup per id. Each series is decoded into one reused buffer and copied
   * out once, at its exact size.
   */
  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: ReadHints): SeriesData[] {
    return this.snapshot(() => {
      const budget = new ReadBudget(hints);
      const matched = this.index.match(matchers);
      budget.deadline();
      if (matched.length === 0 || mint > maxt) return [];
      const tail = this.walTail(matched, mint, maxt);
      // Positions in label order, visited in id order (the order both statements return rows in).
      const order = Array.from(matched.keys()).sort((a, b) => matched[a]!.id - matched[b]!.id);
      const idList = `[${order.map((i) => matched[i]!.id).join(',')}]`;
      const heads = this.st.headsOf.all(idList, maxt, mint) as Array<[number, Buffer]>;
      const found: Array<SeriesData | undefined> = new Array(matched.length);
      const buf = this.buffer;
      let h = 0;
      const chunks = this.st.chunksOf.iterate(idList, mint - CHUNK_WINDOW_MS, maxt, mint) as IterableIterator<[number, Buffer]>;
      try {
        let next = chunks.next();
        for (const pos of order) {
          budget.deadline();
          const e = matched[pos]!;
          buf.clear();
          for (; !next.done && next.value[0] === e.id; next = chunks.next()) decodeXorChunkRange(next.value[1], mint, maxt, buf);
          if (h < heads.length && heads[h]![0] === e.id) decodeXorChunkRange(heads[h++]![1], mint, maxt, buf);
          const w = tail.get(e.id);
          if (w) for (let i = 0; i < w.length; i++) buf.push(w.t[i]!, w.v[i]!);
          if (buf.length === 0) continue;
          const merged = mergeSamples(buf);
          budget.addSeries();
          budget.addSamples(merged.timestamps.length);
          found[pos] = { labels: e.labels, timestamps: merged.timestamps, values: merged.values };
        }
      } finally {
        chunks.return?.();
        if (buf.t.length > KEPT_BUFFER_SAMPLES) this.buffer = new SampleBuffer();
      }
      const out: SeriesData[] = [];
      for (const s of found) if (s) out.push(s);
      return out;
    });
  }

  /** Whether a series has a sample in [mint, maxt]: chunk bounds from the index, data only for a chunk straddling the range. */
  private hasSamples(id: number, mint: number, maxt: number, tail: ReadonlyMap<number, SampleRuns>): boolean {
    if (tail.has(id)) return true;
    const straddling: Uint8Array[] = [];
    const head = this.st.head.get(id, maxt, mint) as ChunkRow | undefined;
    if (head) {
      if (head.min_t >= mint || head.max_t <= maxt) return true;
      straddling.push(head.data);
    }
    for (const c of this.st.chunkBounds.all(id, mint - CHUNK_WINDOW_MS, maxt, mint) as Array<{ id: number; min_t: number; max_t: number }>) {
      // Bounds are samples: one inside the range settles it.
      if (c.min_t >= mint || c.max_t <= maxt) return true;
      straddling.push(this.st.chunkData.get(c.id) as Buffer);
    }
    for (const data of straddling) {
      let found = false;
      decodeXorChunk(data, (t) => {
        if (t >= mint && t <= maxt) found = true;
        return !found && t < maxt;
      });
      if (found) return true;
    }
    return false;
  }

  private matchingInRange(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number, hints?: ReadHints): IndexedLabels[] {
    const budget = new ReadBudget(hints);
    const matched = this.index.matchAny(matcherSets);
    const tail = this.walTail(matched, mint, maxt);
    const out: IndexedLabels[] = [];
    for (const e of matched) {
      budget.deadline();
      if (!this.hasSamples(e.id, mint, maxt, tail)) continue;
      budget.addSeries();
      out.push(e);
    }
    return out;
  }

  series(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number, hints?: ReadHints): Labels[] {
    return this.snapshot(() => this.matchingInRange(matcherSets, mint, maxt, hints).map((e) => e.labels));
  }

  labelNames(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): string[] {
    return this.snapshot(() => {
      const names = new Set<string>();
      for (const e of this.matchingInRange(matcherSets, mint, maxt)) for (const n in e.labels) names.add(n);
      return [...names].sort();
    });
  }

  labelValues(name: string, matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): string[] {
    return this.snapshot(() => {
      const values = new Set<string>();
      for (const e of this.matchingInRange(matcherSets, mint, maxt)) {
        const v = e.labels[name];
        if (v !== undefined) values.add(v);
      }
      return [...values].sort();
    });
  }

  exemplars(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): SeriesExemplars[] {
    return this.snapshot(() => {
      const out: SeriesExemplars[] = [];
      for (const e of this.index.matchAny(matcherSets)) {
        const rows = this.st.exemplars.all(e.id, mint, maxt) as Array<{ t: number; value: Buffer; labels: string }>;
        if (rows.length === 0) continue;
        const exemplars: Exemplar[] = rows.map((r) => ({ labels: JSON.parse(r.labels) as Labels, value: r.value.readDoubleLE(0), t: r.t }));
        out.push({ seriesLabels: e.labels, exemplars });
      }
      return out;
    });
  }

  metadata(metric?: string, limit?: number): Record<string, MetricMetadata[]> {
    const rows = (metric === undefined ? this.st.metadataAll.all() : this.st.metadataOne.all(metric)) as Array<{ metric: string; type: string; help: string; unit: string }>;
    const out: Record<string, MetricMetadata[]> = {};
    for (const r of rows) {
      if (limit !== undefined && Object.keys(out).length >= limit) break;
      out[r.metric] = [{ metric: r.metric, type: r.type as MetricType, help: r.help, unit: r.unit }];
    }
    return out;
  }
}
