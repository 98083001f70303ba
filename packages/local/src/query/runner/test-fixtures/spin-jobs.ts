// A job module for the runner's tests: a job that never looks at its deadline (as a stuck
// read would), one that reports which thread ran it, and one that throws a typed error.
import { threadId } from 'node:worker_threads';
import { QueryLimitError } from '../../../model/errors.js';
import type { Job, JobContext } from '../jobs.js';

export function createJobs(ctx: JobContext): Readonly<Record<string, Job>> {
  const jobs = {
    'test.spin': (p: { ms: number }): number => {
      const until = Date.now() + p.ms;
      let n = 0;
      while (Date.now() < until) n++;
      return n;
    },
    'test.thread': (): number => threadId,
    'test.limit': (): never => {
      throw new QueryLimitError('series', 'query selects more than 3 series');
    },
    'test.count': (p: { name: string }): number => ctx.metrics.series([[{ name: '__name__', op: '=', value: p.name }]], 0, Number.MAX_SAFE_INTEGER).length,
  };
  return jobs as unknown as Readonly<Record<string, Job>>;
}
