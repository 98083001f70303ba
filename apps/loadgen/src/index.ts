export { startLoad, formatSummary } from './load.js';
export type { LoadOptions, LoadSummary, LoadRun } from './load.js';
export { MIX, chooseAction, parseTarget } from './mix.js';
export type { LoadTarget, TargetKind, Action } from './mix.js';
export { saturate } from './saturate.js';
export type { SaturateOptions, SaturateResult } from './saturate.js';
