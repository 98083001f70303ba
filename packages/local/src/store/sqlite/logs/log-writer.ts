import type Database from 'better-sqlite3';
import { OLA_LABEL } from '@srcobs/ola';
import { labelsKey, normalizeLabels, type Labels } from '../../../model/labels.js';
import type { LogBatch, LogEntry } from '../../../model/logs.js';
import { CODEC_RAW, encodeLogBlock, entryRawBytes, sortEntries } from '../../codec/log-block.js';
import type { StoreCounters } from '../counters.js';
import { PostingsWriter } from '../label-index.js';

/** A commit never writes a block bigger than this (raw bytes): bigger pushes are split. */
export const MAX_BLOCK_RAW_BYTES = 1024 * 1024;

/** What the writer knows of a block that compaction may still merge. */
export interface OpenBlock {
  readonly id: number;
  readonly minTs: bigint;
  readonly maxTs: bigint;
  readonly rawBytes: number;
  /** CODEC_RAW for blocks written by a commit, compressed once compaction has seen them. */
  readonly codec: number;
}

/** A stream as the writer tracks it. */
export interface WriterStream {
  readonly id: number;
  readonly labels: Labels;
  /** Blocks not yet sealed into a chunk, oldest first. */
  open: OpenBlock[];
  /** Wall-clock ms of the last append, for cutting idle chunks. */
  lastWriteMs: number;
}

/**
 * The logs side of the writer connection. Each group commit writes, per stream, the new entries as
 * one uncompressed block (sorted by time): committed means durable and visible to every reader at
 * once, without a write-ahead table to replay. The compactor later merges a stream's small blocks
 * into compressed chunks, the way Loki's ingester cuts head blocks into chunks.
 */
export class LogWriter {
  private readonly byKey = new Map<string, WriterStream>();
  readonly byId = new Map<number, WriterStream>();
  /** Streams with open blocks, for the compactor. */
  readonly withOpenBlocks = new Set<WriterStream>();
  private staged = new Map<WriterStream, LogEntry[]>();
  private created: WriterStream[] = [];
  private written: Array<readonly [WriterStream, OpenBlock]> = [];
  private stagedLines = 0;
  private stagedBytes = 0;
  private readonly st: { insertStream: Database.Statement; insertBlock: Database.Statement };
  private readonly postings: PostingsWriter;

  constructor(
    private readonly db: Database.Database,
    private readonly counters: StoreCounters,
    private readonly now: () => number,
  ) {
    this.postings = new PostingsWriter(db, 'streams');
    this.st = {
      insertStream: db.prepare('INSERT INTO streams(labels, category) VALUES (?, ?)'),
      insertBlock: db.prepare('INSERT INTO log_blocks(stream_id, min_ts, max_ts, n, raw_bytes, sealed, data) VALUES (?, ?, ?, ?, ?, 0, ?)'),
    };
  }

  /** Loads streams and their open blocks. */
  load(): void {
    for (const row of this.db.prepare('SELECT id, labels FROM streams').iterate() as Iterable<{ id: number; labels: string }>) {
      const labels = JSON.parse(row.labels) as Labels;
      const s: WriterStream = { id: row.id, labels, open: [], lastWriteMs: this.now() };
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
  }

  get streamCount(): number {
    return this.byKey.size;
  }

  begin(): void {}

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
        s = { id, labels, open: [], lastWriteMs: this.now() };
        this.byKey.set(key, s);
        this.byId.set(id, s);
        this.created.push(s);
      }
      let list = this.staged.get(s);
      if (!list) this.staged.set(s, (list = []));
      for (const e of input.entries) list.push(e);
    }
  }

  /** Inside the commit transaction: one sorted raw block per stream (split when very large). */
  finishStage(): void {
    for (const [s, entries] of this.staged) {
      sortEntries(entries);
      let from = 0;
      while (from < entries.length) {
        let raw = 0;
        let to = from;
        while (to < entries.length && (to === from || raw + entryRawBytes(entries[to]!) <= MAX_BLOCK_RAW_BYTES)) raw += entryRawBytes(entries[to++]!);
        const part = entries.slice(from, to);
        const minTs = part[0]!.tsNs;
        const maxTs = part[part.length - 1]!.tsNs;
        const id = Number(this.st.insertBlock.run(s.id, minTs, maxTs, part.length, raw, encodeLogBlock(part, { codec: 'raw' })).lastInsertRowid);
        this.written.push([s, { id, minTs, maxTs, rawBytes: raw, codec: CODEC_RAW }]);
        this.stagedLines += part.length;
        this.stagedBytes += raw;
        from = to;
      }
    }
  }

  committed(): void {
    const now = this.now();
    for (const [s, block] of this.written) {
      s.open.push(block);
      s.lastWriteMs = now;
      this.withOpenBlocks.add(s);
    }
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
    this.reset();
  }

  private reset(): void {
    this.staged = new Map();
    this.created = [];
    this.written = [];
    this.stagedLines = 0;
    this.stagedBytes = 0;
  }

  /** Drops streams that retention emptied, unless they have blocks again. */
  forgetStreams(ids: readonly number[]): void {
    for (const id of ids) {
      const s = this.byId.get(id);
      if (!s || s.open.length > 0) continue;
      this.byId.delete(id);
      this.byKey.delete(labelsKey(s.labels));
    }
  }

  /** Retention deleted these block ids: forget them as open blocks. */
  forgetBlocks(ids: ReadonlySet<number>): void {
    for (const s of this.withOpenBlocks) {
      s.open = s.open.filter((b) => !ids.has(b.id));
      if (s.open.length === 0) this.withOpenBlocks.delete(s);
    }
  }
}
