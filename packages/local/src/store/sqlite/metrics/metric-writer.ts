import type Database from 'better-sqlite3';
import { labelsKey, normalizeLabels } from '../../../model/labels.js';
import type { MetricBatch, MetricMetadata, Sample } from '../../../model/metrics.js';
import { MetricWalEncoder, decodeMetricWal } from '../../codec/metric-wal.js';
import { encodeXorChunk } from '../../codec/xor-chunk.js';
import type { StoreCounters } from '../counters.js';
import { PostingsWriter } from '../label-index.js';
import { CHUNK_SAMPLES, CHUNK_WINDOW_MS, HeadChunk, HeadSeries } from './head.js';
import { mergeSamples } from './sample-merge.js';

/**
 * The metrics side of the writer connection. An append is staged inside the group commit's
 * transaction (new series with their postings, one write-ahead row for all samples of the commit,
 * exemplars, metadata) and applied to the head only once that transaction has committed. A flush
 * writes the head's changed chunks and trims the write-ahead rows in one transaction, so a reader
 * on another connection always sees every committed sample either in a chunk or in a row newer
 * than `metrics_flushed_seq`.
 */
export class MetricWriter {
  private readonly byKey = new Map<string, HeadSeries>();
  private readonly byId = new Map<number, HeadSeries>();
  private readonly dirty = new Set<HeadSeries>();
  private readonly wal = new MetricWalEncoder();
  private staged: Array<readonly [HeadSeries, readonly Sample[]]> = [];
  private created: HeadSeries[] = [];
  private stagedMeta: MetricMetadata[] = [];
  private readonly metaCache = new Map<string, string>();
  private lastSeq = 0;
  private flushedSeq = 0;
  private seqBeforeStage = 0;
  /** Bytes of write-ahead rows not yet folded into chunks. */
  unflushedBytes = 0;
  private unflushedBeforeStage = 0;

  private readonly st: {
    insertSeries: Database.Statement;
    insertWal: Database.Statement;
    insertExemplar: Database.Statement;
    upsertMetadata: Database.Statement;
    insertChunk: Database.Statement;
    upsertHead: Database.Statement;
    deleteHead: Database.Statement;
    setFlushed: Database.Statement;
    trimWal: Database.Statement;
  };
  private readonly postings: PostingsWriter;

  constructor(
    private readonly db: Database.Database,
    private readonly counters: StoreCounters,
  ) {
    this.postings = new PostingsWriter(db, 'series');
    this.st = {
      insertSeries: db.prepare('INSERT INTO series(labels) VALUES (?)'),
      insertWal: db.prepare('INSERT INTO metric_wal(seq, data) VALUES (?, ?)'),
      insertExemplar: db.prepare('INSERT INTO exemplars(series_id, t, value, labels) VALUES (?, ?, ?, ?)'),
      upsertMetadata: db.prepare(
        'INSERT INTO metric_metadata(metric, type, help, unit) VALUES (?, ?, ?, ?) ON CONFLICT(metric) DO UPDATE SET type = excluded.type, help = excluded.help, unit = excluded.unit',
      ),
      insertChunk: db.prepare('INSERT INTO metric_chunks(series_id, min_t, max_t, data) VALUES (?, ?, ?, ?)'),
      upsertHead: db.prepare('INSERT OR REPLACE INTO metric_head(series_id, min_t, max_t, data) VALUES (?, ?, ?, ?)'),
      deleteHead: db.prepare('DELETE FROM metric_head WHERE series_id = ?'),
      setFlushed: db.prepare(`UPDATE meta SET v = ? WHERE k = 'metrics_flushed_seq'`),
      trimWal: db.prepare('DELETE FROM metric_wal WHERE seq <= ?'),
    };
  }

