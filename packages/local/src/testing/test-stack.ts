import type { TestContext } from 'node:test';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../local-stack.js';
import type { Store } from '../model/store.js';
import { createInMemoryStore } from '../store/memory/memory-store.js';

/**
 * A local stack for one test: free ports on 127.0.0.1, no scrape targets unless given, a fresh
 * store (in memory unless the test passes one), stopped when the test ends. Receiver tests use it
 * so they stay independent of which store implementation backs the stack.
 */
export async function startTestStack(t: TestContext, options: LocalStackOptions = {}, store: Store = createInMemoryStore()): Promise<LocalStack> {
  const stack = await startLocalStack({
    ports: { http: 0, otlpHttp: 0, otlpGrpc: 0 },
    scrape: { targets: [] },
    log: () => {},
    store,
    ...options,
  });
  t.after(async () => {
    await stack.stop();
    await store.close();
  });
  return stack;
}

/** The newest samples of every series matching a metric name, as `labels -> values`, for assertions. */
export function seriesByName(store: Store, name: string): Array<{ labels: Record<string, string>; values: number[] }> {
  return store.metrics
    .select([{ name: '__name__', op: '=', value: name }], 0, Date.now() + 3_600_000)
    .map((s) => ({ labels: { ...s.labels }, values: [...s.values] }));
}
