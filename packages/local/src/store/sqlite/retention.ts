import type Database from 'better-sqlite3';
import { OLA_CATEGORIES } from '@srcobs/ola';
import type { StoreCounters } from './counters.js';
import type { LogWriter } from './logs/log-writer.js';
import type { MetricWriter } from './metrics/metric-writer.js';
import type { ResolvedStoreOptions } from './options.js';
import type { SpanWriter } from './traces/span-writer.js';
import { dayOf } from './traces/tag-slots.js';

/** Rows deleted per transaction: small, so that ingest commits in between. */
const BATCH = 500;
/** Used bytes stay this fraction under the size cap after a size-driven pass, so it does not run on every commit. */
const SIZE_HEADROOM = 0.95;
/** Series whose chunks one retention transaction deletes. */
const SERIES_PER_TRANSACTION = 1000;
const NS_PER_MS = 1_000_000n;
const NS_PER_DAY = 86_400_000_000_000n;

/** What one retention pass deleted. */
export interface RetentionReport {
  readonly metricChunks: number;
  readonly exemplars: number;
  readonly series: number;
  readonly logBlocks: number;
  readonly streams: number;
  readonly spans: number;
  /** True when the size cap (not only age) made it delete. */
  readonly sizeCapped: boolean;
}

/** Running counts of one pass. */
type Tally = { -readonly [K in Exclude<keyof RetentionReport, 'sizeCapped'>]: number };

/** Thrown inside a pass when the store closes under it; the pass ends quietly. */
class Stopped extends Error {}

/**
 * Deletes what is older than the retention periods (per signal, per OLA category for logs) and,
 * over the size cap, the oldest data of any signal. It runs on the writer's thread in small
 * transactions and yields between them, so ingest is never blocked for long; it reports every
 * deletion through the logger and the counters.
 */
