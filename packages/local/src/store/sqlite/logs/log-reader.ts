import type Database from 'better-sqlite3';
import type { LabelMatcher } from '../../../model/labels.js';
import type { Direction, LogEntry, StreamRef } from '../../../model/logs.js';
import type { EntryFilter, LogReader, ReadHints } from '../../../model/store.js';
import { LogBlock } from '../../codec/log-block.js';
import { decodeLogWal } from '../../codec/log-wal.js';
import { LabelIndexReader, type IndexedLabels } from '../label-index.js';
import { ReadBudget } from '../read-limits.js';

/** Blocks decoded per step of an entries() iteration (more when blocks overlap the position). */
const BLOCKS_PER_STEP = 4;
/**
 * Ids given to the unflushed write-ahead records of a stream, read as blocks: above every real
 * block id, in write order, because they hold the newest lines.
 */
const WAL_BLOCK_ID_BASE = 2 ** 51;

interface BlockMeta {
  readonly id: number;
  readonly min: bigint;
  readonly max: bigint;
}

/** What one snapshot says a stream's range consists of: block bounds, and the unflushed records already decoded. */
interface Plan {
  readonly metas: BlockMeta[];
  readonly tail: ReadonlyMap<number, LogBlock>;
}

/** Lines skipped between two reports to the filter (so a query's deadline is checked often enough). */
const SKIP_REPORT_EVERY = 4096;

/** Applies an {@link EntryFilter}: skips lines without any needle, counting them for the query. */
class LineSkipper {
  private readonly needles: readonly Uint8Array[];
  private lines = 0;
  private bytes = 0;
  private metadataBytes = 0;

  constructor(private readonly filter: EntryFilter) {
    this.needles = filter.lineContainsAny.map((n) => Buffer.from(n, 'utf8'));
  }

  skips(block: LogBlock, i: number): boolean {
    if (block.contains(i, this.needles)) return false;
    this.lines++;
    this.bytes += block.lineBytes(i);
    this.metadataBytes += block.metadataBytes(i);
    if (this.lines >= SKIP_REPORT_EVERY) this.flush();
    return true;
  }

  flush(): void {
    if (this.lines === 0) return;
    const [lines, bytes, metadataBytes] = [this.lines, this.bytes, this.metadataBytes];
    this.lines = 0;
    this.bytes = 0;
    this.metadataBytes = 0;
    this.filter.onSkipped?.(lines, bytes, metadataBytes);
  }
}

/** A decoded block with the next index to emit. */
interface Cursor {
  readonly id: number;
  readonly block: LogBlock;
  i: number;
}

/**
 * LogReader over a connection of its own. `entries()` is lazy the way Loki's batch iterator is:
 * it lists the stream's block boundaries for the range, then decodes a few blocks at a time in
 * time order and emits only entries below a horizon no unread block can undercut. Each step reads
 * by itself, so it holds no statement or transaction open between steps, and when compaction has
 * replaced a block in the meantime it lists the blocks again from the current position: entries
 * before the position were all emitted, those after it none, so nothing repeats or goes missing.
 */
export class SqliteLogReader implements LogReader {
  private readonly index: LabelIndexReader;
  private readonly st: { list: Database.Statement; data: Database.Statement; flushedSeq: Database.Statement; walRows: Database.Statement };

  constructor(private readonly db: Database.Database) {
    this.index = new LabelIndexReader(db, 'streams');
    this.st = {
      list: db.prepare('SELECT id, min_ts, max_ts FROM log_blocks WHERE stream_id = ? AND max_ts >= ? AND min_ts <= ?').safeIntegers(true),
      data: db.prepare('SELECT data FROM log_blocks WHERE id = ?').pluck(),
      flushedSeq: db.prepare(`SELECT v FROM meta WHERE k = 'logs_flushed_seq'`).pluck(),
      walRows: db.prepare('SELECT seq, data FROM log_wal WHERE seq > ? ORDER BY seq'),
    };
  }

  private list(streamId: number, lo: bigint, hi: bigint): BlockMeta[] {
    return (this.st.list.all(streamId, lo, hi) as Array<{ id: bigint; min_ts: bigint; max_ts: bigint }>).map((r) => ({ id: Number(r.id), min: r.min_ts, max: r.max_ts }));
  }