  /** Rebuilds the head: every series, the open chunks, then the write-ahead rows newer than the last flush. */
  load(): void {
    const db = this.db;
    for (const row of db.prepare('SELECT id, labels FROM series').iterate() as Iterable<{ id: number; labels: string }>) {
      const labels = JSON.parse(row.labels) as Record<string, string>;
      const s = new HeadSeries(row.id, labels);
      this.byKey.set(labelsKey(labels), s);
      this.byId.set(row.id, s);
    }
    for (const row of db.prepare('SELECT series_id, data FROM metric_head').all() as Array<{ series_id: number; data: Buffer }>) {
      const s = this.byId.get(row.series_id);
      if (s) s.open = HeadChunk.decode(row.data) ?? null;
    }
    const meta = db.prepare('SELECT v FROM meta WHERE k = ?').pluck();
    this.flushedSeq = (meta.get('metrics_flushed_seq') as number | undefined) ?? 0;
    this.lastSeq = this.flushedSeq;
    for (const row of db.prepare('SELECT seq, data FROM metric_wal WHERE seq > ? ORDER BY seq').iterate(this.flushedSeq) as Iterable<{ seq: number; data: Buffer }>) {
      decodeMetricWal(row.data, (id, t, v) => {
        const s = this.byId.get(id);
        if (!s) return;
        s.append(t, v);
        this.dirty.add(s);
      });
      this.lastSeq = row.seq;
      this.unflushedBytes += row.data.length;
    }
  }

  get seriesCount(): number {
    return this.byKey.size;
  }

  /** Ids of every series, for retention passes. */
  seriesIds(): number[] {
    return [...this.byId.keys()];
  }

  /** Series known to the head, for retention's garbage collection. */
  seriesById(id: number): HeadSeries | undefined {
    return this.byId.get(id);
  }

  /** At the start of a commit transaction: remembers what a rollback restores. */
  begin(): void {
    this.seqBeforeStage = this.lastSeq;
    this.unflushedBeforeStage = this.unflushedBytes;
  }

  /** Inside the commit transaction: resolves series, encodes samples, writes exemplars. */
  stage(batch: MetricBatch): void {
    for (const input of batch.series) {
      const key = labelsKey(input.labels);
      let s = this.byKey.get(key);
      if (!s) {
        const labels = normalizeLabels(input.labels);
        const id = Number(this.st.insertSeries.run(JSON.stringify(labels)).lastInsertRowid);
        this.postings.add(id, labels);
        s = new HeadSeries(id, labels);
        this.byKey.set(key, s);
        this.byId.set(id, s);
        this.created.push(s);
      }
      if (input.samples.length > 0) {
        this.wal.add(s.id, input.samples);
        this.staged.push([s, input.samples]);
      }
      for (const e of input.exemplars ?? []) {
        const value = Buffer.allocUnsafe(8);
        value.writeDoubleLE(e.value);
        this.st.insertExemplar.run(s.id, e.t, value, JSON.stringify(normalizeLabels(e.labels)));
        this.counters.exemplarsIngested++;
      }
    }
    for (const m of batch.metadata ?? []) {
      const text = `${m.type}\u0000${m.help}\u0000${m.unit}`;
      if (this.metaCache.get(m.metric) === text) continue;
      this.st.upsertMetadata.run(m.metric, m.type, m.help, m.unit);
      this.stagedMeta.push(m);
    }
  }

  /** Inside the commit transaction, after every batch is staged: the one write-ahead row. */
  finishStage(): void {
    if (this.wal.empty) return;
    const row = this.wal.finish();
    this.st.insertWal.run(++this.lastSeq, row);
    this.unflushedBytes += row.length;
  }

  /** After commit: the head takes the samples, in commit order. */
  committed(): void {
    for (const [s, samples] of this.staged) {
      for (const sample of samples) s.append(sample.t, sample.v);
      this.dirty.add(s);
      this.counters.samplesIngested += samples.length;
    }
    for (const m of this.stagedMeta) this.metaCache.set(m.metric, `${m.type}\u0000${m.help}\u0000${m.unit}`);
    this.counters.seriesCreated += this.created.length;
    this.reset();
  }

