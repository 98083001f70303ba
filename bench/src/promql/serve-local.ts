// A child process for the PromQL benchmark: the local stack on an existing data folder, as
// `srcobs up` runs it (SQLite store, query worker threads), so its peak memory is its own.
// Prints `ready <url>` once serving.
import { startLocalStack } from '@srcobs/local';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-local.js <dataDir>');
const stack = await startLocalStack({ dataDir, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {} });
process.stdout.write(`ready ${stack.urls.http}\n`);
process.on('SIGTERM', () => void stack.stop().then(() => process.exit(0)));
