import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createAudit } from '../logs/audit.js';
import { createLogger } from '../logs/logger.js';
import { createSdkMetrics } from '../metrics/sdk-metrics.js';
import { captureLines } from '../testing/capture.js';
import { sampleSum } from '../testing/metrics-text.js';
import { createHttpMiddleware } from './middleware.js';
import { setActor, setRoute } from './request-info.js';

/** A plain node:http service (no framework) using the middleware and setRoute. */
async function plainService(t: import('node:test').TestContext) {
  const out = captureLines();
  const metrics = createSdkMetrics({ defaultMetrics: false });
  const audit = createAudit(createLogger({ service: 'plain', level: 'info', destination: out.stream }));
  const observe = createHttpMiddleware({ metrics, audit, quietPaths: ['/healthz'] });
  const server: Server = createServer((req, res) => {
    observe(req, res);
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/users/')) {
      setRoute(req, '/users/:id');
      setActor(req, 'alice');
      res.end('ok');
    } else if (path === '/healthz') {
      res.end('ok');
    } else if (path === '/hang') {
      setRoute(req, '/hang'); // never answers: the client gives up
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, out, metrics };
}

test('plain node:http: route templates, unmatched, _OTHER methods, quiet paths and the access log', async (t) => {
  const svc = await plainService(t);
  assert.equal((await fetch(`${svc.url}/users/1?token=x`)).status, 200);
  assert.equal((await fetch(`${svc.url}/users/2`)).status, 200);
  assert.equal((await fetch(`${svc.url}/random/${Math.random()}`)).status, 404);
  assert.equal((await fetch(`${svc.url}/users/3`, { method: 'PROPFIND' })).status, 200);
  assert.equal((await fetch(`${svc.url}/healthz`)).status, 200);

  const text = await svc.metrics.registry.metrics();
  const count = (labels: Record<string, string>): number => sampleSum(text, 'http_server_request_duration_seconds_count', labels);
  assert.equal(count({ route: '/users/:id', method: 'GET', status_code: '200' }), 2);
  assert.equal(count({ route: 'unmatched', status_code: '404' }), 1);
  assert.equal(count({ route: '/users/:id', method: '_OTHER' }), 1);
  assert.equal(count({ route: 'unmatched', method: 'GET', status_code: '200' }), 1, '/healthz is measured (no route named) but not logged');

  const access = svc.out.lines();
  assert.equal(access.length, 4, 'quiet paths write no access line');
  assert.deepEqual(access.map((l) => l['route']), ['/users/:id', '/users/:id', 'unmatched', '/users/:id']);
  assert.equal(access[0]?.['actor'], 'alice');
  assert.doesNotMatch(svc.out.text(), /token|random/);
});

test('a client that goes away before the response is recorded as 499', async (t) => {
  const svc = await plainService(t);
  await new Promise<void>((resolve) => {
    const req = request(`${svc.url}/hang`);
    req.on('error', () => resolve());
    req.end(() => setTimeout(() => req.destroy(), 50));
  });
  for (let i = 0; i < 50 && svc.out.lines().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(svc.out.lines()[0]?.['status_code'], 499);
  assert.equal(sampleSum(await svc.metrics.registry.metrics(), 'http_server_request_duration_seconds_count', { route: '/hang', status_code: '499' }), 1);
});
