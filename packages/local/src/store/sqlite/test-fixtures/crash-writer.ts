/**
 * Child process of the crash test: appends numbered batches of one signal as fast as the store
 * takes them, a few in flight at once (so that group commits hold several), and prints
 * `ack <id>` the moment an append resolves. Writes to a pipe are synchronous on Linux, so every
 * printed line reached the parent before a kill -9 can interrupt the next one.
 *
 * Usage: node crash-writer.js <dataDir> <metrics|logs|traces>
 */
import { createSqliteStore } from '../sqlite-store.js';
import { crashLogBatch, crashMetricBatch, crashSpanBatch } from './crash-batches.js';

const [dataDir, signal] = process.argv.slice(2);
if (!dataDir || !signal) throw new Error('usage: crash-writer <dataDir> <metrics|logs|traces>');

const IN_FLIGHT = 4;
const store = await createSqliteStore({
  dataDir,
  // Flush and compact often, so that kills also land in the middle of those.
  flushIntervalMs: 20,
  compactIntervalMs: 20,
  logger: { info: () => {}, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) },
});
process.stdout.write('ready\n');

let next = 0;
async function worker(): Promise<void> {
  for (;;) {
    const id = next++;
    if (signal === 'metrics') await store.appendMetrics(crashMetricBatch(id));
    else if (signal === 'logs') await store.appendLogs(crashLogBatch(id));
    else await store.appendSpans(crashSpanBatch(id));
    process.stdout.write(`ack ${id}\n`);
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
