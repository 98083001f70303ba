import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMBEDDED_CATEGORY_PATTERN, createClassifier, type AuthEvent } from '@srcobs/ola';
import { captureLines } from '../testing/capture.js';
import { createAudit } from './audit.js';
import { createLogger } from './logger.js';

function setup(): { audit: ReturnType<typeof createAudit>; out: ReturnType<typeof captureLines> } {
  const out = captureLines();
  return { audit: createAudit(createLogger({ service: 'svc', level: 'info', destination: out.stream })), out };
}

test('each audit function writes its category, event and fields, at the level an auditor expects', () => {
  const { audit, out } = setup();
  audit.auth({ action: 'login', outcome: 'success', principal: 'alice', method: 'password' });
  audit.auth({ action: 'login', outcome: 'failure', principal: 'bob', method: 'password', reason: 'bad password' });
  audit.security({ kind: 'rate_limited', source_ip: '10.0.0.7', detail: 'too many' });
  audit.userActivity({ actor: 'alice', action: 'export', target: 'items' });
  audit.dataAccess({ actor: 'alice', resource: 'items', operation: 'export', records: 5 });
  audit.httpAccess({ route: '/a/:id', method: 'GET', status_code: 503, duration_ms: 1.5, client_ip: '127.0.0.1' });
  const pick = (l: Record<string, unknown>): unknown[] => [l['event'], l['ola_category'], l['level'], l['msg']];
  assert.deepEqual(out.lines().map(pick), [
    ['auth', 'auth_access', 'info', 'auth login success'],
    ['auth', 'auth_access', 'warn', 'auth login failure'],
    ['security', 'network_security', 'warn', 'security rate_limited'],
    ['user_activity', 'endpoint_user_activity', 'info', 'user export items'],
    ['data_access', 'api_data_access', 'info', 'data export items'],
    ['http_access', 'api_data_access', 'error', 'GET /a/:id 503'],
  ]);
  const [, failure, , , data, http] = out.lines();
  assert.equal(failure?.['reason'], 'bad password');
  assert.equal(data?.['records'], 5);
  assert.deepEqual([http?.['status_code'], http?.['duration_ms'], http?.['actor']], [503, 1.5, undefined]);
});

test('the raw line carries "ola_category":"<category>" exactly as the classifier and Alloy look for it', () => {
  const { audit, out } = setup();
  audit.security({ kind: 'blocked', source_ip: '10.1.2.3' });
  const line = out.text().trim();
  assert.equal(new RegExp(EMBEDDED_CATEGORY_PATTERN).exec(line)?.[1], 'network_security');
  assert.deepEqual(createClassifier()({ labels: { source: 'pod' }, line }), { category: 'network_security', decidedBy: 'embedded' });
});

test('only the fields the event type names are written, free text is redacted and bounded', () => {
  const { audit, out } = setup();
  // A JavaScript caller can pass anything: a password must not ride along.
  const sloppy = { action: 'login', outcome: 'failure', principal: 'carol', method: 'password', password: 'hunter2', reason: `access_token=abcd1234efgh ${'x'.repeat(400)}` };
  audit.auth(sloppy as AuthEvent);
  const text = out.text();
  assert.doesNotMatch(text, /hunter2/);
  assert.doesNotMatch(text, /abcd1234efgh/);
  const line = out.lines()[0]!;
  assert.equal(line['password'], undefined);
  assert.ok(String(line['reason']).length < 300, 'reason cut to a bounded length');
});
