export { createApp } from './app.js';
export type { TraceAppOptions } from './app.js';
export { TRACE_APP_PORT } from './defaults.js';
