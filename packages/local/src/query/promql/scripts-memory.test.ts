// The conformance corpus (packages/local/testdata/promql/*.test) against the engine over the
// in-memory reference store.
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createPromQLEngine } from './eval/engine.js';
import { runScripts } from './test-harness/runner.js';

runScripts(
  () => {
    const store = createInMemoryStore();
    const engine = createPromQLEngine({ reader: store.metrics });
    return {
      append: (batch) => store.appendMetrics(batch),
      instantQuery: (query, t) => engine.instantQuery(query, t),
      rangeQuery: (query, start, end, step) => engine.rangeQuery(query, start, end, step),
      close: () => store.close(),
    };
  },
  { label: 'memory' },
);