  /** The unflushed write-ahead records of the wanted streams, as blocks keyed by their virtual ids. Call inside a read transaction. */
  private walTail(wanted: { has(id: number): boolean }): Map<number, Map<number, LogBlock>> {
    const out = new Map<number, Map<number, LogBlock>>();
    const flushed = (this.st.flushedSeq.get() as number | undefined) ?? 0;
    for (const row of this.st.walRows.all(flushed) as Array<{ seq: number; data: Buffer }>) {
      let k = 0;
      decodeLogWal(
        row.data,
        (id, block) => {
          let blocks = out.get(id);
          if (!blocks) out.set(id, (blocks = new Map()));
          // Records of one row never share a stream, but keep ids unique whatever a row holds.
          blocks.set(WAL_BLOCK_ID_BASE + row.seq * 1024 + k++, block);
        },
        wanted,
      );
    }
    return out;
  }

  /** Blocks of a stream overlapping [lo, hi] plus its unflushed lines, read from one snapshot. */
  private plan(streamId: number, lo: bigint, hi: bigint): Plan {
    return this.db.transaction(() => {
      const metas = this.list(streamId, lo, hi);
      const tail = this.walTail(new Set([streamId])).get(streamId) ?? new Map<number, LogBlock>();
      for (const [id, block] of tail) {
        if (block.length === 0) continue;
        const min = block.timestamps[0]!;
        const max = block.timestamps[block.length - 1]!;
        if (max >= lo && min <= hi) metas.push({ id, min, max });
      }
      return { metas, tail };
    })();
  }

  /** Whether a block has an entry in [lo, hi]. */
  private static blockHas(block: LogBlock, lo: bigint, hi: bigint): boolean {
    const i = block.lowerBound(lo);
    return i < block.length && block.timestamps[i]! <= hi;
  }

  /** Whether the stream has an entry in [lo, hi]; decodes a block only when it straddles the range. */
  private hasEntries(streamId: number, lo: bigint, hi: bigint, tail: ReadonlyMap<number, ReadonlyMap<number, LogBlock>>): boolean {
    for (const block of tail.get(streamId)?.values() ?? []) if (SqliteLogReader.blockHas(block, lo, hi)) return true;
    for (const b of this.list(streamId, lo, hi)) {
      if (b.min >= lo || b.max <= hi) return true;
      const data = this.st.data.get(b.id) as Buffer | undefined;
      if (data && SqliteLogReader.blockHas(new LogBlock(data), lo, hi)) return true;
    }
    return false;
  }

  private inRange(matchers: readonly LabelMatcher[], startNs: bigint, endNs: bigint, budget?: ReadBudget): IndexedLabels[] {
    if (startNs >= endNs) return [];
    return this.db.transaction(() => {
      const out: IndexedLabels[] = [];
      const matched = this.index.match(matchers);
      const tail = this.walTail(new Set(matched.map((e) => e.id)));
      for (const e of matched) {
        budget?.deadline();
        if (!this.hasEntries(e.id, startNs, endNs - 1n, tail)) continue;
        budget?.addSeries();
        out.push(e);
      }
      return out;
    })();
  }

  streams(matchers: readonly LabelMatcher[], startNs: bigint, endNs: bigint, hints?: ReadHints): StreamRef[] {
    return this.inRange(matchers, startNs, endNs, new ReadBudget(hints, 'streams')).map((e) => ({ id: e.id, labels: e.labels }));
  }

  labelNames(startNs: bigint, endNs: bigint, matchers: readonly LabelMatcher[] = []): string[] {
    const names = new Set<string>();
    for (const e of this.inRange(matchers, startNs, endNs)) for (const n in e.labels) names.add(n);
    return [...names].sort();
  }

