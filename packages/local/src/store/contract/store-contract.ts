import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { StoreClosedError } from '../../model/errors.js';
import type { Store } from '../../model/store.js';
import { span, traceId } from './fixtures.js';
import { LOG_CASES } from './log-cases.js';
import { METRIC_CASES } from './metric-cases.js';
import { TRACE_CASES } from './trace-cases.js';

/** One behaviour every Store must have. */
export interface ContractCase {
  readonly name: string;
  run(store: Store, t: TestContext): Promise<void>;
}

/** How to run the contract against one implementation. */
export interface StoreContractOptions {
  /** Shown in test names. */
  readonly name: string;
  /** A fresh, empty store per test; the suite closes it. */
  create(t: TestContext): Promise<Store>;
  /** Cases this implementation does not meet yet, each with the reason (printed as a skip). */
  readonly skip?: ReadonlyArray<{ readonly reason: string; readonly tests: readonly string[] }>;
}

const GENERAL_CASES: readonly ContractCase[] = [
  {
    name: 'store: stats count series, streams and spans',
    async run(store) {
      await store.appendMetrics({ series: [{ labels: { __name__: 'a' }, samples: [{ t: 1, v: 1 }] }, { labels: { __name__: 'b' }, samples: [{ t: 1, v: 1 }] }] });
      await store.appendLogs({ streams: [{ labels: { app: 'x' }, entries: [{ tsNs: 1n, line: 'l' }] }] });
      await store.appendSpans({ spans: [span({ traceId: traceId(1) }), span({ traceId: traceId(1) })] });
      const s = store.stats();
      assert.deepEqual([s.series, s.streams, s.spans], [2, 1, 2]);
    },
  },
  {
    name: 'store: concurrent appends all land; a closed store refuses appends and closes twice',
    async run(store) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendMetrics({ series: [{ labels: { __name__: 'c', i: String(i % 5) }, samples: [{ t: i, v: i }] }] })));
      const total = store.metrics.select([{ name: '__name__', op: '=', value: 'c' }], 0, 100).reduce((n, s) => n + s.timestamps.length, 0);
      assert.equal(total, 50);
      await store.close();
      await store.close();
      await assert.rejects(store.appendMetrics({ series: [{ labels: { __name__: 'c' }, samples: [{ t: 1, v: 1 }] }] }), StoreClosedError);
      await assert.rejects(store.appendLogs({ streams: [] }), StoreClosedError);
      await assert.rejects(store.appendSpans({ spans: [] }), StoreClosedError);
    },
  },
];

/** Every case, for implementations that want to list names in `skip`. */
export const STORE_CONTRACT_CASES: readonly ContractCase[] = [...METRIC_CASES, ...LOG_CASES, ...TRACE_CASES, ...GENERAL_CASES];

/**
 * The store contract as one test per behaviour, run against any Store: the in-memory reference
 * and the SQLite store run the same cases, so they cannot drift apart (Hono's
 * `router/common.case.test.ts` does this for routers).
 */
export function runStoreContract(o: StoreContractOptions): void {
  const skipped = new Map<string, string>();
  for (const s of o.skip ?? []) for (const name of s.tests) skipped.set(name, s.reason);
  describe(`store contract: ${o.name}`, () => {
    for (const c of STORE_CONTRACT_CASES) {
      const reason = skipped.get(c.name);
      test(c.name, reason === undefined ? {} : { skip: reason }, async (t) => {
        const store = await o.create(t);
        try {
          await c.run(store, t);
        } finally {
          await store.close();
        }
      });
    }
  });
}
