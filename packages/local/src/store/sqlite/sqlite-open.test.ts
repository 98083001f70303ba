import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir, waitUntil } from '@srcobs/testkit';
import { DB_FILE } from './connection.js';
import { SCHEMA_VERSION } from './schema.js';
import { StoreLockedError, StoreSchemaError } from './sqlite-errors.js';
import { createSqliteStore } from './sqlite-store.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

test('a data folder in use is refused with StoreLockedError until its store closes', async (t) => {
  const dataDir = await tempDir(t);
  const first = await createSqliteStore({ dataDir, logger: quiet });
  await assert.rejects(createSqliteStore({ dataDir, logger: quiet }), (e) => e instanceof StoreLockedError && e.message.includes(dataDir));
  await first.appendMetrics({ series: [{ labels: { __name__: 'kept' }, samples: [{ t: 1, v: 1 }] }] });
  await first.close();
  const second = await createSqliteStore({ dataDir, logger: quiet });
  t.after(() => second.close());
  assert.equal(second.metrics.select([{ name: '__name__', op: '=', value: 'kept' }], 0, 10).length, 1);
});

test('a database that is not srcobs, or from a newer srcobs, is refused with StoreSchemaError', async (t) => {
  const foreign = await tempDir(t);
  const db = new Database(join(foreign, DB_FILE));
  db.exec('CREATE TABLE people(name TEXT)');
  db.close();
  await assert.rejects(createSqliteStore({ dataDir: foreign, logger: quiet }), /not a srcobs database/);

  const newer = await tempDir(t);
  const store = await createSqliteStore({ dataDir: newer, logger: quiet });
  await store.close();
  const raw = new Database(join(newer, DB_FILE));
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  await assert.rejects(createSqliteStore({ dataDir: newer, logger: quiet }), (e) => e instanceof StoreSchemaError && /newer srcobs/.test(e.message));
  // A refused open leaves the folder unlocked.
  await assert.rejects(createSqliteStore({ dataDir: newer, logger: quiet }), StoreSchemaError);
});

test('retention runs by itself on its timer and says what it deleted', async (t) => {
  const lines: string[] = [];
  const now = 1_750_000_000_000;
  const store = await createSqliteStore({
    dataDir: await tempDir(t),
    now: () => now,
    logger: { info: (m) => lines.push(m), warn: () => {}, error: () => {} },
    synchronous: 'full',
    retention: { intervalMs: 20, tracesDays: 1 },
  });
  t.after(() => store.close());
  await store.appendLogs({ streams: [{ labels: { app: 'x' }, entries: [{ tsNs: BigInt(now - 90 * 86_400_000) * 1_000_000n, line: 'old' }] }] });
  await waitUntil('a retention log line', () => lines.find((l) => l.startsWith('retention deleted')));
  assert.deepEqual(store.logs.streams([{ name: 'app', op: '=', value: 'x' }], 0n, 2n ** 63n - 1n), []);
  assert.ok(store.stats().retention.runs >= 1 && store.stats().retention.deleted.logBlocks === 1);
});
