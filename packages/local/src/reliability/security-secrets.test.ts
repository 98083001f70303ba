import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, defaultValidationContext, parseConfig, renderStack, requiredSecrets, validateSecrets, type StackConfig } from '@srcobs/stack';
import { tempDir } from '@srcobs/testkit';
import { encodeOtlpRequest } from '../ingest/otlp/codec.js';
import { encodeLokiPush } from '../ingest/wire.js';
import { post, sendRequest } from './senders.js';
import { startStackChild } from './stack-child.js';

/** A config that names every kind of credential the stack config knows, each as a Secret reference. */
const EVERY_SECRET_REFERENCE = [
  {
    grafana: { adminSecret: { name: 'canary-grafana-admin', userKey: 'canary-user', passwordKey: 'canary-password' } },
    loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'logs', region: 'eu-west-1', credentialsSecret: 'canary-loki-s3' } },
    tempo: { mode: 'distributed', objectStorage: { type: 'gcs', bucket: 'traces', credentialsSecret: 'canary-tempo-gcs' }, kafka: { address: 'kafka:9092' } },
    alerting: {
      receivers: [
        { type: 'slack', name: 'oncall', channel: '#alerts', webhookSecret: { name: 'canary-alerts', key: 'slack-url' } },
        { type: 'email', name: 'ops', to: 'ops@example.com', smarthost: 'smtp.example.com:587', from: 'am@example.com', passwordSecret: { name: 'canary-smtp', key: 'password' } },
        { type: 'webhook', name: 'hook', urlSecret: { name: 'canary-alerts', key: 'hook-url' } },
        { type: 'pagerduty', name: 'pd', routingKeySecret: { name: 'canary-alerts', key: 'pagerduty' } },
      ],
    },
  },
  { loki: { mode: 'SimpleScalable', objectStorage: { type: 'azure', container: 'loki', accountName: 'acct', credentialsSecret: 'canary-loki-azure' } } },
];

test('security: no rendered Kubernetes file carries a secret, for the default config and for configs using every kind of Secret reference', async () => {
  const configs: Array<[string, StackConfig]> = [['default', defaultConfig()], ...EVERY_SECRET_REFERENCE.map((c, i): [string, StackConfig] => [`secret references ${i + 1}`, parseConfig(c)])];
  for (const [name, config] of configs) {
    const files = renderStack(config);
    assert.deepEqual(await validateSecrets(files, defaultValidationContext()), [], `${name}: the secrets validator finds nothing in ${files.length} files`);
    // The credentials are referenced, not dropped: every Secret the config names appears in the files.
    const text = files.map((f) => f.content).join('\n');
    for (const secret of requiredSecrets(config)) assert.ok(text.includes(secret.name), `${name}: the files reference the Secret ${secret.name}`);
  }
});

/** Secrets in the shapes third-party lines carry them, with the id of the redaction pattern that must catch each. */
const PUSHED_SECRETS = {
  password: 'hunter2-very-secret',
  bearer: 'sk-live-abcdef1234567890',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  github: 'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  metadataKey: 'meta-secret-123456',
  otlpBody: 'otlp-secret-987654',
  otlpHeader: 'otlp-bearer-secret-55',
  otlpPassword: 'pw-in-attr-777',
  refusedLabel: 'label-secret-333',
};

test('security: secrets in pushed lines, structured metadata and OTLP log attributes are stored redacted, and the stack never writes one to its own log', async (t) => {
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t) } });
  t.after(() => stack.kill());
  const s = PUSHED_SECRETS;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const proto = { 'content-type': 'application/x-protobuf' };
  const lines = [`login ok user=bob password=${s.password}`, `GET /orders authorization: Bearer ${s.bearer}`, `uploading with ${s.aws}`, `cloned with ${s.github}`];
  const push = encodeLokiPush([{ labels: '{app="secrets", sender="loki"}', entries: lines.map((line, i) => ({ tsNs: nowNs + BigInt(i), line, ...(i === 0 ? { metadata: { api_key: s.metadataKey } } : {}) })) }]);
  assert.equal((await post(`${stack.urls.http}/loki/api/v1/push`, proto, push)).status, 204);
  const otlp = encodeOtlpRequest('logs', {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'secrets-otlp' } }] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: String(nowNs),
                body: { stringValue: `token exchange client_secret=${s.otlpBody}` },
                attributes: [
                  { key: 'http.request.header.authorization', value: { stringValue: `Bearer ${s.otlpHeader}` } },
                  { key: 'db.password', value: { stringValue: s.otlpPassword } },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  assert.equal((await post(`${stack.urls.otlpHttp}/v1/logs`, proto, otlp)).status, 200);
  // A refused push whose labels hold a secret: the stack answers why, and logs nothing of it.
  const refused = encodeLokiPush([{ labels: `{app="secrets", bad-label="x", password="${s.refusedLabel}"}`, entries: [{ tsNs: nowNs, line: `password=${s.password}` }] }]);
  assert.equal((await post(`${stack.urls.http}/loki/api/v1/push`, proto, refused)).status, 400);

  const stored: string[] = [];
  for (const selector of ['{sender="loki"}', '{service_name="secrets-otlp"}']) {
    const q = new URLSearchParams({ query: selector, since: '1h', limit: '100' });
    const res = await sendRequest('GET', `${stack.urls.http}/loki/api/v1/query_range?${q}`, {}, undefined);
    assert.equal(res.status, 200);
    // Lines and labels (structured metadata comes back among a stream's labels), without Loki's JSON escapes.
    for (const stream of (JSON.parse(res.body) as { data: { result: Array<{ stream: Record<string, string>; values: Array<[string, string]> }> } }).data.result)
      stored.push(JSON.stringify(stream.stream), ...stream.values.map(([, line]) => line));
  }
  const all = stored.join('\n');
  assert.equal((all.match(/<REDACTED:[a-z:_.-]+>/g) ?? []).length, 8, `every secret was replaced by a marker:\n${all}`);
  const log = stack.log();
  for (const [what, secret] of Object.entries(PUSHED_SECRETS)) {
    assert.ok(!all.includes(secret), `the ${what} secret is not stored: ${all}`);
    assert.ok(!log.includes(secret), `the ${what} secret is not in the stack's log`);
  }
  const redactions = /^srcobs_log_redactions_total (\d+)$/m.exec((await sendRequest('GET', `${stack.urls.http}/metrics`, {}, undefined)).body);
  t.diagnostic(`${redactions?.[1]} redactions; the stack wrote ${log.split('\n').filter(Boolean).length} log lines, none with a secret`);
});
