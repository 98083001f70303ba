// The conformance corpus (packages/local/testdata/promql/*.test) against the engine over the
// SQLite store: a fresh store in a temporary folder per script and after every `clear`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createPromQLEngine } from './eval/engine.js';
import { runScripts } from './test-harness/runner.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

runScripts(
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'srcobs-promql-'));
    const store = await createSqliteStore({ dataDir, logger: quiet });
    const engine = createPromQLEngine({ reader: store.metrics });
    return {
      append: (batch) => store.appendMetrics(batch),
      instantQuery: (query, t) => engine.instantQuery(query, t),
      rangeQuery: (query, start, end, step) => engine.rangeQuery(query, start, end, step),
      close: async () => {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
  { label: 'sqlite' },
);
