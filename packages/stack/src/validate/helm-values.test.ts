import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import type { RenderedFile } from '../render/types.js';
import { validateHelmValues } from './helm-values.js';
import type { Finding } from './types.js';
import { DEFAULT_VENDOR_DIR } from './vendor.js';

const VERSIONS: Record<string, string> = { 'kube-prometheus-stack': '88.5.3', loki: '18.11.0', tempo: '2.2.4', 'tempo-distributed': '3.3.0', alloy: '1.11.1', 'opentelemetry-collector': '0.170.0' };

function values(chart: string, content: unknown): RenderedFile {
  return {
    path: `helm/${chart}.values.yaml`,
    kind: 'helm-values',
    content: typeof content === 'string' ? content : stringify(content),
    chart: { name: chart, version: VERSIONS[chart] ?? '0.0.0', repository: 'https://example.invalid', release: chart, namespace: 'monitoring' },
  };
}

async function check(chart: string, content: unknown): Promise<Finding[]> {
  return validateHelmValues([values(chart, content)], { vendorDir: DEFAULT_VENDOR_DIR });
}

function errorAt(findings: readonly Finding[], path: string): Finding {
  const f = findings.find((x) => x.path === path && x.severity === 'error');
  assert.ok(f, `expected an error at ${path}; got ${JSON.stringify(findings.map((x) => `${x.severity} ${x.path}`))}`);
  assert.equal(f.check, 'helm-values');
  assert.equal(f.file, 'helm/' + f.file.slice(5));
  return f;
}

test('a typo in a key fails, naming the nearest real key', async () => {
  const findings = await check('kube-prometheus-stack', { prometheus: { prometheusSpec: { retension: '30d', enableRemoteWriteReceiver: true } } });
  const f = errorAt(findings, 'prometheus.prometheusSpec.retension');
  assert.match(f.fix ?? '', /did you mean "retention"\?/);
  assert.match(f.message, /Helm ignores it silently/);
  assert.equal(findings.length, 1, 'the correct key next to it is not reported');
});

test("the seed's literal kube-prometheus-stack values fail (E1)", async () => {
  // Copied from ../shared/seed: storageClassName under resources.requests, retention in the PVC spec.
  const seed = `
prometheus:
  prometheusSpec:
    storageSpec:
      volumeClaimTemplate:
        metadata:
          name: prometheus-pvc
        spec:
          accessModes:
            - ReadWriteOnce
          resources:
            requests:
              storage: 10Gi
            storageClassName: nfs-default
          retention: "720h" # 30 days retention (720 hours)
          namespaceSelector: {}
`;
  const findings = await check('kube-prometheus-stack', seed);
  const sc = errorAt(findings, 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.storageClassName');
  assert.match(sc.fix ?? '', /move it to prometheus\.prometheusSpec\.storageSpec\.volumeClaimTemplate\.spec\.storageClassName/);
  const retention = errorAt(findings, 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.retention');
  assert.match(retention.fix ?? '', /move it to prometheus\.prometheusSpec\.retention/);
  errorAt(findings, 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.namespaceSelector');
});

test('storageClassName inside resources.requests fails too (the E1 wording)', async () => {
  const findings = await check('kube-prometheus-stack', { prometheus: { prometheusSpec: { storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '10Gi', storageClassName: 'nfs-default' } } } } } } } });
  errorAt(findings, 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storageClassName');
});

test('the corrected E1 values pass', async () => {
  const findings = await check('kube-prometheus-stack', {
    prometheus: { prometheusSpec: { retention: '30d', storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'nfs-default', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } } } } },
    alertmanager: { alertmanagerSpec: { storage: { volumeClaimTemplate: { spec: { storageClassName: 'nfs-default', resources: { requests: { storage: '5Gi' } } } } } } },
    grafana: { persistence: { enabled: true, size: '5Gi', storageClassName: 'nfs-default' }, admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } },
  });
  assert.deepEqual(findings, []);
});