export class Retention {
  private running: Promise<RetentionReport> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    private readonly w: { readonly metrics: MetricWriter; readonly logs: LogWriter; readonly traces: SpanWriter },
    private readonly o: ResolvedStoreOptions,
    private readonly counters: StoreCounters,
  ) {}

  /** Runs one pass (or joins the one already running). */
  run(): Promise<RetentionReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Ends a running pass at its next pause and waits for it: the store is closing. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  /** Lets ingest commit between two small transactions; ends the pass if the store closed meanwhile. */
  private async yieldToIngest(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.stopped) throw new Stopped();
  }

  private async pass(): Promise<RetentionReport> {
    const r = { metricChunks: 0, exemplars: 0, series: 0, logBlocks: 0, streams: 0, spans: 0, sizeCapped: false };
    try {
      await this.deleteExpired(r);
    } catch (err) {
      if (!(err instanceof Stopped)) throw err;
    }
    this.account(r);
    return r;
  }

  private async deleteExpired(r: Tally & { sizeCapped: boolean }): Promise<void> {
    const now = this.o.now();
    // Lines still in the head are not in blocks yet: write them, so that old ones can go now.
    this.w.logs.flush();
    const ret = this.o.retention;
    await this.metricsOlderThan(now - ret.metricsMs, r);
    const known = OLA_CATEGORIES.filter((c) => ret.logCategoryMs[c] !== undefined);
    for (const category of known) await this.logsOlderThan(category, BigInt(now - ret.logCategoryMs[category]!) * NS_PER_MS, r);
    await this.logsOlderThan(null, BigInt(now - ret.logsMs) * NS_PER_MS, r);
    await this.spansOlderThan(BigInt(now - ret.tracesMs) * NS_PER_MS, r);
    await this.capExemplars(ret.maxExemplars, r);
    if (ret.maxBytes !== undefined && this.usedBytes() > ret.maxBytes) {
      r.sizeCapped = true;
      await this.shrinkTo(ret.maxBytes * SIZE_HEADROOM, r);
    }
  }

  /** Counts and reports what a pass deleted (also when it was cut short). */
  private account(r: RetentionReport): void {
    this.counters.retentionRuns++;
    const d = this.counters.retentionDeleted;
    d.metricChunks += r.metricChunks;
    d.exemplars += r.exemplars;
    d.series += r.series;
    d.logBlocks += r.logBlocks;
    d.streams += r.streams;
    d.spans += r.spans;
    if (r.metricChunks + r.exemplars + r.logBlocks + r.spans > 0) {
      this.o.logger.info(r.sizeCapped ? 'retention deleted old data (age and size limit)' : 'retention deleted data past its retention period', { ...r });
      if (!this.stopped) this.releaseFreePages();
    }
  }

  /** Keeps the newest `max` exemplars, as Prometheus' fixed-size exemplar storage does. */
  private async capExemplars(max: number, r: Tally): Promise<void> {
    const count = this.db.prepare('SELECT count(*) FROM exemplars').pluck();
    const del = this.db.prepare('DELETE FROM exemplars WHERE rowid IN (SELECT rowid FROM exemplars ORDER BY rowid LIMIT ?)');
    for (let over = (count.get() as number) - max; over > 0; over -= BATCH) {
      r.exemplars += this.db.transaction(() => del.run(Math.min(over, BATCH)).changes)();
      await this.yieldToIngest();
    }
  }

  /** Bytes in pages that hold data (the file may be larger: free pages are reused before it grows). */
  usedBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * (this.db.pragma('page_size', { simple: true }) as number);
  }

  private releaseFreePages(): void {
    // Give free pages back to the file system (auto_vacuum=INCREMENTAL), so a full disk recovers.
    this.db.pragma('incremental_vacuum');
  }

  private async metricsOlderThan(cutoff: number, r: Tally): Promise<void> {
    // Open head chunks are never deleted in place (the head would update a deleted row): seal old ones first.
    if (this.w.metrics.sealOlderThan(cutoff) > 0) this.w.metrics.flush();
    // Chunks are clustered by series: one bounded range delete per series, a slice of series per transaction.
    const del = this.db.prepare('DELETE FROM metric_chunks WHERE series_id = ? AND min_t < ? AND max_t < ?');
    const touched = new Set<number>();
    const ids = this.w.metrics.seriesIds();
    for (let i = 0; i < ids.length; i += SERIES_PER_TRANSACTION) {
      const slice = ids.slice(i, i + SERIES_PER_TRANSACTION);
      this.db.transaction(() => {
        for (const id of slice) {
          const n = del.run(id, cutoff, cutoff).changes;
          if (n > 0) {
            touched.add(id);
            r.metricChunks += n;
          }
        }
      })();
      await this.yieldToIngest();
    }
    const delEx = this.db.prepare('DELETE FROM exemplars WHERE rowid IN (SELECT rowid FROM exemplars WHERE t < ? LIMIT ?) RETURNING series_id').pluck();
    for (;;) {
      const deleted = this.db.transaction(() => delEx.all(cutoff, BATCH) as number[])();
      for (const id of deleted) touched.add(id);
      r.exemplars += deleted.length;
      if (deleted.length < BATCH) break;
      await this.yieldToIngest();
    }
    r.series += this.dropEmptySeries([...touched]);
  }

  private dropEmptySeries(ids: number[]): number {
    const hasChunks = this.db.prepare('SELECT 1 FROM metric_chunks WHERE series_id = ? UNION ALL SELECT 1 FROM metric_head WHERE series_id = ? LIMIT 1').pluck();
    const hasExemplars = this.db.prepare('SELECT 1 FROM exemplars WHERE series_id = ? LIMIT 1').pluck();
    const empty = ids.filter((id) => hasChunks.get(id, id) === undefined && hasExemplars.get(id) === undefined);
    const gone = this.w.metrics.forgetSeries(empty);
    this.dropLabelSets('series', gone);
    return gone.length;
  }

  /** Deletes label sets and their postings (found through the labels, so postings need no id index). */
  private dropLabelSets(kind: 'series' | 'streams', ids: readonly number[]): void {
    const labelsOf = this.db.prepare(`SELECT labels FROM ${kind} WHERE id = ?`).pluck();
    const delPosting = this.db.prepare(`DELETE FROM ${kind === 'series' ? 'series_postings' : 'stream_postings'} WHERE name = ? AND value = ? AND id = ?`);
    const delRow = this.db.prepare(`DELETE FROM ${kind} WHERE id = ?`);
    this.db.transaction(() => {
      for (const id of ids) {
        const text = labelsOf.get(id) as string | undefined;
        if (text === undefined) continue;
        const labels = JSON.parse(text) as Record<string, string>;
        for (const name in labels) delPosting.run(name, labels[name], id);
        delRow.run(id);
      }
    })();
  }

  private async logsOlderThan(category: string | null, cutoffNs: bigint, r: Tally): Promise<void> {
    const known = OLA_CATEGORIES.map((c) => `'${c}'`).join(', ');
    const which = category === null ? `(s.category IS NULL OR s.category NOT IN (${known}))` : 's.category = ?';
    const del = this.db.prepare(
      `DELETE FROM log_blocks WHERE id IN (SELECT b.id FROM log_blocks b JOIN streams s ON s.id = b.stream_id WHERE ${which} AND b.max_ts < ? LIMIT ?) RETURNING id, stream_id`,
    );
    const args = category === null ? [] : [category];
    const touched = new Set<number>();
    const deleted = new Set<number>();
    for (;;) {
      const rows = this.db.transaction(() => del.all(...args, cutoffNs, BATCH) as Array<{ id: number; stream_id: number }>)();
      for (const row of rows) {
        touched.add(row.stream_id);
        deleted.add(row.id);
      }
      r.logBlocks += rows.length;
      if (rows.length < BATCH) break;
      await this.yieldToIngest();
    }
    if (deleted.size > 0) this.w.logs.forgetBlocks(deleted);
    r.streams += this.dropEmptyStreams([...touched]);
  }

  private dropEmptyStreams(ids: number[]): number {
    const hasBlocks = this.db.prepare('SELECT 1 FROM log_blocks WHERE stream_id = ? LIMIT 1').pluck();
    const gone = this.w.logs.forgetStreams(ids.filter((id) => hasBlocks.get(id) === undefined));
    this.dropLabelSets('streams', gone);
    return gone.length;
  }

  private async spansOlderThan(cutoffNs: bigint, r: Tally): Promise<void> {
    const del = this.db.prepare('DELETE FROM spans WHERE id IN (SELECT id FROM spans WHERE start_ns < ? LIMIT ?)');
    let any = false;
    for (;;) {
      const n = this.db.transaction(() => del.run(cutoffNs, BATCH).changes)();
      r.spans += n;
      this.w.traces.spanCount -= n;
      if (n > 0) any = true;
      if (n < BATCH) break;
      await this.yieldToIngest();
    }
    if (any) {
      this.db.prepare('DELETE FROM span_tags WHERE last_ns < ?').run(cutoffNs);
      this.w.traces.forgetTags();
      await this.dropSpanSlots(cutoffNs);
    }
  }

  /**
   * Deletes the days of the spans' slots index before the day of `ns` in which no stored span
   * starts any more (whole days: a partial one only costs a few empty reads). The writer forgets
   * what it noted as indexed in the same turn, before ingest can rely on a deleted row.
   */
  private async dropSpanSlots(ns: bigint): Promise<void> {
    const day = dayOf(ns);
    const del = this.db.prepare(
      `DELETE FROM span_tag_slots WHERE (day, tag, slot) IN (SELECT day, tag, slot FROM span_tag_slots WHERE day < min(?, coalesce((SELECT start_ns / ${NS_PER_DAY} - (start_ns < 0) FROM spans ORDER BY start_ns LIMIT 1), ?)) LIMIT ?)`,
    );
    for (;;) {
      const n = this.db.transaction(() => del.run(day, day, BATCH * 10).changes)();
      if (n > 0) this.w.traces.forgetTags();
      if (n < BATCH * 10) return;
      await this.yieldToIngest();
    }
  }

  /** Deletes the oldest data, whichever signal holds it, a batch at a time, until used bytes fall under `target`. */
  private async shrinkTo(target: number, r: Tally): Promise<void> {
    const db = this.db;
    const oldestBlock = db.prepare('SELECT max_ts FROM log_blocks ORDER BY max_ts LIMIT 1').pluck().safeIntegers(true);
    const oldestSpan = db.prepare('SELECT start_ns FROM spans ORDER BY start_ns LIMIT 1').pluck().safeIntegers(true);
    // Sealed chunks are appended as they fill, so id order is age order (late samples aside).
    const oldestChunk = db.prepare('SELECT max_t FROM metric_chunks ORDER BY id LIMIT 1').pluck();
    const oldestChunks = db.prepare('SELECT id, series_id AS owner, length(data) + 40 AS bytes FROM metric_chunks ORDER BY id LIMIT ?');
    const delChunk = db.prepare('DELETE FROM metric_chunks WHERE id = ?');
    const series = new Set<number>();
    // The oldest rows of each signal with their approximate size, to delete just enough of them.
    const oldestBlocks = db.prepare('SELECT id, stream_id AS owner, length(data) + 60 AS bytes FROM log_blocks ORDER BY max_ts LIMIT ?');
    const oldestSpans = db.prepare('SELECT id, 0 AS owner, length(body) + 120 AS bytes FROM spans ORDER BY start_ns LIMIT ?');
    const delBlock = db.prepare('DELETE FROM log_blocks WHERE id = ?');
    const delSpan = db.prepare('DELETE FROM spans WHERE id = ?');
    const streams = new Set<number>();
    while (this.usedBytes() > target) {
      const c = oldestChunk.get() as number | undefined;
      const candidates: Array<readonly ['metrics' | 'logs' | 'traces', bigint]> = [];
      if (c !== undefined) candidates.push(['metrics', BigInt(c) * NS_PER_MS]);
      const b = oldestBlock.get() as bigint | undefined;
      if (b !== undefined) candidates.push(['logs', b]);
      const s = oldestSpan.get() as bigint | undefined;
      if (s !== undefined) candidates.push(['traces', s]);
      if (candidates.length === 0) {
        // Only open head chunks are left: seal them so that they can go too.
        if (this.w.metrics.sealOlderThan(Number.MAX_SAFE_INTEGER) === 0) break;
        this.w.metrics.flush();
        continue;
      }
      candidates.sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
      const signal = candidates[0]![0];
      const excess = this.usedBytes() - target;
      const rows = (signal === 'metrics' ? oldestChunks : signal === 'logs' ? oldestBlocks : oldestSpans).all(BATCH) as Array<{ id: number; owner: number; bytes: number }>;
      let take = 0;
      for (let sum = 0; take < rows.length && sum < excess; take++) sum += rows[take]!.bytes;
      const victims = rows.slice(0, Math.max(1, take));
      const del = signal === 'metrics' ? delChunk : signal === 'logs' ? delBlock : delSpan;
      db.transaction(() => {
        for (const v of victims) del.run(v.id);
      })();
      if (signal === 'metrics') {
        for (const v of victims) series.add(v.owner);
        r.metricChunks += victims.length;
      } else if (signal === 'logs') {
        for (const v of victims) streams.add(v.owner);
        this.w.logs.forgetBlocks(new Set(victims.map((v) => v.id)));
        r.logBlocks += victims.length;
      } else {
        this.w.traces.spanCount -= victims.length;
        r.spans += victims.length;
      }
      this.releaseFreePages();
      await this.yieldToIngest();
    }
    r.series += this.dropEmptySeries([...series]);
    r.streams += this.dropEmptyStreams([...streams]);
    if (r.spans > 0) await this.dropSpanSlots(2n ** 62n);
  }
}
