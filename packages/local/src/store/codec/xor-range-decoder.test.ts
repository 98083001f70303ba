import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STALE_NAN } from '../../model/metrics.js';
import { SeededRandom } from '../contract/seeded-random.js';
import { decodeXorChunk, encodeXorChunk, MAX_CHUNK_TIMESTAMP_MS } from './xor-chunk.js';
import { decodeXorChunkRange, SampleBuffer } from './xor-range-decoder.js';

/** "t:hi:lo" per sample, so values (NaN payloads included) compare bit for bit. */
function reference(chunk: Uint8Array, mint: number, maxt: number): string[] {
  const out: string[] = [];
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  decodeXorChunk(chunk, (t, v) => {
    if (t > maxt) return false;
    f[0] = v;
    if (t >= mint) out.push(`${t}:${u[1]}:${u[0]}`);
    return true;
  });
  return out;
}

function decoded(buf: SampleBuffer, from = 0): string[] {
  const out: string[] = [];
  for (let i = from; i < buf.length; i++) out.push(`${buf.t[i]}:${buf.vBits[2 * i + 1]}:${buf.vBits[2 * i]}`);
  return out;
}

/** Values of one of the shapes chunks hold: counters, gauges, constants, floats of any bit pattern. */
function values(r: SeededRandom, n: number): Float64Array {
  const vs = new Float64Array(n);
  const bits = new Uint32Array(vs.buffer);
  const shape = r.int(0, 5);
  let x = r.int(-1000, 1000);
  for (let i = 0; i < n; i++) {
    if (shape === 0) vs[i] = x += r.int(0, 50);
    else if (shape === 1) vs[i] = r.chance(0.1) ? (x = r.int(0, 2 ** 49)) : x;
    else if (shape === 2) vs[i] = r.next() * 100;
    else if (shape === 3) vs[i] = r.chance(0.1) ? STALE_NAN : i;
    else if (shape === 4) {
      bits[2 * i] = r.int(0, 2 ** 32 - 1);
      bits[2 * i + 1] = r.int(0, 2 ** 32 - 1);
    } else vs[i] = r.pick([0, -0, Infinity, -Infinity, 5e-324, 1.5, Number.MAX_VALUE]);
  }
  return vs;
}

function timestamps(r: SeededRandom, n: number): number[] {
  const ts: number[] = [r.int(-1e12, 2e12)];
  let delta = r.pick([1, 15_000, 60_000, r.int(1, 1e9)]);
  for (let i = 1; i < n; i++) {
    // Every delta-of-delta bucket, jittered scrapes most often.
    const dod = r.pick([0, 0, 0, r.int(-3, 3), r.int(-63, 64), r.int(-8191, 8192), r.int(-524287, 524288), r.int(0, 2 ** 40)]);
    delta = Math.max(1, delta + dod);
    ts.push(ts[i - 1]! + delta);
  }
  return ts;
}

test('range decoder: the samples in [mint, maxt] of random chunks, bit for bit the same as the reference decoder', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const r = new SeededRandom(seed);
    const n = r.int(1, 300);
    const ts = timestamps(r, n);
    const chunk = encodeXorChunk(ts, values(r, n));
    for (let q = 0; q < 5; q++) {
      const a = ts[r.int(0, n - 1)]! + r.int(-2, 2);
      const b = ts[r.int(0, n - 1)]! + r.int(-2, 2);
      const [mint, maxt] = q === 0 ? [-Infinity, Infinity] : [Math.min(a, b), Math.max(a, b)];
      const buf = new SampleBuffer(4);
      // Appends after what the buffer already holds, as a series' chunks do one after another.
      buf.push(mint - 1, 7);
      decodeXorChunkRange(chunk, mint, maxt, buf);
      assert.deepEqual(decoded(buf, 1), reference(chunk, mint, maxt), `seed ${seed} [${mint}, ${maxt}]`);
      assert.equal(buf.ascending, true, `seed ${seed}: increasing timestamps stay ascending`);
    }
  }
});

test('range decoder: timestamps at the edges of the chunk range and the 64-bit bucket', () => {
  const ts = [-MAX_CHUNK_TIMESTAMP_MS, -MAX_CHUNK_TIMESTAMP_MS + 1, 0, 2 ** 40, MAX_CHUNK_TIMESTAMP_MS];
  const chunk = encodeXorChunk(ts, new Float64Array([1, 2.5, STALE_NAN, -0, 3]));
  const buf = new SampleBuffer();
  decodeXorChunkRange(chunk, -Infinity, Infinity, buf);
  assert.deepEqual([...buf.t.subarray(0, buf.length)], ts);
  assert.deepEqual(decoded(buf), reference(chunk, -Infinity, Infinity));
});

test('range decoder: marks the buffer unordered when a chunk starts at or before what it already holds', () => {
  const chunk = encodeXorChunk([10, 20, 30], new Float64Array([1, 2, 3]));
  const buf = new SampleBuffer();
  decodeXorChunkRange(chunk, 0, 100, buf);
  decodeXorChunkRange(chunk, 15, 100, buf);
  assert.deepEqual([...buf.t.subarray(0, buf.length)], [10, 20, 30, 20, 30]);
  assert.equal(buf.ascending, false);
});

test('range decoder: a truncated chunk is a RangeError, as with the reference decoder', () => {
  const r = new SeededRandom(99);
  for (const n of [1, 2, 5, 120]) {
    const ts = timestamps(r, n);
    const chunk = encodeXorChunk(ts, values(r, n));
    for (let cut = 2; cut < chunk.length; cut++) {
      const part = chunk.subarray(0, cut);
      let referenceThrew = false;
      try {
        decodeXorChunk(part, () => {});
      } catch (err) {
        assert.ok(err instanceof RangeError);
        referenceThrew = true;
      }
      const buf = new SampleBuffer();
      if (referenceThrew) assert.throws(() => decodeXorChunkRange(part, -Infinity, Infinity, buf), RangeError, `n=${n} cut at ${cut}`);
      else {
        decodeXorChunkRange(part, -Infinity, Infinity, buf);
        assert.deepEqual(decoded(buf), reference(part, -Infinity, Infinity));
      }
    }
  }
});
