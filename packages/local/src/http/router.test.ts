import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRouter, type Route } from './router.js';

const ok = () => ({ status: 200 });
const routes: Route[] = [
  { method: 'GET', path: '/api/v1/query', handler: ok },
  { method: 'POST', path: '/api/v1/query', handler: ok, name: 'query-post' },
  { method: ['GET', 'POST'], path: /^\/api\/traces\/(?<traceId>[0-9a-f]+)$/, name: '/api/traces/:id', handler: ok },
];

test('router: exact paths, methods, RegExp paths with named params, HEAD falls back to GET', () => {
  const r = createRouter(routes);
  const post = r.match('POST', '/api/v1/query');
  assert.equal(post.kind === 'found' && post.route.name, 'query-post');
  const trace = r.match('GET', '/api/traces/abc123');
  assert.deepEqual(trace.kind === 'found' && trace.params, { traceId: 'abc123' });
  assert.equal(r.match('HEAD', '/api/v1/query').kind, 'found');
  assert.deepEqual(r.match('DELETE', '/api/v1/query'), { kind: 'method-not-allowed', allow: ['GET', 'POST'] });
  assert.deepEqual(r.match('GET', '/api/v1/querys'), { kind: 'not-found' });
  assert.deepEqual(r.match('GET', '/api/traces/xyz'), { kind: 'not-found' }, 'a RegExp path must match the whole pathname');
  assert.equal(r.routes().length, 3);
});