  labelValues(name: string, startNs: bigint, endNs: bigint, matchers: readonly LabelMatcher[] = []): string[] {
    const values = new Set<string>();
    for (const e of this.inRange(matchers, startNs, endNs)) {
      const v = e.labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  entries(streamId: number, startNs: bigint, endNs: bigint, direction: Direction, filter?: EntryFilter): Iterable<LogEntry> {
    if (startNs >= endNs) return [];
    const skip = filter && filter.lineContainsAny.length > 0 ? new LineSkipper(filter) : undefined;
    return direction === 'forward' ? this.forward(streamId, startNs, endNs - 1n, skip) : this.backward(streamId, startNs, endNs - 1n, skip);
  }

  /** Loads blocks by id; undefined when one vanished (compaction or retention replaced it). */
  private load(metas: readonly BlockMeta[], tail: ReadonlyMap<number, LogBlock>): Cursor[] | undefined {
    const out: Cursor[] = [];
    for (const m of metas) {
      const unflushed = tail.get(m.id);
      if (unflushed) {
        out.push({ id: m.id, block: unflushed, i: 0 });
        continue;
      }
      const data = this.st.data.get(m.id) as Buffer | undefined;
      if (!data) return undefined;
      out.push({ id: m.id, block: new LogBlock(data), i: 0 });
    }
    return out;
  }

  private *forward(streamId: number, lo: bigint, hi: bigint, skip?: LineSkipper): Generator<LogEntry> {
    let pos = lo;
    const order = (a: BlockMeta, b: BlockMeta): number => (a.min < b.min ? -1 : a.min > b.min ? 1 : a.id - b.id);
    let { metas, tail } = this.plan(streamId, pos, hi);
    metas.sort(order);
    let next = 0;
    let carried: Cursor[] = [];
    while (pos <= hi) {
      let end = next;
      while (end < metas.length && (end - next < BLOCKS_PER_STEP || metas[end]!.min <= pos)) end++;
      const horizon = end < metas.length ? metas[end]!.min : hi + 1n;
      const loaded = this.load(metas.slice(next, end), tail);
      if (!loaded) {
        // Compaction or a flush changed the blocks: everything before pos was emitted, so plan again from pos.
        ({ metas, tail } = this.plan(streamId, pos, hi));
        metas.sort(order);
        next = 0;
        carried = [];
        continue;
      }
      for (const c of loaded) c.i = c.block.lowerBound(pos);
      const active = [...carried, ...loaded].sort((a, b) => a.id - b.id);
      // Merge by (timestamp, block id): the block written first comes first among equal timestamps.
      for (;;) {
        let best: Cursor | undefined;
        let bestTs = 0n;
        for (const c of active) {
          if (c.i >= c.block.length) continue;
          const ts = c.block.timestamps[c.i]!;
          if (ts >= horizon) continue;
          if (!best || ts < bestTs) {
            best = c;
            bestTs = ts;
          }
        }
        if (!best) break;
        if (bestTs > hi) break;
        const i = best.i++;
        if (skip?.skips(best.block, i)) continue;
        skip?.flush();
        yield best.block.entry(i);
      }
      carried = active.filter((c) => c.i < c.block.length && c.block.timestamps[c.i]! <= hi);
      pos = horizon;
      next = end;
      skip?.flush();
      if (next >= metas.length && carried.length === 0) return;
    }
  }

  private *backward(streamId: number, lo: bigint, hi: bigint, skip?: LineSkipper): Generator<LogEntry> {
    let pos = hi;
    const order = (a: BlockMeta, b: BlockMeta): number => (a.max > b.max ? -1 : a.max < b.max ? 1 : b.id - a.id);
    let { metas, tail } = this.plan(streamId, lo, pos);
    metas.sort(order);
    let next = 0;
    let carried: Cursor[] = [];
    while (pos >= lo) {
      let end = next;
      while (end < metas.length && (end - next < BLOCKS_PER_STEP || metas[end]!.max >= pos)) end++;
      const horizon = end < metas.length ? metas[end]!.max : lo - 1n;
      const loaded = this.load(metas.slice(next, end), tail);
      if (!loaded) {
        ({ metas, tail } = this.plan(streamId, lo, pos));
        metas.sort(order);
        next = 0;
        carried = [];
        continue;
      }
      // Start at the last entry <= pos.
      for (const c of loaded) c.i = c.block.lowerBound(pos + 1n) - 1;
      const active = [...carried, ...loaded].sort((a, b) => b.id - a.id);
      // Newest first, and among equal timestamps the exact reverse of the forward order.
      for (;;) {
        let best: Cursor | undefined;
        let bestTs = 0n;
        for (const c of active) {
          if (c.i < 0) continue;
          const ts = c.block.timestamps[c.i]!;
          if (ts <= horizon) continue;
          if (!best || ts > bestTs) {
            best = c;
            bestTs = ts;
          }
        }
        if (!best) break;
        if (bestTs < lo) break;
        const i = best.i--;
        if (skip?.skips(best.block, i)) continue;
        skip?.flush();
        yield best.block.entry(i);
      }
      carried = active.filter((c) => c.i >= 0 && c.block.timestamps[c.i]! >= lo);
      pos = horizon;
      next = end;
      skip?.flush();
      if (next >= metas.length && carried.length === 0) return;
    }
  }
}
