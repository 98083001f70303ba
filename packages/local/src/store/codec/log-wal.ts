import { ByteReader, ByteWriter } from './bytes.js';
import { LogBlock, encodeLogBlock, type BlockEntry } from './log-block.js';

/**
 * The write-ahead record of appended log lines: what a logs append commits before it is
 * acknowledged, and what the head replays after a crash. One row holds every stream appended in
 * one group commit, each as an uncompressed log block:
 *
 *   row    := record*
 *   record := uvarint streamId, uvarint byteLength, log block (codec raw, entries sorted by time)
 *
 * The byte length lets a reader skip the streams it does not want.
 */
export class LogWalEncoder {
  private readonly out = new ByteWriter(16 * 1024);

  /** Adds one stream's entries, already sorted by time. */
  add(streamId: number, entries: readonly BlockEntry[]): void {
    const block = encodeLogBlock(entries, { codec: 'raw' });
    this.out.uvarint(streamId);
    this.out.uvarint(block.length);
    this.out.bytes(block);
  }

  get empty(): boolean {
    return this.out.length === 0;
  }

  /** The row (a copy) and a reset encoder. */
  finish(): Buffer {
    const b = this.out.toBuffer();
    this.out.reset();
    return b;
  }
}

/** Calls `each` with every stream's block in `row`, in order; with `wanted`, other streams are skipped undecoded. */
export function decodeLogWal(row: Uint8Array, each: (streamId: number, block: LogBlock) => void, wanted?: { has(id: number): boolean }): void {
  const r = new ByteReader(row);
  while (!r.done) {
    const id = r.uvarint();
    const len = r.uvarint();
    const bytes = r.bytes(len);
    if (!wanted || wanted.has(id)) each(id, new LogBlock(bytes));
  }
}
