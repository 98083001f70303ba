import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { StoreFullError, StoreOverloadedError } from '../../model/errors.js';
import { SeededRandom } from '../contract/seeded-random.js';
import { createSqliteStore } from './sqlite-store.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const ALL = 2n ** 63n - 1n;

test('a full disk refuses appends with StoreFullError, loses nothing acknowledged, keeps reads working, and recovers', async (t) => {
  // SQLite's max_page_count makes the database hit SQLITE_FULL exactly as a full disk does.
  const store = await createSqliteStore({ dataDir: await tempDir(t), logger: quiet, hardLimitBytes: 1024 * 1024, flushIntervalMs: 50 });
  t.after(() => store.close());
  const r = new SeededRandom(9);
  const acked: string[] = [];
  let full: unknown;
  for (let i = 0; i < 1000 && !full; i++) {
    const line = `${i} ${r.text(2000)}`;
    try {
      await store.appendLogs({ streams: [{ labels: { app: 'fill' }, entries: [{ tsNs: BigInt(i), line }] }] });
      acked.push(line);
    } catch (err) {
      full = err;
    }
  }
  assert.ok(full instanceof StoreFullError, `expected StoreFullError, got ${String(full)}`);
  assert.match(full.message, /full/);
  await assert.rejects(store.appendMetrics({ series: [{ labels: { __name__: 'm' }, samples: Array.from({ length: 50_000 }, (_, i) => ({ t: i, v: i })) }] }), StoreFullError);
  const lines = () => {
    const [ref] = store.logs.streams([{ name: 'app', op: '=', value: 'fill' }], 0n, ALL);
    return [...store.logs.entries(ref!.id, 0n, ALL, 'forward')].map((e) => e.line);
  };
  assert.deepEqual(lines(), acked.map((l) => Buffer.from(l).toString()), 'every acknowledged line, readable while the disk is full');
  assert.ok(store.stats().rejected.logs.full >= 1);

  // Space comes back: ingest resumes without a restart.
  store.setHardLimitBytes(undefined);
  await store.appendLogs({ streams: [{ labels: { app: 'fill' }, entries: [{ tsNs: 5000n, line: 'after' }] }] });
  assert.equal(lines().at(-1), 'after');
});

test('over the in-flight bound appends get StoreOverloadedError with a retry time; accepted ones all land', async (t) => {
  const store = await createSqliteStore({ dataDir: await tempDir(t), logger: quiet, maxPendingBytes: 64 * 1024 });
  t.after(() => store.close());
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, (_, i) => store.appendLogs({ streams: [{ labels: { app: 'flood' }, entries: [{ tsNs: BigInt(i), line: `${i} ${'x'.repeat(4000)}` }] }] })),
  );
  const refused = results.filter((r) => r.status === 'rejected');
  assert.ok(refused.length > 0 && refused.length < 100, `${refused.length} refused`);
  for (const r of refused) assert.ok(r.reason instanceof StoreOverloadedError && r.reason.retryAfterSeconds >= 1, String(r.reason));
  const [ref] = store.logs.streams([{ name: 'app', op: '=', value: 'flood' }], 0n, ALL);
  assert.equal([...store.logs.entries(ref!.id, 0n, ALL, 'forward')].length, 100 - refused.length);
  // Once the backlog is committed, appends are accepted again.
  await store.appendLogs({ streams: [{ labels: { app: 'flood' }, entries: [{ tsNs: 1000n, line: 'later' }] }] });
  assert.equal(store.stats().rejected.logs.overloaded, refused.length);
});
