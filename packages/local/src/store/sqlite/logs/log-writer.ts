import type Database from 'better-sqlite3';
import { OLA_LABEL } from '@srcobs/ola';
import { labelsKey, normalizeLabels, type Labels } from '../../../model/labels.js';
import type { LogBatch, LogEntry } from '../../../model/logs.js';
import { CODEC_RAW, encodeLogBlock, entryRawBytes, sortEntries, type BlockEntry } from '../../codec/log-block.js';
import { LogWalEncoder, decodeLogWal } from '../../codec/log-wal.js';
import type { StoreCounters } from '../counters.js';
import { PostingsWriter } from '../label-index.js';

/** A flush never writes a block bigger than this (raw bytes): a bigger backlog is split. */
export const MAX_BLOCK_RAW_BYTES = 1024 * 1024;
/**
 * No block spans an hour boundary (of log time), so that lines arriving together with very
 * different timestamps land in different blocks and retention, which deletes whole blocks, never
 * keeps an old line alive because a new one shares its block.
 */
export const BLOCK_WINDOW_NS = 3_600_000_000_000n;

/** Splits entries sorted by time into [from, to) runs of at most `maxRaw` raw bytes within one window. */
export function blockRuns(entries: readonly BlockEntry[], maxRaw: number): Array<readonly [number, number, number]> {
  const runs: Array<readonly [number, number, number]> = [];
  for (let from = 0; from < entries.length; ) {
    const windowEnd = (entries[from]!.tsNs / BLOCK_WINDOW_NS + 1n) * BLOCK_WINDOW_NS;
    let raw = entryRawBytes(entries[from]!);
    let to = from + 1;
    while (to < entries.length && entries[to]!.tsNs < windowEnd && raw + entryRawBytes(entries[to]!) <= maxRaw) raw += entryRawBytes(entries[to++]!);
    runs.push([from, to, raw]);
    from = to;
  }
  return runs;
}

/** What the writer knows of a block that compaction may still merge. */
export interface OpenBlock {
  readonly id: number;
  readonly minTs: bigint;
  readonly maxTs: bigint;
  readonly rawBytes: number;
  /** CODEC_RAW for blocks a flush wrote, compressed once compaction has merged them. */
  readonly codec: number;
}

/** A stream as the writer tracks it. */
export interface WriterStream {
  readonly id: number;
  readonly labels: Labels;
  /** Committed entries not yet flushed into a block (each commit's slice sorted by time). */
  pending: BlockEntry[];
  /** Blocks not yet sealed into a chunk, oldest first. */
  open: OpenBlock[];
  /** Wall-clock ms of the last append, for cutting idle chunks. */
  lastWriteMs: number;
}

/**
 * The logs side of the writer connection, built like the metrics head. An append is staged inside
 * the group commit's transaction (new streams with their postings, one write-ahead row holding the
 * commit's lines per stream) and kept in the stream's pending entries once committed. A flush
 * writes each stream's pending entries as one block and trims the write-ahead rows in one
 * transaction: a commit costs one row however many streams it touches, and readers see every
 * acknowledged line in a block or in a row newer than `logs_flushed_seq`. The compactor later merges
 * blocks into compressed chunks, the way Loki's ingester cuts head blocks into chunks.
 */
export class LogWriter {
  private readonly byKey = new Map<string, WriterStream>();
  readonly byId = new Map<number, WriterStream>();
  /** Streams with open blocks, for the compactor. */
  readonly withOpenBlocks = new Set<WriterStream>();
  private readonly dirty = new Set<WriterStream>();
  private readonly wal = new LogWalEncoder();
  private staged = new Map<WriterStream, LogEntry[]>();
  private created: WriterStream[] = [];
  private stagedLines = 0;
  private stagedBytes = 0;
  private lastSeq = 0;
  private flushedSeq = 0;
  private seqBefore = 0;
  /** Raw bytes of committed entries not yet in blocks. */
  unflushedBytes = 0;
  private readonly st: {
    insertStream: Database.Statement;
    insertWal: Database.Statement;
    insertBlock: Database.Statement;
    setFlushed: Database.Statement;
    trimWal: Database.Statement;
  };
  private readonly postings: PostingsWriter;

