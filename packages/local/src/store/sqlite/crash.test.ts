import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startProcess, tempDir, waitUntil } from '@srcobs/testkit';
import { SeededRandom } from '../contract/seeded-random.js';
import { DB_FILE } from './connection.js';
import { createSqliteStore } from './sqlite-store.js';
import { CRASH_T0_MS, CRASH_T0_NS, LINES_PER_BATCH, SAMPLES_PER_BATCH, SPANS_PER_BATCH, crashTraceId } from './test-fixtures/crash-batches.js';

const CHILD = fileURLToPath(new URL('./test-fixtures/crash-writer.js', import.meta.url));
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const RUNS: Array<['metrics' | 'logs' | 'traces', number]> = [
  ['metrics', 1],
  ['metrics', 2],
  ['metrics', 3],
  ['logs', 4],
  ['logs', 5],
  ['logs', 6],
  ['traces', 7],
  ['traces', 8],
];

function acked(stdout: string): number[] {
  return [...stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
}

for (const [signal, seed] of RUNS) {
  test(`crash: kill -9 while appending ${signal} loses no acknowledged batch (seed ${seed})`, async (t) => {
    const dir = await tempDir(t);
    const child = startProcess(process.execPath, [CHILD, dir, signal]);
    t.after(() => child.stop(0));
    await child.waitFor(/^ready$/);
    const killAfter = new SeededRandom(seed).int(20, 600);
    await waitUntil(`${killAfter} acknowledged ${signal} batches`, () => acked(child.stdout()).length >= killAfter, 20_000, 2);
    child.child.kill('SIGKILL');
    await new Promise((resolve) => child.child.once('exit', resolve));
    const ids = acked(child.stdout());
    assert.ok(ids.length >= killAfter);

    // The database opens as it is: no repair step, and SQLite finds it intact.
    const raw = new Database(join(dir, DB_FILE));
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();

    const store = await createSqliteStore({ dataDir: dir, logger: quiet });
    t.after(() => store.close());
    if (signal === 'metrics') {
      const present = new Map<number, number>();
      for (const s of store.metrics.select([{ name: '__name__', op: '=', value: 'crash_test' }], CRASH_T0_MS, CRASH_T0_MS + 1e9)) {
        s.timestamps.forEach((ts, i) => {
          const id = Math.floor((ts - CRASH_T0_MS) / 1000 / SAMPLES_PER_BATCH);
          assert.equal(s.values[i], id, `sample at ${ts} has its batch id as value`);
          assert.equal(s.labels.slot, String(id % 8));
          present.set(id, (present.get(id) ?? 0) + 1);
        });
      }
      const created = new Set(store.metrics.series([[{ name: '__name__', op: '=', value: 'crash_new' }]], 0, CRASH_T0_MS * 2).map((l) => Number(l.batch)));
      for (const id of ids) {
        assert.equal(present.get(id), SAMPLES_PER_BATCH, `batch ${id} complete`);
        if (id % 10 === 0) assert.ok(created.has(id), `series of batch ${id}`);
      }
    } else if (signal === 'logs') {
      const lines = new Set<string>();
      for (const ref of store.logs.streams([{ name: 'app', op: '=', value: 'crash' }], CRASH_T0_NS, CRASH_T0_NS + 10n ** 15n))
        for (const e of store.logs.entries(ref.id, CRASH_T0_NS, CRASH_T0_NS + 10n ** 15n, 'forward')) lines.add(e.line.split(' ').slice(0, 4).join(' '));
      for (const id of ids) for (let k = 0; k < LINES_PER_BATCH; k++) assert.ok(lines.has(`batch ${id} line ${k}`), `batch ${id} line ${k}`);
    } else {
      for (const id of ids) assert.equal(store.traces.trace(crashTraceId(id)).length, SPANS_PER_BATCH, `trace of batch ${id}`);
    }
  });
}
