// The same rule file and the same expectations, checked by the real `promtool test rules` and by
// this evaluator: both must agree on when each alert fires and with which labels and
// annotations, and on the recorded series.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse } from 'yaml';
import { requireBinary } from '@srcobs/testkit';
import { labelsKey, type Labels } from '../model/labels.js';
import { createInMemoryStore } from '../store/memory/memory-store.js';
import { createPromQLEngine } from '../query/promql/eval/engine.js';
import { almostEqual } from '../query/promql/eval/math.js';
import { parseDuration } from '../query/promql/syntax/lexical.js';
import { expandValues, parseMetric, sampleValue } from '../query/script-harness/series-notation.js';
import { createQueryRunner } from '../query/runner/runner.js';
import type { Alert } from './alerting-rule.js';
import { createRuleManager, runnerRuleQuery } from './manager.js';
import { loadRuleFile } from './rule-file.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/rules');
const TEST_FILE = join(DIR, 'agreement-rules.test.yml');

interface PromtoolTests {
  rule_files: string[];
  evaluation_interval?: string;
  tests: Array<{
    interval?: string;
    input_series: Array<{ series: string; values: string }>;
    alert_rule_test?: Array<{ eval_time: string; alertname: string; exp_alerts?: Array<{ exp_labels?: Labels; exp_annotations?: Labels }> }>;
    promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples?: Array<{ labels: string; value: number }> }>;
  }>;
}

function ms(d: string | undefined, fallback: number): number {
  return d === undefined ? fallback : parseDuration(d)!;
}

test('promtool test rules passes on the agreement fixture', (t) => {
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!promtool) return;
  const out = execFileSync(promtool, ['test', 'rules', 'agreement-rules.test.yml'], { cwd: DIR, encoding: 'utf8' });
  assert.match(out, /SUCCESS/);
});

test('the srcobs rule evaluator meets the same expectations as promtool', async () => {
  const spec = parse(readFileSync(TEST_FILE, 'utf8')) as PromtoolTests;
  const groups = (await Promise.all(spec.rule_files.map((f) => loadRuleFile(join(DIR, f))))).flat();
  const evalInterval = ms(spec.evaluation_interval, 60_000);
  for (const tc of spec.tests) {
    const store = createInMemoryStore();
    const interval = ms(tc.interval, evalInterval);
    await store.appendMetrics({
      series: tc.input_series.map((s) => ({
        labels: parseMetric(s.series).labels,
        samples: expandValues(s.values).flatMap((v, i) => (sampleValue(v) === undefined ? [] : [{ t: i * interval, v: sampleValue(v)! }])),
      })),
    });
    const runner = createQueryRunner({ readers: store });
    const manager = createRuleManager({ groups, query: runnerRuleQuery(runner), append: (b) => store.appendMetrics(b), evaluationIntervalMs: evalInterval });
    const alertTimes = (tc.alert_rule_test ?? []).map((a) => ms(a.eval_time, 0));
    const end = Math.max(0, ...alertTimes, ...(tc.promql_expr_test ?? []).map((e) => ms(e.eval_time, 0)));
    // Firing alerts by rule name after each evaluation, as promtool collects them.
    const firing = new Map<number, Map<string, Alert[]>>();
    for (let ts = 0; ts <= end; ts += evalInterval) {
      await manager.evaluateAt(ts);
      const byRule = new Map<string, Alert[]>();
      for (const g of manager.groups) for (const r of g.rules) if (r.alerting) byRule.set(r.spec.name, [...r.alerting.active.values()].filter((a) => a.state === 'firing').map((a) => ({ ...a })));
      firing.set(ts, byRule);
    }
    for (const at of tc.alert_rule_test ?? []) {
      const ts = ms(at.eval_time, 0);
      const got = (firing.get(ts)?.get(at.alertname) ?? []).map((a) => JSON.stringify([labelsKey(a.labels), labelsKey(a.annotations)])).sort();
      const want = (at.exp_alerts ?? []).map((e) => JSON.stringify([labelsKey({ ...e.exp_labels, alertname: at.alertname }), labelsKey(e.exp_annotations ?? {})])).sort();
      assert.deepEqual(got, want, `alert ${at.alertname} at ${at.eval_time}`);
    }
    const engine = createPromQLEngine({ reader: store.metrics });
    for (const et of tc.promql_expr_test ?? []) {
      const r = engine.instantQuery(et.expr, ms(et.eval_time, 0));
      assert.equal(r.value.resultType, 'vector');
      const got = r.value.resultType === 'vector' ? r.value.result : [];
      const want = et.exp_samples ?? [];
      assert.equal(got.length, want.length, `${et.expr} at ${et.eval_time}: ${JSON.stringify(got)}`);
      for (const w of want) {
        const g = got.find((s) => labelsKey(s.metric) === labelsKey(parseMetric(w.labels).labels));
        assert.ok(g, `${et.expr} at ${et.eval_time}: no ${w.labels} in ${JSON.stringify(got)}`);
        assert.ok(almostEqual(w.value, g.v, 1e-9), `${et.expr} at ${et.eval_time}: want ${w.value}, got ${g.v}`);
      }
    }
    await runner.close();
  }
});
