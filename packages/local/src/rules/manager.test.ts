import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStaleNaN } from '../model/metrics.js';
import { createInMemoryStore } from '../store/memory/memory-store.js';
import { createQueryRunner } from '../query/runner/runner.js';
import { createRuleManager, runnerRuleQuery } from './manager.js';
import { parseRuleFile } from './rule-file.js';

const MIN = 60_000;

async function fixture(rules: string, samples: Array<{ labels: Record<string, string>; values: Array<number | undefined> }>) {
  const store = createInMemoryStore();
  await store.appendMetrics({
    series: samples.map((s) => ({ labels: s.labels, samples: s.values.flatMap((v, i) => (v === undefined ? [] : [{ t: i * MIN, v }])) })),
  });
  const runner = createQueryRunner({ readers: store });
  const manager = createRuleManager({ groups: parseRuleFile(rules, 'rules.yml'), query: runnerRuleQuery(runner), append: (b) => store.appendMetrics(b), externalLabels: { cluster: 'eu' } });
  const raw = (name: string) => store.metrics.select([{ name: '__name__', op: '=', value: name }], 0, 1e12);
  return { store, runner, manager, raw };
}

const ALERT_RULES = `groups:
  - name: alerts
    rules:
      - alert: TooHigh
        expr: load > 5
        for: 2m
        keep_firing_for: 2m
        labels: { severity: page, owner: "team-{{ $labels.host }}" }
        annotations: { summary: "{{ $labels.host }} load {{ $value }} in {{ $externalLabels.cluster }}" }
`;

test('an alert goes pending, fires after "for", keeps firing for "keep_firing_for", then resolves', async () => {
  //                           0m 1m 2m 3m 4m 5m 6m 7m 8m 9m
  const { manager, runner, raw } = await fixture(ALERT_RULES, [{ labels: { __name__: 'load', host: 'a' }, values: [1, 6, 7, 9, 9, 1, 1, 1, 1, 1] }]);
  const states: string[] = [];
  for (let m = 0; m <= 9; m++) {
    await manager.evaluateAt(m * MIN);
    const alerts = (manager.alerts() as { alerts: Array<{ state: string; labels: Record<string, string>; annotations: Record<string, string>; activeAt: string; value: string }> }).alerts;
    states.push(alerts.map((a) => a.state).join(',') || '-');
    if (m === 3) {
      assert.deepEqual(alerts[0], {
        labels: { alertname: 'TooHigh', host: 'a', owner: 'team-a', severity: 'page' },
        annotations: { summary: 'a load 9 in eu' },
        state: 'firing',
        activeAt: '1970-01-01T00:01:00Z',
        value: '9e+00',
      });
    }
  }
  // Pending from 1m, firing at 3m (2m later), condition gone at 5m, kept firing until 7m.
  assert.deepEqual(states, ['-', 'pending', 'pending', 'firing', 'firing', 'firing', 'firing', '-', '-', '-']);
  const alertsSeries = raw('ALERTS');
  assert.deepEqual(
    alertsSeries.map((s) => [s.labels['alertstate'], [...s.timestamps].map((t) => t / MIN), [...s.values].map((v) => (isStaleNaN(v) ? 'stale' : v))]),
    [
      ['firing', [3, 4, 5, 6, 7], [1, 1, 1, 1, 'stale']],
      ['pending', [1, 2, 3], [1, 1, 'stale']],
    ],
    'ALERTS series per state, ended by staleness markers',
  );
  const forState = raw('ALERTS_FOR_STATE');
  assert.deepEqual([...forState[0]!.values].slice(0, 6), [60, 60, 60, 60, 60, 60], 'ALERTS_FOR_STATE holds activeAt in seconds');
  await runner.close();
});