  constructor(
    private readonly db: Database.Database,
    private readonly counters: StoreCounters,
    private readonly now: () => number,
  ) {
    this.postings = new PostingsWriter(db, 'streams');
    this.st = {
      insertStream: db.prepare('INSERT INTO streams(labels, category) VALUES (?, ?)'),
      insertWal: db.prepare('INSERT INTO log_wal(seq, data) VALUES (?, ?)'),
      insertBlock: db.prepare('INSERT INTO log_blocks(stream_id, min_ts, max_ts, n, raw_bytes, sealed, data) VALUES (?, ?, ?, ?, ?, 0, ?)'),
      setFlushed: db.prepare(`UPDATE meta SET v = ? WHERE k = 'logs_flushed_seq'`),
      trimWal: db.prepare('DELETE FROM log_wal WHERE seq <= ?'),
    };
  }

  /** Loads streams, their open blocks, and the write-ahead rows newer than the last flush. */
  load(): void {
    const now = this.now();
    for (const row of this.db.prepare('SELECT id, labels FROM streams').iterate() as Iterable<{ id: number; labels: string }>) {
      const labels = JSON.parse(row.labels) as Labels;
      const s: WriterStream = { id: row.id, labels, pending: [], open: [], lastWriteMs: now };
      this.byKey.set(labelsKey(labels), s);
      this.byId.set(row.id, s);
    }
    const q = this.db.prepare('SELECT id, stream_id, min_ts, max_ts, raw_bytes, substr(data, 1, 1) AS codec FROM log_blocks WHERE sealed = 0 ORDER BY id').safeIntegers(true);
    for (const row of q.iterate() as Iterable<{ id: bigint; stream_id: bigint; min_ts: bigint; max_ts: bigint; raw_bytes: bigint; codec: Buffer }>) {
      const s = this.byId.get(Number(row.stream_id));
      if (!s) continue;
      s.open.push({ id: Number(row.id), minTs: row.min_ts, maxTs: row.max_ts, rawBytes: Number(row.raw_bytes), codec: row.codec[0] ?? CODEC_RAW });
      this.withOpenBlocks.add(s);
    }
    this.flushedSeq = (this.db.prepare(`SELECT v FROM meta WHERE k = 'logs_flushed_seq'`).pluck().get() as number | undefined) ?? 0;
    this.lastSeq = this.flushedSeq;
    for (const row of this.db.prepare('SELECT seq, data FROM log_wal WHERE seq > ? ORDER BY seq').iterate(this.flushedSeq) as Iterable<{ seq: number; data: Buffer }>) {
      decodeLogWal(row.data, (id, block) => {
        const s = this.byId.get(id);
        if (!s) return;
        for (let i = 0; i < block.length; i++) {
          const e = block.entry(i);
          s.pending.push(e);
          this.unflushedBytes += entryRawBytes(e);
        }
        this.dirty.add(s);
      });
      this.lastSeq = row.seq;
    }
  }

  get streamCount(): number {
    return this.byKey.size;
  }

  begin(): void {
    this.seqBefore = this.lastSeq;
  }

  /** Inside the commit transaction: resolves streams and collects entries. */
  stage(batch: LogBatch): void {
    for (const input of batch.streams) {
      if (input.entries.length === 0) continue;
      const key = labelsKey(input.labels);
      let s = this.byKey.get(key);
      if (!s) {
        const labels = normalizeLabels(input.labels);
        const id = Number(this.st.insertStream.run(JSON.stringify(labels), labels[OLA_LABEL] ?? null).lastInsertRowid);
        this.postings.add(id, labels);
        s = { id, labels, pending: [], open: [], lastWriteMs: this.now() };
        this.byKey.set(key, s);
        this.byId.set(id, s);
        this.created.push(s);
      }
      let list = this.staged.get(s);
      if (!list) this.staged.set(s, (list = []));
      for (const e of input.entries) list.push(e);
    }
  }

