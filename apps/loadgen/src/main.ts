/**
 * `node apps/loadgen/dist/main.js --rate 5 --duration 60 --target test-app=http://127.0.0.1:3000`
 * Steady traffic until the duration ends or SIGINT/SIGTERM, then a one-line summary.
 */
import { parseArgs } from 'node:util';
import { formatSummary, startLoad } from './load.js';
import { parseTarget } from './mix.js';
import { saturate } from './saturate.js';

const HELP = `usage: loadgen [--rate N] [--duration S] [--target KIND=URL]...
       loadgen --saturate URL [--connections N] [--duration S]

Sends steady, bounded traffic to the playground services and prints a summary on exit.

  --rate N            actions started per second (default 5)
  --duration S        seconds to run; 0 runs until Ctrl-C (default 0)
  --target KIND=URL   test-app=URL, trace-app=URL, or a bare URL (/fast and /slow only);
                      repeatable (default: trace-app=http://127.0.0.1:8000 test-app=http://127.0.0.1:3000)
  --max-in-flight N   requests pending at most; more are skipped and counted (default 64)
  --saturate URL      closed-loop load on one URL as fast as it answers, then requests/s and
                      p50/p99 latency as JSON (what the SDK-overhead benchmark uses)
  --connections N     with --saturate: requests in flight (default 16)

example:
  node apps/loadgen/dist/main.js --rate 20 --duration 60 --target test-app=http://127.0.0.1:3000
`;

function fail(message: string): never {
  process.stderr.write(`loadgen: ${message}\n\n${HELP}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      rate: { type: 'string', default: '5' },
      duration: { type: 'string', default: '0' },
      target: { type: 'string', multiple: true },
      'max-in-flight': { type: 'string', default: '64' },
      saturate: { type: 'string' },
      connections: { type: 'string', default: '16' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

if (values.saturate) {
  const duration = Number(values.duration) > 0 ? Number(values.duration) : 10;
  const result = await saturate({ url: values.saturate, connections: Number(values.connections), durationSeconds: duration });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

let run;
try {
  const targets = (values.target ?? ['trace-app=http://127.0.0.1:8000', 'test-app=http://127.0.0.1:3000']).map(parseTarget);
  run = startLoad({ rate: Number(values.rate), durationSeconds: Number(values.duration), targets, maxInFlight: Number(values['max-in-flight']) });
  const until = Number(values.duration) > 0 ? `for ${values.duration} s` : 'until stopped';
  process.stdout.write(`loadgen: ${values.rate} actions/s ${until} against ${targets.map((t) => `${t.kind} ${t.url}`).join(', ')}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const current = run;
process.once('SIGINT', () => current.stop());
process.once('SIGTERM', () => current.stop());
const summary = await current.done;
process.stdout.write(`${formatSummary(summary)}\n`);
