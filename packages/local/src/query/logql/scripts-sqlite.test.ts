// The LogQL conformance corpus (packages/local/testdata/logql/*.test) against the engine over the
// SQLite store: a fresh store in a temporary folder per script and after every `clear`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createLogQLEngine } from './eval/engine.js';
import { runLogQLScripts } from './test-harness/runner.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

runLogQLScripts(
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'srcobs-logql-'));
    const store = await createSqliteStore({ dataDir, logger: quiet });
    const engine = createLogQLEngine({ reader: store.logs });
    return {
      append: (batch) => store.appendLogs(batch),
      rangeQuery: (p) => engine.rangeQuery(p),
      instantQuery: (p) => engine.instantQuery(p),
      close: async () => {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
  { label: 'sqlite' },
);
