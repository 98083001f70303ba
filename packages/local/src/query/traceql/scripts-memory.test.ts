// The TraceQL script corpus (packages/local/testdata/traceql/*.test) against the engine over the
// in-memory reference store.
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createTraceQLEngine } from './eval/engine.js';
import { runTraceQLScripts } from './test-harness/runner.js';

runTraceQLScripts(
  () => {
    const store = createInMemoryStore();
    const engine = createTraceQLEngine({ reader: store.traces });
    return {
      append: (batch) => store.appendSpans(batch),
      search: (q, o) => engine.search({ q, ...o }),
      close: () => store.close(),
    };
  },
  { label: 'memory' },
);
