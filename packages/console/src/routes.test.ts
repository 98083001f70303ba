import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONSOLE_CLIENT_ROUTE, PAGE_PATHS, matchPage } from './routes.js';

test('routes: every page path and deep link is a client route the stack answers with index.html', () => {
  for (const path of [...Object.values(PAGE_PATHS), '/traces/0af7651916cd43dd8448eb211c80319c', '/dashboards/srcobs-service-red', '/explore/logs/']) {
    assert.ok(CONSOLE_CLIENT_ROUTE.test(path), path);
    assert.ok(matchPage(path), path);
  }
  assert.deepEqual(matchPage('/traces/0AF7651916CD43DD8448EB211C80319C'), { page: 'trace', id: '0af7651916cd43dd8448eb211c80319c' });
  assert.deepEqual(matchPage('/dashboards/srcobs-ola-compliance'), { page: 'dashboard', id: 'srcobs-ola-compliance' });
});

test('routes: no client route shadows an API of port 3300', () => {
  const apis = ['/metrics', '/healthz', '/ready', '/api/v1/query', '/api/traces/abc', '/api/search', '/api/srcobs/status', '/loki/api/v1/query_range', '/v1/traces', '/otlp/v1/logs', '/api/v1/write', '/prometheus/api/v1/rules', '/traces/not-hex', '/explore/other'];
  for (const path of apis) {
    assert.equal(CONSOLE_CLIENT_ROUTE.test(path), false, path);
    assert.equal(matchPage(path), undefined, path);
  }
});
