import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { startOtlpReceiver } from '@srcobs/sdk/testing';
import { waitUntil } from '@srcobs/testkit';
import { PlaygroundStartError } from './errors.js';
import { startPlayground, type PlaygroundServiceName } from './playground.js';

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

test('the playground starts test-app, trace-app and loadgen, wires their telemetry, hands over their output, and stops them all', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const lines: Array<{ service: PlaygroundServiceName; line: string }> = [];
  const exits: string[] = [];
  const playground = await startPlayground({
    otlpEndpoint: receiver.url,
    testAppPort: 0,
    traceAppPort: 0,
    loadgen: { rate: 20 },
    onLog: (service, line) => lines.push({ service, line }),
    onExit: (service) => exits.push(service),
    env: { OTEL_BSP_SCHEDULE_DELAY: '200' },
  });
  t.after(() => playground.stop());

  assert.deepEqual(playground.services.map((s) => s.name), ['test-app', 'trace-app', 'loadgen']);
  for (const s of playground.services.slice(0, 2)) assert.equal((await fetch(`${s.url}/healthz`)).status, 200);

  // loadgen's traffic through trace-app makes traces that cross both services.
  const spans = await receiver.waitForSpans((all) => {
    const server = all.filter((s) => s.kind === 2);
    return server.some((a) => a.serviceName === 'test-app' && server.some((b) => b.serviceName === 'trace-app' && b.traceId === a.traceId));
  }, 20_000);
  assert.ok(spans.every((s) => s.resource['service.namespace'] === 'playground'));

  const from = (service: PlaygroundServiceName): string[] => lines.filter((l) => l.service === service).map((l) => l.line);
  await waitUntil('access-log lines of both apps', () => from('test-app').some((l) => l.includes('"event":"http_access"')) && from('trace-app').some((l) => l.includes('"event":"http_access"')));
  assert.match(from('loadgen')[0] ?? '', /^loadgen: 20 actions\/s until stopped against trace-app http:\/\/127\.0\.0\.1:\d+, test-app/);
  for (const line of from('test-app')) assert.doesNotThrow(() => JSON.parse(line), line);

  await playground.stop();
  await playground.stop();
  for (const s of playground.services) assert.ok(gone(s.pid), `${s.name} (pid ${s.pid}) is gone`);
  assert.match(from('loadgen').at(-1) ?? '', /^loadgen: \d+ requests in /, 'loadgen printed its summary');
  assert.ok(from('test-app').some((l) => l.includes('"msg":"stopped"')), 'test-app stopped cleanly');
  assert.deepEqual(exits, [], 'no program exited on its own');
});

test('a port in use fails the start with a typed error that says so', async (t) => {
  // Holds the port; drops each connection so nothing lingers when it closes.
  const blocker = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as { port: number }).port;

  await assert.rejects(
    startPlayground({ testAppPort: port, traceAppPort: 0, loadgen: false, otlpEndpoint: 'http://127.0.0.1:9' }),
    (error: unknown) => error instanceof PlaygroundStartError && error.code === 'playground_start_failed' && error.service === 'test-app' && /port is in use/.test(error.message),
  );
});
