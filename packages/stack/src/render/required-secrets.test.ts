import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../config/parse.js';
import { createSecretCommand, requiredSecrets } from './required-secrets.js';

test('the default stack needs the Grafana admin Secret and the Gateway certificate', () => {
  assert.deepEqual(requiredSecrets(parseConfig({})), [
    { namespace: 'default', name: 'grafana-gateway-tls', keys: ['tls.crt', 'tls.key'], usedBy: ['TLS certificate for grafana.e4r.internal'], type: 'tls' },
    { namespace: 'monitoring', name: 'grafana-admin', keys: ['admin-user', 'admin-password'], usedBy: ['Grafana admin login'], type: 'generic' },
  ]);
});

test('bucket and receiver credentials are listed once per Secret, keys merged', () => {
  const secrets = requiredSecrets(
    parseConfig({
      gateway: { enabled: false },
      loki: { mode: 'Distributed', objectStorage: { type: 's3', bucket: 'b', region: 'r', credentialsSecret: 'buckets' } },
      tempo: { mode: 'distributed', objectStorage: { type: 's3', bucket: 't', region: 'r', credentialsSecret: 'buckets' }, kafka: { address: 'k:9092' } },
      alerting: { receivers: [{ type: 'slack', name: 'a', channel: '#a', webhookSecret: { name: 'alerts', key: 'slack' } }, { type: 'webhook', name: 'b', urlSecret: { name: 'alerts', key: 'hook' } }] },
    }),
  );
  assert.deepEqual(secrets.map((s) => [s.name, s.keys, s.usedBy.length]), [
    ['alerts', ['slack', 'hook'], 2],
    ['buckets', ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], 2],
    ['grafana-admin', ['admin-user', 'admin-password'], 1],
  ]);
  assert.equal(createSecretCommand(secrets[0]!), 'kubectl create secret generic alerts --namespace monitoring --from-literal=slack=<slack> --from-literal=hook=<hook>');
});
