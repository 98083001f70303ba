import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startOtlpReceiver, startService } from '@srcobs/sdk/testing';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

test('Authorization, Cookie, a password in the body and an api_key in the query leave no trace in stdout, spans, OTLP logs or /metrics', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const service = await startService({
    main: MAIN,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'test-app', OTEL_LOGS_EXPORTER: 'otlp' },
  });
  t.after(() => service.stop());

  const secret = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;
  const secrets = {
    bearer: secret('tok'),
    cookie: secret('ses'),
    password: secret('pw'),
    apiKey: secret('key'),
  };
  const headers = { authorization: `Bearer ${secrets.bearer}`, cookie: `session=${secrets.cookie}; theme=dark` };
  const query = `?api_key=${secrets.apiKey}&page=1`;
  const requests: Array<[string, RequestInit]> = [
    [`/login${query}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: secrets.password }) }],
    [`/login${query}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'wonderland', note: secrets.password }) }],
    [`/fast${query}`, { headers }],
    [`/items/2${query}`, { headers }],
    [`/admin/export${query}`, { headers: { ...headers, 'x-user': 'alice' } }],
    [`/nowhere/${secrets.apiKey.slice(0, 6)}${query}`, { headers }],
  ];
  const statuses: number[] = [];
  for (const [path, init] of requests) {
    const res = await fetch(`${service.url}${path}`, init);
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, [401, 200, 200, 200, 200, 404]);

  // Positive controls: the telemetry that could have held the secrets did arrive.
  const spans = await receiver.waitForSpans((all) => all.filter((s) => s.kind === 2).length >= requests.length);
  await waitForLogs(() => receiver.logs().some((l) => l.attributes['event'] === 'data_access'));
  assert.ok(spans.some((s) => s.attributes['url.query'] === 'api_key=REDACTED&page=REDACTED'), 'the query string is recorded, values redacted');
  assert.ok(service.logLines().some((l) => l['event'] === 'auth' && l['principal'] === 'alice' && l['outcome'] === 'failure'));

  const classic = await (await fetch(`${service.url}/metrics`)).text();
  const openMetrics = await (await fetch(`${service.url}/metrics`, { headers: { accept: 'application/openmetrics-text' } })).text();
  const outputs: Record<string, string> = {
    stdout: service.process.stdout(),
    stderr: service.process.stderr(),
    spans: JSON.stringify(spans),
    'OTLP logs': JSON.stringify(receiver.logs()),
    '/metrics': classic,
    '/metrics (OpenMetrics)': openMetrics,
  };
  for (const [where, text] of Object.entries(outputs)) {
    for (const [name, value] of Object.entries(secrets)) {
      assert.equal(text.includes(value), false, `${name} leaked into ${where}`);
    }
    assert.doesNotMatch(text, /dark|Bearer /, `a header leaked into ${where}`);
  }
});

async function waitForLogs(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for OTLP log records');
    await new Promise((r) => setTimeout(r, 50));
  }
}