test('the Grafana admin password in values fails (E5)', async () => {
  const f = errorAt(await check('kube-prometheus-stack', { grafana: { adminPassword: 'prom-operator' } }), 'grafana.adminPassword');
  assert.match(f.fix ?? '', /admin\.existingSecret/);
});

test("the seed's Loki values fail: SingleBinary, MinIO, settings outside loki: (E7, E8)", async () => {
  const findings = await check('loki', {
    loki: { auth_enabled: false, commonConfig: { replication_factor: 1 } },
    pattern_ingester: { enabled: true },
    limits_config: { allow_structured_metadata: true, volume_enabled: true },
    ruler: { enable_api: true },
    minio: { enabled: true },
    deploymentMode: 'SingleBinary',
    singleBinary: { replicas: 1 },
  });
  assert.match(errorAt(findings, 'deploymentMode').fix ?? '', /Monolithic/);
  assert.match(errorAt(findings, 'minio.enabled').message, /deprecated/);
  assert.match(errorAt(findings, 'limits_config').fix ?? '', /move it to loki\.limits_config/);
  assert.match(errorAt(findings, 'pattern_ingester').fix ?? '', /move it to loki\.pattern_ingester/);
  errorAt(findings, 'ruler.enable_api');
});

test('free-form places accept any key: {} defaults, lists, schema additionalProperties', async () => {
  assert.deepEqual(
    await check('loki', {
      loki: {
        structuredConfig: { anything: { goes: 1 } }, // {} in the defaults
        limits_config: { retention_period: '8760h', retention_stream: [{ selector: '{ola_category="auth_access"}', priority: 1, period: '8760h' }] }, // schema additionalProperties
        storage: { bucketNames: { chunks: 'c', ruler: 'r' } }, // schema additionalProperties
      },
      singleBinary: { extraArgs: ['-config.expand-env=true'] }, // a list
    }),
    [],
  );
  assert.deepEqual(await check('kube-prometheus-stack', { prometheus: { prometheusSpec: { additionalScrapeConfigs: [{ job_name: 'x' }] } }, grafana: { 'grafana.ini': { server: { root_url: 'https://g.example/' } } } }), []);
});

test('the shape is checked: a map where the chart wants a value, a value where it wants a map', async () => {
  const findings = await check('kube-prometheus-stack', { grafana: { enabled: { really: true }, persistence: true } });
  assert.match(errorAt(findings, 'grafana.enabled').message, /single value/);
  assert.match(errorAt(findings, 'grafana.persistence').message, /expects a map/);
});

test("the chart's values.schema.json is applied to the keys we set", async () => {
  const findings = await check('opentelemetry-collector', { mode: 'sidecar', image: { repository: 'otel/opentelemetry-collector-k8s' } });
  assert.match(errorAt(findings, 'mode').fix ?? '', /"deployment"/);
});

test('keys under a subchart that is not vendored are warnings, not errors', async () => {
  const findings = await check('kube-prometheus-stack', { 'kube-state-metrics': { replicas: 2, metricLabelsAllowlist: ['pods=[*]'] } });
  assert.deepEqual(findings.map((f) => [f.severity, f.path]), [['warning', 'kube-state-metrics.replicas'], ['warning', 'kube-state-metrics.metricLabelsAllowlist']]);
  assert.match(findings[0]?.message ?? '', /subchart kube-state-metrics 8\.4\.0 is not vendored/);
});

test('a chart that is not vendored cannot be checked, and says so', async () => {
  const findings = await validateHelmValues([{ ...values('loki', {}), chart: { name: 'loki', version: '1.0.0', repository: 'x', release: 'loki', namespace: 'm' } }], { vendorDir: DEFAULT_VENDOR_DIR });
  assert.equal(findings.length, 1);
  assert.match(findings[0]?.message ?? '', /not in .*charts/);
});
