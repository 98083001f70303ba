import assert from 'node:assert/strict';
import { test } from 'node:test';
import { olaLokiProcessStages, ruleSelector } from './loki-process.js';
import { CLASSIFICATION_RULES } from './rules.js';

test('one match stage per rule, in rule order, between the embedded-category stages and the default', () => {
  const stages = olaLokiProcessStages();
  assert.equal(stages[0]?.name, 'stage.regex');
  const ruleStages = stages.slice(3, -1);
  assert.equal(ruleStages.length, CLASSIFICATION_RULES.length);
  ruleStages.forEach((s, i) => assert.match(s.comment ?? '', new RegExp(`^${CLASSIFICATION_RULES[i]!.id}:`)));
  const last = stages.at(-1)!;
  assert.deepEqual(last.blocks[0]?.attributes, [['values', { ola_category: 'system_application' }]]);
});

test('each rule selector is guarded by ola_category="" so the first match wins', () => {
  for (const rule of CLASSIFICATION_RULES) assert.match(ruleSelector(rule), /^\{source="[a-z-]+", ola_category=""/);
});

test('case-insensitive rules spell it the RE2 way and escape quotes for LogQL', () => {
  const grafana = CLASSIFICATION_RULES.find((r) => r.id === 'grafana-login')!;
  assert.match(ruleSelector(grafana), /\|~ "\(\?i\)logger=/);
  const denied = CLASSIFICATION_RULES.find((r) => r.id === 'gateway-denied')!;
  assert.ok(ruleSelector(denied).includes('\\"response_code\\":\\"?40[13]\\\\b'), ruleSelector(denied));
});
