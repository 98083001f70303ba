import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { parseConfig } from '../config/parse.js';
import { renderAlloyFiles } from '../render/alloy.js';
import type { RenderedFile } from '../render/types.js';
import { findSecrets, validateSecrets } from './secrets.js';

const CTX = { vendorDir: '' };
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function values(path: string, content: unknown): RenderedFile {
  return { path, kind: 'helm-values', content: stringify(content) };
}

test('every rendered Alloy and Collector file is free of secrets, for every option', async () => {
  for (const input of [{}, { tracesPath: 'collector' }, { logs: { journal: true, apiServerAudit: { mode: 'self-managed' } } }]) {
    assert.deepEqual(await validateSecrets(renderAlloyFiles(parseConfig(input)), CTX), [], JSON.stringify(input));
  }
});

test('an S3 secret key typed into Loki values fails, naming the file and the values path, never the value', async () => {
  const file = values('helm/loki-values.yaml', {
    loki: { storage: { type: 's3', bucketNames: { chunks: 'logs' }, s3: { region: 'eu-west-1', secretAccessKey: AWS_SECRET } } },
  });
  const findings = await validateSecrets([file], CTX);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.file, 'helm/loki-values.yaml');
  assert.equal(findings[0]!.path, 'loki.storage.s3.secretAccessKey');
  assert.equal(findings[0]!.check, 'secrets');
  assert.match(findings[0]!.message, /a literal S3 secret access key at line 8/);
  assert.ok(!JSON.stringify(findings).includes(AWS_SECRET), 'the finding must not repeat the secret');
});

test('the well-known Grafana password, an admin password, a PEM key and a token are each caught', () => {
  const kps = findSecrets(values('helm/kube-prometheus-stack-values.yaml', { grafana: { adminPassword: 'prom-operator' } }));
  assert.deepEqual(kps.map((f) => [f.path, f.message.replace(/ at line.*/, '')]), [['grafana.adminPassword', "kube-prometheus-stack's default Grafana password `prom-operator` (E5)"]]);
  assert.equal(findSecrets(values('v.yaml', { grafana: { adminPassword: 's3cr3t!' } }))[0]?.message.replace(/ at line.*/, ''), 'a literal `adminPassword`');
  const pem = findSecrets({ path: 'tls.yaml', kind: 'manifest', content: 'kind: Secret\nstringData:\n  tls.key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIE\n    -----END PRIVATE KEY-----\n' });
  assert.equal(pem[0]?.path, 'stringData.tls.key');
  const token = findSecrets({ path: 'd.json', kind: 'dashboard', content: '{"url": "https://x", "token": "ghp_0123456789abcdefghijABCDEFGHIJ012345"}' });
  assert.deepEqual(token.map((f) => f.path), ['1:32']);
  assert.match(token[0]!.message, /`github-token` secret pattern/);
});

test('a literal password in Alloy is caught at its line; sys.env and file references are not secrets', () => {
  const alloy = (password: string): RenderedFile => ({
    path: 'alloy/config.alloy',
    kind: 'alloy',
    content: `prometheus.remote_write "x" {\n  endpoint {\n    url = "http://p:9090/api/v1/write"\n\n    basic_auth {\n      username = "metrics"\n      password = ${password}\n    }\n  }\n}\n`,
  });
  assert.deepEqual(findSecrets(alloy('"hunter2"')).map((f) => f.path), ['7:7']);
  assert.deepEqual(findSecrets(alloy('sys.env("REMOTE_WRITE_PASSWORD")')), []);
});

test('references to Secrets are not secrets: existingSecret, passwordKey, secretName, empty values, env placeholders', () => {
  const clean = values('helm/kube-prometheus-stack-values.yaml', {
    grafana: { admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' }, adminPassword: '' },
    alertmanager: { config: { global: { smtp_auth_password_file: '/etc/alertmanager/secrets/smtp/password' } } },
    tls: [{ secretName: 'grafana-tls', hosts: ['grafana.e4r.internal'] }],
    extraEnv: [{ name: 'S3_KEY', valueFrom: { secretKeyRef: { name: 'loki-s3', key: 'secret_access_key' } } }],
    config: { password: '${env:SMTP_PASSWORD}', secret: '' },
  });
  assert.deepEqual(findSecrets(clean), []);
});
