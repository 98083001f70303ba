import type { Benchmark } from './harness/types.js';
import { receiverIngest } from './receiver-ingest.js';
import { storeIngest } from './store-ingest.js';
import { promql } from './promql.js';
import { sdkOverhead } from './sdk-overhead.js';
import { traceql } from './traceql.js';
import { logql } from './logql.js';
import { olaAuditBenchmark } from './ola-audit.js';

/** Every benchmark `npm run bench` runs, in order. Add a module here to include it. */
export const BENCHMARKS: readonly Benchmark[] = [receiverIngest, storeIngest, traceql, logql, promql, sdkOverhead, olaAuditBenchmark];
