import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEntry } from '../../model/logs.js';
import { SeededRandom } from '../contract/seeded-random.js';
import { LogBlock, encodeLogBlock, sortEntries, type BlockCompression, type BlockEntry } from './log-block.js';

const COMPRESSIONS: BlockCompression[] = [{ codec: 'raw' }, { codec: 'deflate', level: 1 }, { codec: 'brotli', quality: 5 }];

function decodeAll(block: LogBlock): LogEntry[] {
  return Array.from({ length: block.length }, (_, i) => block.entry(i));
}

function normal(entries: readonly BlockEntry[]): BlockEntry[] {
  return entries.map((e) => (e.metadata && Object.keys(e.metadata).length > 0 ? { tsNs: e.tsNs, line: e.line, metadata: e.metadata } : { tsNs: e.tsNs, line: e.line }));
}

test('log block: unicode lines, metadata and extreme timestamps round-trip, raw and compressed', () => {
  const entries: BlockEntry[] = [
    { tsNs: 0n, line: '' },
    { tsNs: 1n, line: 'héllo ✓ 日本語 🎉', metadata: { trace_id: 'abc', 'k_2': 'ü' } },
    { tsNs: 2n ** 62n, line: 'x'.repeat(70_000) },
    { tsNs: 2n ** 63n - 1n, line: 'last\nline\twith "quotes"', metadata: {} },
  ];
  for (const compression of COMPRESSIONS) {
    const block = new LogBlock(encodeLogBlock(entries, compression));
    assert.deepEqual(decodeAll(block), normal(entries), JSON.stringify(compression));
    assert.equal(block.lowerBound(2n), 2);
    assert.equal(block.lowerBound(2n ** 63n - 1n), 3);
  }
});

test('log block: typical log lines compress more than 5x as sealed chunks are (brotli 5)', () => {
  const r = new SeededRandom(7);
  const entries: BlockEntry[] = [];
  for (let i = 0; i < 2000; i++) {
    entries.push({
      tsNs: 1_700_000_000_000_000_000n + BigInt(i) * 1_234_567n,
      line: `level=${r.pick(['info', 'info', 'warn', 'error'])} ts=2024-05-01T12:${String(i % 60).padStart(2, '0')}:00Z caller=${r.pick(['server.go', 'handler.go'])}:${r.int(10, 400)} msg="${r.pick(['request handled', 'cache miss', 'retrying'])}" method=${r.pick(['GET', 'POST'])} path=/api/v1/items/${r.int(1, 5000)} status=${r.pick([200, 200, 200, 404, 500])} duration_ms=${r.int(1, 900)}`,
    });
  }
  const raw = entries.reduce((n, e) => n + Buffer.byteLength(e.line), 0);
  const stored = encodeLogBlock(entries, { codec: 'brotli', quality: 5 }).length;
  assert.ok(raw / stored >= 5, `compression ${(raw / stored).toFixed(1)}x`);
});

test('log block: a truncated or unknown block fails with a RangeError', () => {
  const data = encodeLogBlock([{ tsNs: 5n, line: 'hello world' }], { codec: 'raw' });
  assert.throws(() => new LogBlock(data.subarray(0, data.length - 4)), RangeError);
  const unknown = Buffer.from(data);
  unknown[0] = 9;
  assert.throws(() => new LogBlock(unknown), RangeError);
});

for (const seed of [11, 12, 13, 500, 8080]) {
  test(`log block: seeded fuzz round trip (seed ${seed})`, () => {
    const r = new SeededRandom(seed);
    for (let round = 0; round < 20; round++) {
      const n = r.int(1, 400);
      const entries: BlockEntry[] = [];
      let ts = BigInt(r.int(0, 2 ** 31)) * BigInt(r.int(1, 2 ** 31));
      for (let i = 0; i < n; i++) {
        ts += r.chance(0.1) ? 0n : BigInt(r.int(0, 2 ** 30)) * (r.chance(0.05) ? 2n ** 20n : 1n);
        if (ts > 2n ** 63n - 1n) ts = 2n ** 63n - 1n;
        const metadata: Record<string, string> = {};
        const pairs = r.chance(0.5) ? r.int(1, 4) : 0;
        for (let p = 0; p < pairs; p++) metadata[`k${r.int(0, 9)}`] = r.text(r.int(0, 20));
        entries.push(pairs ? { tsNs: ts, line: r.text(r.int(0, 300)), metadata } : { tsNs: ts, line: r.text(r.int(0, 300)) });
      }
      sortEntries(entries);
      const got = decodeAll(new LogBlock(encodeLogBlock(entries, r.pick(COMPRESSIONS))));
      // Lone surrogates cannot be UTF-8: the codec stores U+FFFD for them, as Buffer does.
      const expected = normal(entries).map((e) => ({ ...e, line: Buffer.from(e.line).toString() }));
      assert.deepEqual(
        got,
        expected.map((e) => (e.metadata ? { ...e, metadata: Object.fromEntries(Object.entries(e.metadata).map(([k, v]) => [k, Buffer.from(v).toString()])) } : e)),
        `seed ${seed} round ${round}`,
      );
    }
  });
}
