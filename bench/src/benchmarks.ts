import type { Benchmark } from './harness/types.js';
import { receiverIngest } from './receiver-ingest.js';
import { storeIngest } from './store-ingest.js';
import { promql } from './promql.js';
import { sdkOverhead } from './sdk-overhead.js';
import { traceql } from './traceql.js';
import { logql } from './logql.js';
import { olaAuditBenchmark } from './ola-audit.js';
import { startup } from './startup.js';
import { memory } from './memory.js';
import { ingestVsPrometheus } from './ingest-vs-prometheus.js';

/**
 * Every benchmark `npm run bench` runs, in order. Add a module here to include it. Start-up and
 * memory go first, while the machine holds no other benchmark's files and processes; then ingest,
 * queries, and the SDK's overhead.
 */
export const BENCHMARKS: readonly Benchmark[] = [startup, memory, receiverIngest, storeIngest, ingestVsPrometheus, promql, logql, traceql, olaAuditBenchmark, sdkOverhead];
