export { findBinary, requireBinary } from './require-binary.js';
export { freePort } from './ports.js';
export { startProcess } from './process.js';
export type { RunningProcess } from './process.js';
export { tempDir } from './temp-dir.js';
export { waitUntil } from './wait-until.js';
export { REPO_ROOT, SHARED_DIR, testOutputDir } from './paths.js';
export { openMetricsText, startPrometheusWithData } from './prometheus.js';
export type { BackfillSeries, PrometheusDataOptions, RunningPrometheus } from './prometheus.js';
