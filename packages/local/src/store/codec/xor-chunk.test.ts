import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STALE_NAN } from '../../model/metrics.js';
import { SeededRandom } from '../contract/seeded-random.js';
import { MAX_CHUNK_TIMESTAMP_MS, XorAppender, decodeXorChunk, encodeXorChunk, xorChunkCount } from './xor-chunk.js';

/** Bit patterns, so that NaN payloads are compared exactly. */
function bits(values: Float64Array): string[] {
  const u = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(`${u[2 * i + 1]!.toString(16)}:${u[2 * i]!.toString(16)}`);
  return out;
}

function roundTrip(ts: number[], vs: Float64Array): { ts: number[]; vs: Float64Array; bytes: number } {
  const chunk = encodeXorChunk(ts, vs);
  const outT: number[] = [];
  const outV = new Float64Array(ts.length);
  decodeXorChunk(chunk, (t, v) => {
    outV[outT.length] = v;
    outT.push(t);
  });
  return { ts: outT, vs: outV, bytes: chunk.length };
}

test('xor chunk: special values keep their exact bits (staleness marker, NaN payloads, infinities, -0, subnormals)', () => {
  const vs = new Float64Array([STALE_NAN, Number.NaN, Infinity, -Infinity, -0, 0, 5e-324, -Number.MAX_VALUE, 1, 1, STALE_NAN]);
  const view = new DataView(vs.buffer);
  view.setUint32(8 * 1, 0xfff12345, true); // a negative NaN with a payload, little-endian high word
  const ts = Array.from(vs, (_, i) => 1000 + i * 15_000);
  const got = roundTrip(ts, vs);
  assert.deepEqual(got.ts, ts);
  assert.deepEqual(bits(got.vs), bits(vs));
});

test('xor chunk: timestamps at the edges of the range, negative, and with every delta-of-delta bucket', () => {
  // Deltas-of-deltas at both ends of each bucket: 0, [-63, 64], [-8191, 8192], [-524287, 524288], beyond.
  const ts = [-MAX_CHUNK_TIMESTAMP_MS, -MAX_CHUNK_TIMESTAMP_MS + 1];
  for (const dod of [0, 64, -63, 65, -64, 8192, -8191, 8193, -8192, 524288, -524287, 524289, -524288, 2 ** 40]) ts.push(ts.at(-1)! + (ts.at(-1)! - ts.at(-2)!) + dod);
  ts.push(MAX_CHUNK_TIMESTAMP_MS - 1, MAX_CHUNK_TIMESTAMP_MS);
  const vs = new Float64Array(ts.map((_, i) => i * 0.5));
  const got = roundTrip(ts, vs);
  assert.deepEqual(got.ts, ts);
  assert.deepEqual([...got.vs], [...vs]);
  for (let i = 1; i < ts.length; i++) assert.ok(ts[i]! > ts[i - 1]!, 'the fixture stays increasing');
});

test('xor chunk: integer values use integer mode until a value it cannot hold arrives, then XOR mode, losing nothing', () => {
  const ts = Array.from({ length: 12 }, (_, i) => 1000 + i * 15_000);
  const cases: Array<[string, number[], boolean]> = [
    ['counter', [0, 3, 7, 7, 20, 2 ** 49, -5, 1, 1, 1, 2, 3], true],
    ['a fraction', [1, 2, 3, 4.5, 5, 6, 7, 8, 9, 10, 11, 12], false],
    ['negative zero', [1, 2, -0, 4, 5, 6, 7, 8, 9, 10, 11, 12], false],
    ['2^50', [1, 2, 2 ** 50, 4, 5, 6, 7, 8, 9, 10, 11, 12], false],
    ['NaN first', [Number.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], false],
  ];
  for (const [name, list, integer] of cases) {
    const vs = new Float64Array(list);
    if (name === 'negative zero') vs[2] = -0;
    const chunk = encodeXorChunk(ts, vs);
    assert.equal((chunk[0]! & 0x80) !== 0, integer, `${name}: integer mode flag`);
    const got = roundTrip(ts, vs);
    assert.deepEqual(bits(got.vs), bits(vs), name);
    assert.deepEqual(got.ts, ts, name);
  }
  // The staleness marker after integers: re-encoded in XOR mode with its bits.
  const stale = new Float64Array(12).fill(1);
  stale[11] = STALE_NAN;
  assert.deepEqual(bits(roundTrip(ts, stale).vs), bits(stale));
});

test('xor chunk: regular scrapes of a counter cost under 2 bytes a sample', () => {
  const ts: number[] = [];
  const vs = new Float64Array(120);
  let counter = 1000;
  for (let i = 0; i < 120; i++) {
    ts.push(1_700_000_000_000 + i * 15_000);
    counter += i % 3;
    vs[i] = counter;
  }
  const got = roundTrip(ts, vs);
  assert.deepEqual([...got.vs], [...vs]);
  assert.ok(got.bytes / 120 < 2, `${got.bytes} bytes for 120 samples`);
});

test('xor chunk: the appender is readable after every append, and decoding can stop early', () => {
  const a = new XorAppender();
  for (let i = 0; i < 50; i++) {
    a.append(i * 10, Math.sqrt(i));
    assert.equal(xorChunkCount(a.bytes()), i + 1);
  }
  const seen: number[] = [];
  decodeXorChunk(a.bytes(), (t) => {
    seen.push(t);
    return t < 100;
  });
  assert.deepEqual(seen, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
});

test('xor chunk: truncated input fails with a RangeError, not garbage', () => {
  const chunk = encodeXorChunk([1, 2, 3, 4], new Float64Array([1.5, 2.5, 3.5, 4.5]));
  assert.throws(() => decodeXorChunk(chunk.subarray(0, chunk.length - 3), () => {}), RangeError);
});

for (const seed of [1, 2, 3, 42, 1337, 2024, 99991, 123456]) {
  test(`xor chunk: seeded fuzz round trip (seed ${seed})`, () => {
    const r = new SeededRandom(seed);
    for (let round = 0; round < 40; round++) {
      const n = r.int(1, 300);
      const ts: number[] = [];
      let t = r.int(-1e12, 1e12);
      const step = r.pick([1, 15_000, 60_000, r.int(1, 1e9)]);
      for (let i = 0; i < n; i++) {
        ts.push(t);
        t += r.chance(0.8) ? step : r.int(1, r.pick([10, 100_000, 1e9, 1e13]));
      }
      const vs = new Float64Array(n);
      let v = r.anyFloat();
      for (let i = 0; i < n; i++) {
        const kind = r.int(0, 5);
        if (kind === 0) v = r.anyFloat();
        else if (kind === 1) v = v + 1;
        else if (kind === 2) v = r.int(0, 100);
        else if (kind === 3) v = STALE_NAN;
        vs[i] = v;
      }
      const got = roundTrip(ts, vs);
      assert.deepEqual(got.ts, ts, `seed ${seed} round ${round}`);
      assert.deepEqual(bits(got.vs), bits(vs), `seed ${seed} round ${round}`);
    }
  });
}
