/**
 * Starts trace-app: `node --import @srcobs/sdk/register apps/trace-app/dist/main.js`.
 * PORT (default 8000), HOST (default 127.0.0.1), TEST_APP_URL (default http://127.0.0.1:3000).
 */
import { createServer } from 'node:http';
import { getSdk, handleShutdownSignals, logger } from '@srcobs/sdk';
import { createApp } from './app.js';
import { TRACE_APP_PORT } from './defaults.js';

const port = Number(process.env['PORT'] ?? TRACE_APP_PORT);
const host = process.env['HOST'] ?? '127.0.0.1';
const testAppUrl = process.env['TEST_APP_URL'] ?? 'http://127.0.0.1:3000';
const sdk = getSdk();
if (!sdk.hooked) {
  logger.warn('started without the SDK hook: requests are not traced; start with node --import @srcobs/sdk/register');
}
// node:http directly rather than app.listen(): Express 5 calls listen's callback on errors too.
const server = createServer(createApp({ testAppUrl })).listen(port, host, () => {
  logger.info('listening', { url: `http://${host}:${port}`, test_app: testAppUrl, traces: sdk.tracing ? sdk.config.tracesEndpoint : 'off' });
});
server.on('error', (error) => {
  logger.error('cannot listen', { err: error, port });
  // Exit instead of idling: a supervisor waiting for /healthz learns at once that the port is taken.
  void sdk.shutdown().finally(() => process.exit(1));
});
handleShutdownSignals(server);