  /** Inside the commit transaction: the one write-ahead row, each stream's lines sorted by time. */
  finishStage(): void {
    for (const [s, entries] of this.staged) {
      sortEntries(entries);
      this.wal.add(s.id, entries);
      for (const e of entries) this.stagedBytes += entryRawBytes(e);
      this.stagedLines += entries.length;
    }
    if (!this.wal.empty) this.st.insertWal.run(++this.lastSeq, this.wal.finish());
  }

  committed(): void {
    const now = this.now();
    for (const [s, entries] of this.staged) {
      for (const e of entries) s.pending.push(e);
      s.lastWriteMs = now;
      this.dirty.add(s);
    }
    this.unflushedBytes += this.stagedBytes;
    this.counters.logLinesIngested += this.stagedLines;
    this.counters.logBytesIngested += this.stagedBytes;
    this.counters.streamsCreated += this.created.length;
    this.reset();
  }

  rolledBack(): void {
    for (const s of this.created) {
      this.byKey.delete(labelsKey(s.labels));
      this.byId.delete(s.id);
    }
    this.lastSeq = this.seqBefore;
    this.wal.finish();
    this.reset();
  }

  private reset(): void {
    this.staged = new Map();
    this.created = [];
    this.stagedLines = 0;
    this.stagedBytes = 0;
  }

  get needsFlush(): boolean {
    return this.dirty.size > 0 || this.lastSeq !== this.flushedSeq;
  }

  /** Writes every stream's pending entries as blocks and trims the write-ahead rows, in one transaction; on failure nothing changes. */
  flush(): void {
    if (!this.needsFlush) return;
    const upTo = this.lastSeq;
    const written: Array<readonly [WriterStream, OpenBlock]> = [];
    this.db.transaction(() => {
      for (const s of this.dirty) {
        // Each commit's slice is sorted and later commits come later: a stable sort keeps arrival order among equal timestamps.
        const entries = sortEntries(s.pending.slice());
        for (const [from, to, raw] of blockRuns(entries, MAX_BLOCK_RAW_BYTES)) {
          const part = entries.slice(from, to);
          const minTs = part[0]!.tsNs;
          const maxTs = part[part.length - 1]!.tsNs;
          const id = Number(this.st.insertBlock.run(s.id, minTs, maxTs, part.length, raw, encodeLogBlock(part, { codec: 'raw' })).lastInsertRowid);
          written.push([s, { id, minTs, maxTs, rawBytes: raw, codec: CODEC_RAW }]);
        }
      }
      this.st.setFlushed.run(upTo);
      this.st.trimWal.run(upTo);
    })();
    for (const [s, block] of written) {
      s.open.push(block);
      this.withOpenBlocks.add(s);
    }
    for (const s of this.dirty) s.pending = [];
    this.dirty.clear();
    this.flushedSeq = upTo;
    this.unflushedBytes = 0;
  }

  /** Drops streams that retention emptied, unless they have data again. */
  forgetStreams(ids: readonly number[]): number[] {
    const gone: number[] = [];
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s && (s.open.length > 0 || s.pending.length > 0)) continue;
      if (s) {
        this.byId.delete(id);
        this.byKey.delete(labelsKey(s.labels));
      }
      gone.push(id);
    }
    return gone;
  }

  /** Retention deleted these block ids: forget them as open blocks. */
  forgetBlocks(ids: ReadonlySet<number>): void {
    for (const s of this.withOpenBlocks) {
      s.open = s.open.filter((b) => !ids.has(b.id));
      if (s.open.length === 0) this.withOpenBlocks.delete(s);
    }
  }
}
