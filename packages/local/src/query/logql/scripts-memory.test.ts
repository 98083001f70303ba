// The LogQL conformance corpus (packages/local/testdata/logql/*.test) against the engine over the
// in-memory reference store.
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createLogQLEngine } from './eval/engine.js';
import { runLogQLScripts } from './test-harness/runner.js';

runLogQLScripts(
  () => {
    const store = createInMemoryStore();
    const engine = createLogQLEngine({ reader: store.logs });
    return {
      append: (batch) => store.appendLogs(batch),
      rangeQuery: (p) => engine.rangeQuery(p),
      instantQuery: (p) => engine.instantQuery(p),
      close: () => store.close(),
    };
  },
  { label: 'memory' },
);
