import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../config/parse.js';
import { renderKubePrometheusStackValues } from './kube-prometheus-stack.js';
import { allPaths, assertValidValues, parsedValues } from './test-support.js';

test('defaults: retention and storage where Prometheus reads them, remote write on (E1, E10)', async () => {
  const files = renderKubePrometheusStackValues(parseConfig({}));
  assert.equal(files[0]?.path, 'helm/kube-prometheus-stack.values.yaml');
  assert.deepEqual(files[0]?.chart, { name: 'kube-prometheus-stack', version: '88.5.3', repository: 'https://prometheus-community.github.io/helm-charts', release: 'kube-prometheus-stack', namespace: 'monitoring' });
  const v = parsedValues(files);
  const spec = v.prometheus.prometheusSpec;
  assert.equal(spec.retention, '30d');
  assert.equal(spec.enableRemoteWriteReceiver, true);
  assert.deepEqual(spec.storageSpec.volumeClaimTemplate.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } });
  assert.equal(allPaths(v).some((p) => p.endsWith('storageClassName')), false, 'no storage class unless configured');
  await assertValidValues(files);
});

test('a storage class lands under volumeClaimTemplate.spec, never resources.requests (E1)', async () => {
  const files = renderKubePrometheusStackValues(parseConfig({ storage: { storageClassName: 'nfs-default' }, retention: { metrics: '15d', metricsSize: '45GB' } }));
  const v = parsedValues(files);
  assert.equal(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName, 'nfs-default');
  assert.equal(v.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName, 'nfs-default');
  assert.equal(v.grafana.persistence.storageClassName, 'nfs-default');
  assert.deepEqual(allPaths(v).filter((p) => p.includes('requests.storageClassName')), []);
  assert.equal(v.prometheus.prometheusSpec.retention, '15d');
  assert.equal(v.prometheus.prometheusSpec.retentionSize, '45GB');
  await assertValidValues(files);
});

test('Grafana: admin from the Secret, no password in values (E5); served at / (E4)', async () => {
  const files = renderKubePrometheusStackValues(parseConfig({}));
  const v = parsedValues(files);
  assert.deepEqual(v.grafana.admin, { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
  assert.equal(allPaths(v).some((p) => /password$/i.test(p) && !p.endsWith('passwordKey')), false);
  assert.doesNotMatch(files[0]?.content ?? '', /prom-operator/);
  assert.deepEqual(v.grafana['grafana.ini'].server, { domain: 'grafana.e4r.internal', root_url: 'https://grafana.e4r.internal/' });
  // The data sources come as a ConfigMap with the same Prometheus UID: the chart's own one is off.
  assert.equal(v.grafana.sidecar.datasources.defaultDatasourceEnabled, false);
  assert.equal(v.grafana.sidecar.dashboards.enabled, true);
});

test('a Grafana sub-path sets root_url and serve_from_sub_path together (E4)', async () => {
  const files = renderKubePrometheusStackValues(parseConfig({ grafana: { path: '/grafana' } }));
  assert.deepEqual(parsedValues(files).grafana['grafana.ini'].server, { domain: 'grafana.e4r.internal', root_url: 'https://grafana.e4r.internal/grafana/', serve_from_sub_path: true });
  await assertValidValues(files);
});

test('alert receivers read their credentials from mounted Secret files', async () => {
  const files = renderKubePrometheusStackValues(
    parseConfig({
      alerting: {
        receivers: [
          { type: 'slack', name: 'oncall', channel: '#alerts', webhookSecret: { name: 'alert-receivers', key: 'slack-url' } },
          { type: 'pagerduty', name: 'pd', routingKeySecret: { name: 'alert-receivers', key: 'pd' } },
          { type: 'webhook', name: 'hook', urlSecret: { name: 'hooks', key: 'url' } },
          { type: 'email', name: 'ops', to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' },
        ],
      },
    }),
  );
  const v = parsedValues(files);
  assert.deepEqual(v.alertmanager.alertmanagerSpec.secrets, ['alert-receivers', 'hooks']);
  const receivers = v.alertmanager.config.receivers as { name: string; [k: string]: unknown }[];
  assert.deepEqual(receivers.map((r) => r.name), ['null', 'oncall', 'pd', 'hook', 'ops']);
  assert.equal((receivers[1] as any).slack_configs[0].api_url_file, '/etc/alertmanager/secrets/alert-receivers/slack-url');
  assert.equal((receivers[2] as any).pagerduty_configs[0].routing_key_file, '/etc/alertmanager/secrets/alert-receivers/pd');
  assert.equal((receivers[3] as any).webhook_configs[0].url_file, '/etc/alertmanager/secrets/hooks/url');
  assert.deepEqual(v.alertmanager.config.route.routes.map((r: { receiver: string }) => r.receiver), ['null', 'oncall', 'pd', 'hook', 'ops']);
  await assertValidValues(files);
});

test('emptyDir volumes leave storageSpec out', () => {
  const v = parsedValues(renderKubePrometheusStackValues(parseConfig({ storage: { prometheus: { persistent: false }, alertmanager: { persistent: false }, grafana: { persistent: false } } })));
  assert.equal(v.prometheus.prometheusSpec.storageSpec, undefined);
  assert.equal(v.alertmanager.alertmanagerSpec.storage, undefined);
  assert.equal(v.grafana.persistence.enabled, false);
});