  /** After rollback: forget the series and sequence numbers the failed transaction made. */
  rolledBack(): void {
    for (const s of this.created) {
      this.byKey.delete(labelsKey(s.labels));
      this.byId.delete(s.id);
    }
    this.lastSeq = this.seqBeforeStage;
    this.unflushedBytes = this.unflushedBeforeStage;
    this.wal.finish();
    this.reset();
  }

  private reset(): void {
    this.staged = [];
    this.created = [];
    this.stagedMeta = [];
  }

  /** Whether a flush has anything to do. */
  get needsFlush(): boolean {
    return this.dirty.size > 0 || this.lastSeq !== this.flushedSeq;
  }

  /**
   * Writes every changed chunk and trims the write-ahead rows, in one transaction. Throws (and
   * changes nothing in memory) when the transaction fails, e.g. on a full disk; the rows stay and
   * the next flush retries.
   */
  flush(): void {
    if (!this.needsFlush) return;
    const upTo = this.lastSeq;
    let chunks = 0;
    this.db.transaction(() => {
      for (const s of this.dirty) {
        for (const c of s.sealed) {
          this.st.insertChunk.run(s.id, c.minT, c.maxT, c.app.bytes());
          chunks++;
        }
        if (s.open) {
          if (s.open.flushedCount !== s.open.count) {
            this.st.upsertHead.run(s.id, s.open.minT, s.open.maxT, s.open.app.bytes());
            chunks++;
          }
        } else if (s.sealed.length > 0) this.st.deleteHead.run(s.id);
        if (s.ooo.length > 0) chunks += this.writeOutOfOrder(s);
      }
      this.st.setFlushed.run(upTo);
      this.st.trimWal.run(upTo);
    })();
    for (const s of this.dirty) {
      if (s.open) s.open.flushedCount = s.open.count;
      s.sealed = [];
      s.ooo.clear();
      s.dirty = false;
    }
    this.dirty.clear();
    this.flushedSeq = upTo;
    this.unflushedBytes = 0;
    this.counters.chunksWritten += chunks;
  }

  /**
   * Late samples become chunks of their own, cut like head chunks (at most CHUNK_SAMPLES, never
   * across a window), so that every chunk spans less than CHUNK_WINDOW_MS: readers rely on it to
   * find a series' chunks for a range with one bounded scan.
   */
  private writeOutOfOrder(s: HeadSeries): number {
    const merged = mergeSamples(s.ooo);
    const ts = merged.timestamps;
    let written = 0;
    for (let i = 0; i < ts.length; ) {
      const windowEnd = Math.floor(ts[i]! / CHUNK_WINDOW_MS) * CHUNK_WINDOW_MS + CHUNK_WINDOW_MS;
      let to = i + 1;
      while (to < ts.length && to - i < CHUNK_SAMPLES && ts[to]! < windowEnd) to++;
      this.st.insertChunk.run(s.id, ts[i]!, ts[to - 1]!, encodeXorChunk(ts, merged.values, i, to));
      written++;
      i = to;
    }
    return written;
  }

  /** Drops series from the head once retention removed their last chunk (only when nothing of them is pending). */
  forgetSeries(ids: readonly number[]): number[] {
    const gone: number[] = [];
    for (const id of ids) {
      const s = this.byId.get(id);
      if (!s) {
        gone.push(id);
        continue;
      }
      if (s.open || s.sealed.length > 0 || s.ooo.length > 0 || s.dirty) continue;
      this.byId.delete(id);
      this.byKey.delete(labelsKey(s.labels));
      gone.push(id);
    }
    return gone;
  }

  /**
   * Seals open chunks whose newest sample is older than `cutoff`, so that the next flush writes
   * them as ordinary chunks and retention can delete them: retention never deletes a head row,
   * which the head would otherwise keep updating.
   */
  sealOlderThan(cutoff: number): number {
    let sealed = 0;
    for (const s of this.byId.values()) {
      if (s.open && s.open.maxT < cutoff) {
        s.sealed.push(s.open);
        s.open = null;
        s.dirty = true;
        this.dirty.add(s);
        sealed++;
      }
    }
    return sealed;
  }
}
