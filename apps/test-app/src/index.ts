export { createApp } from './app.js';
export type { TestAppOptions } from './app.js';
export { DEMO_USERS } from './demo-users.js';
export { TEST_APP_PORT } from './defaults.js';
