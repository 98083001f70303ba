// The TraceQL script corpus (packages/local/testdata/traceql/*.test) against the engine over the
// SQLite store: a fresh store in a temporary folder per script and after every `clear`. The
// clock is pinned to the scripts' time zero so that retention keeps their spans.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createTraceQLEngine } from './eval/engine.js';
import { SCRIPT_BASE_NS } from './test-harness/span-notation.js';
import { runTraceQLScripts } from './test-harness/runner.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const scriptNowMs = Number(SCRIPT_BASE_NS / 1_000_000n) + 3_600_000;

runTraceQLScripts(
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'srcobs-traceql-'));
    const store = await createSqliteStore({ dataDir, logger: quiet, now: () => scriptNowMs });
    const engine = createTraceQLEngine({ reader: store.traces });
    return {
      append: (batch) => store.appendSpans(batch),
      search: (q, o) => engine.search({ q, ...o }),
      close: async () => {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
  { label: 'sqlite' },
);
