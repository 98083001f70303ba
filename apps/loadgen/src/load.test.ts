import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@srcobs/testkit';
import { formatSummary, startLoad } from './load.js';
import { chooseAction, MIX, parseTarget } from './mix.js';

/** A loopback server that counts what it receives and answers by path. */
async function target(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end('ok')) {
  const seen: string[] = [];
  const open = { now: 0, max: 0 };
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    open.now++;
    open.max = Math.max(open.max, open.now);
    res.on('close', () => open.now--);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, open };
}

test('a bounded run: never more actions than rate x duration, and every request is accounted for', async (t) => {
  const svc = await target(t, (req, res) => {
    res.statusCode = req.url === '/slow' ? 503 : 200;
    res.end();
  });
  const summary = await startLoad({ rate: 40, durationSeconds: 0.5, targets: [parseTarget(svc.url)] }).done;
  assert.ok(summary.sent >= 1);
  assert.ok(summary.sent <= 40 * 0.5 + 1, `sent ${summary.sent}`);
  assert.equal(summary.sent, svc.seen.length, 'the server saw every request counted');
  assert.equal(summary.ok + summary.serverErrors, summary.sent);
  assert.equal(summary.serverErrors, svc.seen.filter((s) => s.endsWith('/slow')).length);
  assert.match(formatSummary(summary), /^loadgen: \d+ requests in \d+\.\d s \(\d+\.\d\/s\): \d+ ok, 0 4xx, \d+ 5xx, 0 failed, 0 skipped, 0 aborted at stop$/);
});

test('duration 0 runs until stop(); a target that never answers holds at most maxInFlight requests', async (t) => {
  const svc = await target(t, () => undefined);
  const run = startLoad({ rate: 200, durationSeconds: 0, targets: [parseTarget(svc.url)], maxInFlight: 3, requestTimeoutMillis: 300 });
  while (run.snapshot().skipped === 0 || run.snapshot().failed === 0) await new Promise((r) => setTimeout(r, 10));
  run.stop();
  const summary = await run.done;
  assert.ok(svc.open.max <= 3, `at most 3 requests open at the server, saw ${svc.open.max}`);
  assert.equal(summary.failed + summary.aborted, summary.sent, 'unanswered requests time out (failed) or are cut by stop() (aborted)');
  assert.ok(summary.failed >= 1);
  assert.ok(summary.skipped >= 1);
});

test('the test-app mix reaches every OLA producer route', () => {
  const paths = new Set<string>();
  const targets = [parseTarget('test-app=http://x'), parseTarget('trace-app=http://y')];
  for (let i = 0; i < 2000; i++) {
    const r = ((i * 7919) % 2000) / 2000;
    const { target: chosen, action } = chooseAction(targets, () => r);
    for (const req of action.requests(() => 0.5)) paths.add(`${chosen.kind}${req.path}`);
  }
  for (const p of ['test-app/login', 'test-app/admin/export', 'test-app/fast', 'test-app/fail', 'trace-app/fast', 'trace-app/slow']) assert.ok(paths.has(p), p);
  assert.ok(MIX['test-app'].some((a) => a.requests(() => 0).length > 5), 'a burst that trips the login limiter');
});

test('parseTarget explains what it expects', () => {
  assert.deepEqual(parseTarget('test-app=http://127.0.0.1:3000/'), { kind: 'test-app', url: 'http://127.0.0.1:3000' });
  assert.throws(() => parseTarget('db=http://x'), /unknown target kind/);
  assert.throws(() => parseTarget('test-app=127.0.0.1:3000'), /http\(s\) URL/);
});

test('the CLI prints a start line and a one-line summary, and stops on SIGTERM', async (t) => {
  const svc = await target(t);
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const proc = startProcess(process.execPath, [main, '--rate', '20', '--duration', '0', '--target', svc.url]);
  t.after(() => proc.stop());
  await proc.waitFor(/^loadgen: 20 actions\/s until stopped against generic/);
  while (svc.seen.length === 0) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await proc.stop(5_000), 0);
  assert.match(proc.stdout(), /\nloadgen: \d+ requests in .* 0 failed, 0 skipped, \d+ aborted at stop\n$/);

  const bad = startProcess(process.execPath, [main, '--rate', 'lots']);
  t.after(() => bad.stop());
  await bad.waitFor(/rate must be a positive number/);
});
