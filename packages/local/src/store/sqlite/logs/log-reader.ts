import type Database from 'better-sqlite3';
import type { LabelMatcher } from '../../../model/labels.js';
import type { Direction, LogEntry, StreamRef } from '../../../model/logs.js';
import type { LogReader, ReadHints } from '../../../model/store.js';
import { LogBlock } from '../../codec/log-block.js';
import { LabelIndexReader, type IndexedLabels } from '../label-index.js';
import { ReadBudget } from '../read-limits.js';

/** Blocks decoded per step of an entries() iteration (more when blocks overlap the position). */
const BLOCKS_PER_STEP = 4;

interface BlockMeta {
  readonly id: number;
  readonly min: bigint;
  readonly max: bigint;
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
  private readonly st: { list: Database.Statement; data: Database.Statement; bounds: Database.Statement };

  constructor(private readonly db: Database.Database) {
    this.index = new LabelIndexReader(db, 'streams');
    this.st = {
      list: db.prepare('SELECT id, min_ts, max_ts FROM log_blocks WHERE stream_id = ? AND max_ts >= ? AND min_ts <= ?').safeIntegers(true),
      data: db.prepare('SELECT data FROM log_blocks WHERE id = ?').pluck(),
      bounds: db.prepare('SELECT id, min_ts, max_ts FROM log_blocks WHERE stream_id = ? AND max_ts >= ? AND min_ts <= ?').safeIntegers(true),
    };
  }

  private list(streamId: number, lo: bigint, hi: bigint): BlockMeta[] {
    return (this.st.list.all(streamId, lo, hi) as Array<{ id: bigint; min_ts: bigint; max_ts: bigint }>).map((r) => ({ id: Number(r.id), min: r.min_ts, max: r.max_ts }));
  }

  /** Whether the stream has an entry in [lo, hi]; decodes a block only when it straddles the range. */
  private hasEntries(streamId: number, lo: bigint, hi: bigint): boolean {
    for (const b of this.list(streamId, lo, hi)) {
      if (b.min >= lo || b.max <= hi) return true;
      const data = this.st.data.get(b.id) as Buffer | undefined;
      if (!data) continue;
      const block = new LogBlock(data);
      const i = block.lowerBound(lo);
      if (i < block.length && block.timestamps[i]! <= hi) return true;
    }
    return false;
  }

  private inRange(matchers: readonly LabelMatcher[], startNs: bigint, endNs: bigint, budget?: ReadBudget): IndexedLabels[] {
    if (startNs >= endNs) return [];
    return this.db.transaction(() => {
      const out: IndexedLabels[] = [];
      for (const e of this.index.match(matchers)) {
        budget?.deadline();
        if (!this.hasEntries(e.id, startNs, endNs - 1n)) continue;
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

  entries(streamId: number, startNs: bigint, endNs: bigint, direction: Direction): Iterable<LogEntry> {
    if (startNs >= endNs) return [];
    return direction === 'forward' ? this.forward(streamId, startNs, endNs - 1n) : this.backward(streamId, startNs, endNs - 1n);
  }

  /** Loads blocks by id; undefined when one vanished (compaction or retention replaced it). */
  private load(metas: readonly BlockMeta[]): Cursor[] | undefined {
    const out: Cursor[] = [];
    for (const m of metas) {
      const data = this.st.data.get(m.id) as Buffer | undefined;
      if (!data) return undefined;
      out.push({ id: m.id, block: new LogBlock(data), i: 0 });
    }
    return out;
  }

  private *forward(streamId: number, lo: bigint, hi: bigint): Generator<LogEntry> {
    let pos = lo;
    let metas = this.list(streamId, pos, hi).sort((a, b) => (a.min < b.min ? -1 : a.min > b.min ? 1 : a.id - b.id));
    let next = 0;
    let carried: Cursor[] = [];
    while (pos <= hi) {
      let end = next;
      while (end < metas.length && (end - next < BLOCKS_PER_STEP || metas[end]!.min <= pos)) end++;
      const horizon = end < metas.length ? metas[end]!.min : hi + 1n;
      const loaded = this.load(metas.slice(next, end));
      if (!loaded) {
        metas = this.list(streamId, pos, hi).sort((a, b) => (a.min < b.min ? -1 : a.min > b.min ? 1 : a.id - b.id));
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
        yield best.block.entry(best.i++);
      }
      carried = active.filter((c) => c.i < c.block.length && c.block.timestamps[c.i]! <= hi);
      pos = horizon;
      next = end;
      if (next >= metas.length && carried.length === 0) return;
    }
  }

  private *backward(streamId: number, lo: bigint, hi: bigint): Generator<LogEntry> {
    let pos = hi;
    const order = (a: BlockMeta, b: BlockMeta): number => (a.max > b.max ? -1 : a.max < b.max ? 1 : b.id - a.id);
    let metas = this.list(streamId, lo, pos).sort(order);
    let next = 0;
    let carried: Cursor[] = [];
    while (pos >= lo) {
      let end = next;
      while (end < metas.length && (end - next < BLOCKS_PER_STEP || metas[end]!.max >= pos)) end++;
      const horizon = end < metas.length ? metas[end]!.max : lo - 1n;
      const loaded = this.load(metas.slice(next, end));
      if (!loaded) {
        metas = this.list(streamId, lo, pos).sort(order);
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
        yield best.block.entry(best.i--);
      }
      carried = active.filter((c) => c.i >= 0 && c.block.timestamps[c.i]! >= lo);
      pos = horizon;
      next = end;
      if (next >= metas.length && carried.length === 0) return;
    }
  }
}
