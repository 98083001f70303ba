import type Database from 'better-sqlite3';
import { CODEC_DEFLATE, CODEC_RAW, LogBlock, encodeLogBlock, sortEntries, type BlockEntry } from '../../codec/log-block.js';
import type { StoreCounters } from '../counters.js';
import { blockRuns, type LogWriter, type OpenBlock, type WriterStream } from './log-writer.js';

/** A stream's open blocks are sealed into chunks of about this many raw bytes (Loki's block size). */
export const CHUNK_TARGET_RAW_BYTES = 256 * 1024;
/** Open blocks spanning more than this (ns of log time) are sealed: Loki's max chunk age is 2 h. */
export const MAX_CHUNK_SPAN_NS = 3600n * 1_000_000_000n;
/** A stream quiet for this long has its open blocks sealed. */
export const CHUNK_IDLE_MS = 10 * 60 * 1000;
/** Open blocks may be merged again: fast rather than small. */
const OPEN_BLOCK_COMPRESSION = { codec: 'deflate', level: 1 } as const;

/**
 * Merges small log blocks into compressed chunks, off the ingest path (on a timer, a few streams
 * at a time). A stream's newest uncompressed blocks are merged with the open blocks before them
 * while those are no more than twice their size, so open blocks form a geometric series and each
 * line is recompressed O(log n) times before its chunk is sealed, not once per commit.
 */
export class LogCompactor {
  private readonly st: { blockData: Database.Statement; insert: Database.Statement; remove: Database.Statement };

  constructor(
    private readonly db: Database.Database,
    private readonly writer: LogWriter,
    private readonly counters: StoreCounters,
    /** brotli quality of sealed chunks. */
    private readonly quality: number,
    private readonly now: () => number,
  ) {
    this.st = {
      blockData: db.prepare('SELECT data FROM log_blocks WHERE id = ?').pluck(),
      insert: db.prepare('INSERT INTO log_blocks(stream_id, min_ts, max_ts, n, raw_bytes, sealed, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM log_blocks WHERE id = ?'),
    };
  }

  /**
   * Compacts streams until `deadline` (ms, Date.now clock), all in one transaction so that a tick
   * costs one commit however many streams it touches; returns true when work is left.
   */
  run(deadline: number): boolean {
    const started = performance.now();
    const updates: Array<() => void> = [];
    let more = false;
    this.db.transaction(() => {
      for (const s of this.writer.withOpenBlocks) {
        if (Date.now() > deadline) {
          more = true;
          break;
        }
        const update = this.compactStream(s);
        if (update) updates.push(update);
      }
    })();
    // Memory follows only once the transaction committed.
    for (const update of updates) update();
    if (updates.length > 0) {
      this.counters.logCompactions += updates.length;
      this.counters.logCompactionSeconds += (performance.now() - started) / 1000;
    }
    return more;
  }

  /** Writes one stream's merge, if it needs one, and returns how memory changes after the commit. */
  private compactStream(s: WriterStream): (() => void) | undefined {
    const open = s.open;
    if (open.length === 0) return undefined;
    let raw = 0;
    let minTs = open[0]!.minTs;
    let maxTs = open[0]!.maxTs;
    for (const b of open) {
      raw += b.rawBytes;
      if (b.minTs < minTs) minTs = b.minTs;
      if (b.maxTs > maxTs) maxTs = b.maxTs;
    }
    if (raw >= CHUNK_TARGET_RAW_BYTES || maxTs - minTs >= MAX_CHUNK_SPAN_NS || this.now() - s.lastWriteMs >= CHUNK_IDLE_MS) return this.merge(s, 0, true);
    let first = open.findIndex((b) => b.codec === CODEC_RAW);
    if (first < 0) return undefined;
    let size = 0;
    for (let i = first; i < open.length; i++) size += open[i]!.rawBytes;
    while (first > 0 && open[first - 1]!.rawBytes <= 2 * size) size += open[--first]!.rawBytes;
    return this.merge(s, first, false);
  }

  /** Replaces open blocks [from, end) by compressed open blocks, or by sealed chunks (one per window and size target). */
  private merge(s: WriterStream, from: number, seal: boolean): () => void {
    const victims = s.open.slice(from);
    const entries: BlockEntry[] = [];
    for (const b of victims) {
      const data = this.st.blockData.get(b.id) as Buffer | undefined;
      if (!data) continue;
      const block = new LogBlock(data);
      for (let i = 0; i < block.length; i++) entries.push(block.entry(i));
    }
    // Victims are in id order, which is arrival order: a stable sort keeps it among equal timestamps.
    sortEntries(entries);
    for (const b of victims) this.st.remove.run(b.id);
    const made: OpenBlock[] = [];
    for (const [start, end, raw] of blockRuns(entries, seal ? CHUNK_TARGET_RAW_BYTES : Number.POSITIVE_INFINITY)) {
      const block = this.write(s, entries.slice(start, end), raw, seal);
      if (!seal) made.push(block);
    }
    return () => {
      s.open = [...s.open.slice(0, from), ...made];
      if (s.open.length === 0) this.writer.withOpenBlocks.delete(s);
    };
  }

  private write(s: WriterStream, entries: readonly BlockEntry[], raw: number, sealed: boolean): OpenBlock {
    const minTs = entries[0]!.tsNs;
    const maxTs = entries[entries.length - 1]!.tsNs;
    const compression = sealed ? { codec: 'brotli' as const, quality: this.quality } : OPEN_BLOCK_COMPRESSION;
    const id = Number(this.st.insert.run(s.id, minTs, maxTs, entries.length, raw, sealed ? 1 : 0, encodeLogBlock(entries, compression)).lastInsertRowid);
    return { id, minTs, maxTs, rawBytes: raw, codec: CODEC_DEFLATE };
  }
}
