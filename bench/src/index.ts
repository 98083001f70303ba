export type { Benchmark, BenchContext, BenchResult, Measurement } from './harness/types.js';
export { goalMet, ratioOf, shortfall } from './harness/evaluate.js';
export { machineInfo } from './harness/machine.js';
export type { MachineInfo } from './harness/machine.js';
