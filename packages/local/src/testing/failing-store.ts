import type { Store } from '../model/store.js';

/**
 * A store whose appends fail with `error` (or succeed once `error()` returns undefined), reads
 * delegated: for testing how receivers answer StoreOverloadedError, StoreFullError and the rest.
 */
export function failingStore(base: Store, error: () => Error | undefined): Store {
  const guard = async <T>(write: () => Promise<T>): Promise<T> => {
    const e = error();
    if (e) throw e;
    return write();
  };
  return {
    appendMetrics: (b) => guard(() => base.appendMetrics(b)),
    appendLogs: (b) => guard(() => base.appendLogs(b)),
    appendSpans: (b) => guard(() => base.appendSpans(b)),
    get metrics() {
      return base.metrics;
    },
    get logs() {
      return base.logs;
    },
    get traces() {
      return base.traces;
    },
    stats: () => base.stats(),
    close: () => base.close(),
  };
}
