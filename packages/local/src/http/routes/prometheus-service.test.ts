import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir, waitUntil } from '@srcobs/testkit';
import { startLocalStack } from '../../local-stack.js';

test('the local stack answers /api/v1 from worker threads and evaluates rule files on their interval', async (t) => {
  const dir = await tempDir(t);
  const rules = join(dir, 'rules.yml');
  await writeFile(
    rules,
    `groups:
  - name: local
    interval: 200ms
    rules:
      - record: local:ingested:sum
        expr: sum(ingested)
      - alert: Ingested
        expr: sum(ingested) > 1
        labels: { severity: info }
        annotations: { summary: "{{ $value }} ingested" }
`,
  );
  const stack = await startLocalStack({
    dataDir: join(dir, 'data'),
    ports: { http: 0, otlpHttp: false, otlpGrpc: false },
    scrape: { targets: [] },
    log: () => {},
    prometheus: { workers: 1, ruleFiles: [rules], engine: { lookbackDeltaMs: 60_000 } },
  });
  t.after(() => stack.stop());
  const now = Date.now();
  await stack.store.appendMetrics({ series: [{ labels: { __name__: 'ingested', job: 'a' }, samples: [{ t: now - 1000, v: 2 }] }] });
  const api = async (path: string): Promise<{ status: string; data: any }> => (await fetch(`${stack.urls.http}${path}`)).json() as Promise<{ status: string; data: any }>;

  const firing = await waitUntil('the alert to fire', async () => {
    const { data } = await api('/api/v1/alerts');
    return data.alerts.find((a: { state: string }) => a.state === 'firing');
  });
  assert.deepEqual(firing.labels, { alertname: 'Ingested', severity: 'info' });
  assert.deepEqual(firing.annotations, { summary: '2 ingested' });
  const recorded = await waitUntil('the recorded series', async () => {
    const { data } = await api(`/api/v1/query?query=local:ingested:sum&time=${Date.now() / 1000}`);
    return data.result[0];
  });
  assert.equal(recorded.value[1], '2');
  const { data: ruleData } = await api('/api/v1/rules');
  assert.deepEqual(
    ruleData.groups[0].rules.map((r: { type: string; health: string }) => [r.type, r.health]),
    [
      ['recording', 'ok'],
      ['alerting', 'ok'],
    ],
  );
  assert.equal(ruleData.groups[0].interval, 0.2);
  const { data: flags } = await api('/api/v1/status/flags');
  assert.equal(flags['query.lookback-delta'], '1m');
  assert.equal(flags['storage.backend'], 'srcobs-sqlite');
});
