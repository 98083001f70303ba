/**
 * A query worker as the local stack runs one: its own read-only connection through
 * openSqliteReader, answering requests from the parent thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteReader } from '../sqlite-reader.js';

export type ReaderRequest =
  | { readonly id: number; readonly kind: 'metrics'; readonly name: string }
  | { readonly id: number; readonly kind: 'logs'; readonly app: string }
  | { readonly id: number; readonly kind: 'trace'; readonly traceId: string };

const readers = openSqliteReader((workerData as { dataDir: string }).dataDir);
parentPort!.on('message', (req: ReaderRequest | 'close') => {
  if (req === 'close') {
    readers.close();
    parentPort!.close();
    return;
  }
  try {
    let result: unknown;
    if (req.kind === 'metrics') result = readers.metrics.select([{ name: '__name__', op: '=', value: req.name }], 0, Number.MAX_SAFE_INTEGER);
    else if (req.kind === 'logs') {
      result = readers.logs.streams([{ name: 'app', op: '=', value: req.app }], 0n, 2n ** 63n - 1n).flatMap((s) => [...readers.logs.entries(s.id, 0n, 2n ** 63n - 1n, 'forward')].map((e) => e.line));
    } else result = readers.traces.trace(req.traceId).map((s) => s.spanId);
    parentPort!.postMessage({ id: req.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: String(err) });
  }
});
