import { SrcobsError } from '@srcobs/ola';

/** A query worker thread died (or could not start) while running a job; the job's query failed, the worker is replaced. */
export class QueryWorkerError extends SrcobsError {
  override readonly name = 'QueryWorkerError';
  constructor(message: string, options?: ErrorOptions) {
    super('query_worker_failed', message, options);
  }
}
