import assert from 'node:assert/strict';
import { test } from 'node:test';
import { link, parsePairs, readState, withoutToken, writeState } from './url-state.js';

const DEFAULTS = { q: '', from: 'now-15m', to: 'now', view: 'graph' };

test('url-state: a state written to the URL reads back the same, defaults left out of the link', () => {
  const state = { q: 'sum by (job) (rate(x{a="b c"}[5m]))', from: 'now-1h', to: 'now', view: 'table' };
  const search = writeState(state, DEFAULTS);
  assert.equal(search.includes('to='), false, 'a field at its default stays out');
  assert.deepEqual(readState(search, DEFAULTS), state);
});

test('url-state: missing fields take their defaults and unknown parameters are ignored', () => {
  assert.deepEqual(readState('?q=up&other=1', DEFAULTS), { q: 'up', from: 'now-15m', to: 'now', view: 'graph' });
  assert.equal(writeState(DEFAULTS, DEFAULTS), '');
});

test('url-state: links carry the state, never the token', () => {
  assert.equal(link('/explore/logs', { q: '{app="x"}', token: 'secret' } as Record<string, string>), '/explore/logs?q=%7Bapp%3D%22x%22%7D');
  const stripped = withoutToken('http://127.0.0.1:3300/traces/abc?token=s3cret&from=now-1h');
  assert.equal(stripped.token, 's3cret');
  assert.equal(stripped.href, 'http://127.0.0.1:3300/traces/abc?from=now-1h');
  assert.deepEqual(withoutToken('http://h/x'), { href: 'http://h/x', token: undefined });
});

test('url-state: attribute filters are key=value pairs separated by commas; a value may hold =', () => {
  assert.deepEqual(parsePairs('http.route=/slow, http.response.status_code = 500,bad,=x,q=a=b'), [
    { key: 'http.route', value: '/slow' },
    { key: 'http.response.status_code', value: '500' },
    { key: 'q', value: 'a=b' },
  ]);
});
