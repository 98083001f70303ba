/**
 * Starts trace-app: `node --import @srcobs/sdk/register apps/trace-app/dist/main.js`.
 * PORT (default 8000), HOST (default 127.0.0.1), TEST_APP_URL (default http://127.0.0.1:3000).
 */
import { getSdk, handleShutdownSignals, logger } from '@srcobs/sdk';
import { createApp } from './app.js';
import { TRACE_APP_PORT } from './defaults.js';

const port = Number(process.env['PORT'] ?? TRACE_APP_PORT);
const host = process.env['HOST'] ?? '127.0.0.1';
const testAppUrl = process.env['TEST_APP_URL'] ?? 'http://127.0.0.1:3000';
const sdk = getSdk();
const server = createApp({ testAppUrl }).listen(port, host, () => {
  logger.info('listening', { url: `http://${host}:${port}`, test_app: testAppUrl, traces: sdk.tracing ? sdk.config.tracesEndpoint : 'off' });
});
server.on('error', (error) => {
  logger.error('cannot listen', { err: error, port });
  process.exitCode = 1;
  void sdk.shutdown();
});
handleShutdownSignals(server);
