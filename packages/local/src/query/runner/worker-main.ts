// Entry point of a query worker thread: opens the store read-only, builds the jobs of every
// module the runner names, and answers one request at a time (jobs are synchronous).
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteReader } from '../../store/sqlite/sqlite-reader.js';
import { serializeError } from './error-transport.js';
import type { Job, JobModule } from './jobs.js';

/** A job module to load in every worker, with its options. */
export interface JobModuleSpec {
  /** `import()`-able URL of a module exporting `createJobs` (see {@link JobModule}). */
  readonly url: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What the runner hands a worker. */
export interface WorkerData {
  readonly dataDir: string;
  readonly modules: readonly JobModuleSpec[];
}

/** A request to a worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly job: string;
  readonly params: unknown;
}

/** A worker's answer. */
export type WorkerResponse = { readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly error: ReturnType<typeof serializeError> };

/**
 * Byte arrays at the top of a result (an encoded answer) move to the main thread without a copy:
 * a query's JSON can be tens of megabytes.
 */
function transferables(result: unknown): ArrayBuffer[] {
  if (typeof result !== 'object' || result === null) return [];
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(result)) {
    if (v instanceof Uint8Array && v.buffer instanceof ArrayBuffer && !out.includes(v.buffer)) out.push(v.buffer);
  }
  return out;
}

async function main(): Promise<void> {
  const data = workerData as WorkerData;
  const readers = openSqliteReader(data.dataDir);
  const jobs = new Map<string, Job>();
  for (const spec of data.modules) {
    const mod = (await import(spec.url)) as JobModule;
    const ctx = { metrics: readers.metrics, logs: readers.logs, traces: readers.traces, options: spec.options ?? {} };
    for (const [jobName, job] of Object.entries(mod.createJobs(ctx))) jobs.set(jobName, job);
  }
  parentPort!.on('message', (msg: WorkerRequest | 'close') => {
    if (msg === 'close') {
      readers.close();
      parentPort!.close();
      return;
    }
    let response: WorkerResponse;
    try {
      const job = jobs.get(msg.job);
      if (!job) throw new Error(`unknown query job ${JSON.stringify(msg.job)}`);
      response = { id: msg.id, ok: true, result: job(msg.params as never) };
    } catch (error) {
      response = { id: msg.id, ok: false, error: serializeError(error) };
    }
    parentPort!.postMessage(response, response.ok ? transferables(response.result) : []);
  });
  parentPort!.postMessage('ready');
}

void main().catch((error: unknown) => {
  parentPort!.postMessage({ fatal: serializeError(error) });
});
