import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, startProcess, tempDir, waitUntil } from '@srcobs/testkit';
import { SRCOBS_BIN, srcobs } from '../testing.js';

test('up starts the stack and the playground, status reports them, down stops everything', { timeout: 120_000 }, async (t) => {
  const dir = await tempDir(t);
  const [http, otlpHttp, otlpGrpc, testApp, traceApp] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const up = startProcess(
    process.execPath,
    [SRCOBS_BIN, 'up', '--port', String(http), '--otlp-http-port', String(otlpHttp), '--otlp-grpc-port', String(otlpGrpc), '--test-app-port', String(testApp), '--trace-app-port', String(traceApp), '--rate', '20'],
    { cwd: dir, env: { ...process.env, NO_COLOR: '1' } },
  );
  t.after(() => up.stop(30_000));
  const line = await up.waitFor(/srcobs is up/, 60_000);
  assert.match(line, new RegExp(`open http://127\\.0\\.0\\.1:${http}`));
  assert.match(line, new RegExp(`test-app http://127\\.0\\.0\\.1:${testApp}`));

  // A second `up` from the same folder refuses, naming the running one.
  const again = await srcobs(['up', '--port', '0'], { cwd: dir });
  assert.equal(again.code, 3);
  assert.match(again.stderr, /already running here/);

  // The playground's telemetry reaches the stack: spans over OTLP and stdout lines as logs.
  const status = await waitUntil('spans and log streams in the store', async () => {
    const r = await srcobs(['status', '--json'], { cwd: dir });
    if (r.code !== 0) return undefined;
    const s = JSON.parse(r.stdout) as { status: { store: { spans: number; streams: number } } };
    return s.status.store.spans > 0 && s.status.store.streams > 0 ? s : undefined;
  }, 30_000);
  assert.ok(status.status.store.spans > 0);

  const text = await srcobs(['status'], { cwd: dir });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^running: pid \d+/);
  assert.match(text.stdout, /Scrape targets:/);
  assert.match(text.stdout, new RegExp(`trace-app +http://127\\.0\\.0\\.1:${traceApp}/metrics`));

  const down = await srcobs(['down'], { cwd: dir });
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, new RegExp(`data is kept in ${join(dir, '.srcobs', 'data').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  assert.equal(await up.stop(1000), 0, 'up exits 0 after down');

  const after = await srcobs(['status'], { cwd: dir });
  assert.equal(after.code, 3);
  assert.match(after.stderr, /no local srcobs stack is running/);
  assert.match(after.stderr, /srcobs up/);
});

test('down with nothing running says so (exit 3)', async (t) => {
  const dir = await tempDir(t);
  const r = await srcobs(['down'], { cwd: dir });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /no local srcobs stack is running/);
});

test('up --target kubernetes --dry-run prints the plan in order and touches nothing', async (t) => {
  const dir = await tempDir(t);
  const r = await srcobs(['up', '--target', 'kubernetes', '--dry-run'], { cwd: dir, env: { PATH: '/nonexistent' } });
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /Dry run of "up"/);
  const order = ['kubectl apply -f rendered/manifests/namespaces.yaml', 'helm upgrade --install kube-prometheus-stack', 'helm upgrade --install loki', 'helm upgrade --install tempo', 'helm upgrade --install alloy', 'kubectl rollout status deployment/test-app'];
  const positions = order.map((s) => out.indexOf(s));
  assert.ok(positions.every((p) => p >= 0), `missing: ${order.filter((_, i) => positions[i]! < 0).join(', ')}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'steps in dependency order');
  assert.match(out, /you need .*helm/);
});

test('up --target kubernetes without helm or kubectl says what to install (exit 3)', async (t) => {
  const dir = await tempDir(t);
  const r = await srcobs(['up', '--target', 'kubernetes'], { cwd: dir, env: { PATH: '/nonexistent' } });
  assert.equal(r.code, 3, r.stderr + r.stdout);
  assert.match(r.stderr, /helm|kubectl/);
  assert.match(r.stderr, /install/i);
});
