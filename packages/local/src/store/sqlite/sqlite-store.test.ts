import { tempDir } from '@srcobs/testkit';
import type { Store } from '../../model/store.js';
import { runStoreContract } from '../contract/store-contract.js';
import { createSqliteStore, type SqliteStore } from './sqlite-store.js';
import type { StoreLogger } from './options.js';

const quiet: StoreLogger = { info: () => {}, warn: () => {}, error: () => {} };

runStoreContract({ name: 'sqlite', create: async (t) => createSqliteStore({ dataDir: await tempDir(t), logger: quiet }) });

/** The same store, but every acknowledged append is also flushed and compacted: the contract then reads from chunks, not the head. */
function flushedAfterEveryAppend(store: SqliteStore): Store {
  const after = <A extends unknown[]>(fn: (...a: A) => Promise<void>) => async (...a: A) => {
    await fn(...a);
    store.flush();
  };
  return {
    appendMetrics: after((b) => store.appendMetrics(b)),
    appendLogs: after((b) => store.appendLogs(b)),
    appendSpans: after((b) => store.appendSpans(b)),
    metrics: store.metrics,
    logs: store.logs,
    traces: store.traces,
    stats: () => store.stats(),
    close: () => store.close(),
  };
}

runStoreContract({
  name: 'sqlite, flushed and compacted after every append',
  create: async (t) => flushedAfterEveryAppend(await createSqliteStore({ dataDir: await tempDir(t), logger: quiet })),
});