test('recording rules write series the next rule can read, and /api/v1/rules shows them', async () => {
  const rules = `groups:
  - name: rec
    interval: 1m
    labels: { source: rules }
    rules:
      - record: job:requests:sum
        expr: sum by (job) (requests)
      - record: job:requests:double
        expr: job:requests:sum * 2
      - alert: Broken
        expr: label_replace(requests, "x", "y", "nope", "(")
`;
  const { manager, runner, raw } = await fixture(rules, [
    { labels: { __name__: 'requests', job: 'api', instance: '1' }, values: [1, 2, 3] },
    { labels: { __name__: 'requests', job: 'api', instance: '2' }, values: [10, 20, 30] },
  ]);
  for (let m = 0; m <= 2; m++) await manager.evaluateAt(m * MIN);
  const doubled = raw('job:requests:double');
  assert.deepEqual(doubled[0]!.labels, { __name__: 'job:requests:double', job: 'api', source: 'rules' });
  assert.deepEqual([...doubled[0]!.values], [22, 44, 66]);
  const data = manager.rules({ ruleNames: [], groupNames: [], files: [], excludeAlerts: false }) as { groups: Array<Record<string, unknown> & { rules: Array<Record<string, unknown>> }> };
  const g = data.groups[0]!;
  assert.equal(g['name'], 'rec');
  assert.equal(g['file'], 'rules.yml');
  assert.equal(g['interval'], 60);
  assert.equal(g['lastEvaluation'], '1970-01-01T00:02:00Z');
  assert.deepEqual(
    g.rules.map((r) => [r['type'], r['name'], r['query'], r['health']]),
    [
      ['recording', 'job:requests:sum', 'sum by (job) (requests)', 'ok'],
      ['recording', 'job:requests:double', 'job:requests:sum * 2', 'ok'],
      ['alerting', 'Broken', 'label_replace(requests, "x", "y", "nope", "(")', 'err'],
    ],
  );
  assert.equal(g.rules[2]!['lastError'], 'invalid regular expression in label_replace(): (');
  const onlyAlerts = manager.rules({ type: 'alert', ruleNames: [], groupNames: [], files: [], excludeAlerts: true }) as { groups: Array<{ rules: Array<Record<string, unknown>> }> };
  assert.deepEqual(onlyAlerts.groups[0]!.rules.map((r) => r['name']), ['Broken']);
  assert.equal(onlyAlerts.groups[0]!.rules[0]!['alerts'], undefined, 'exclude_alerts leaves out the alerts list');
  await runner.close();
});

test('a label template that uses $value makes a new alert when the value changes, as in Prometheus', async () => {
  const rules = ALERT_RULES.replace('severity: page', 'severity: "{{ if gt $value 8.0 }}page{{ else }}ticket{{ end }}"');
  const { manager, runner } = await fixture(rules, [{ labels: { __name__: 'load', host: 'a' }, values: [6, 7, 9, 9] }]);
  const seen: string[] = [];
  for (let m = 0; m <= 3; m++) {
    await manager.evaluateAt(m * MIN);
    const alerts = (manager.alerts() as { alerts: Array<{ state: string; labels: Record<string, string> }> }).alerts;
    seen.push(alerts.map((a) => `${a.labels['severity']}:${a.state}`).sort().join(','));
  }
  assert.deepEqual(seen, ['ticket:pending', 'ticket:pending', 'page:pending', 'page:pending']);
  await runner.close();
});

test('two results with the same labels after the rule labels are an error of the rule', async () => {
  const rules = `groups:
  - name: dup
    rules:
      - record: flat
        expr: requests
        labels: { instance: same }
`;
  const { manager, runner, raw } = await fixture(rules, [
    { labels: { __name__: 'requests', instance: '1' }, values: [1] },
    { labels: { __name__: 'requests', instance: '2' }, values: [2] },
  ]);
  await manager.evaluateAt(0);
  const data = manager.rules({ ruleNames: [], groupNames: [], files: [], excludeAlerts: false }) as { groups: Array<{ rules: Array<Record<string, unknown>> }> };
  assert.equal(data.groups[0]!.rules[0]!['lastError'], 'vector contains metrics with the same labelset after applying rule labels');
  assert.equal(raw('flat').length, 0, 'nothing written');
  await runner.close();
});
