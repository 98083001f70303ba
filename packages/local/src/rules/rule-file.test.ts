import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuleFileError } from './errors.js';
import { parseRuleFile } from './rule-file.js';

test('a rule file with recording and alerting rules', () => {
  const groups = parseRuleFile(
    `groups:
  - name: api
    interval: 30s
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
        labels: { team: web }
      - alert: HighErrorRate
        expr: job:http_errors:ratio5m > 0.05
        for: 10m
        keep_firing_for: 5m
        labels: { severity: page }
        annotations:
          summary: "{{ $labels.job }} errors at {{ $value | humanizePercentage }}"
`,
    'rules.yml',
  );
  assert.equal(groups.length, 1);
  const g = groups[0]!;
  assert.equal(g.intervalMs, 30_000);
  assert.deepEqual(
    g.rules.map((r) => [r.kind, r.name, r.forMs, r.keepFiringForMs]),
    [
      ['record', 'job:http_requests:rate5m', 0, 0],
      ['alert', 'HighErrorRate', 600_000, 300_000],
    ],
  );
  assert.deepEqual(g.rules[0]!.labels, { team: 'web' });
});

const bad: Array<[string, string, RegExp]> = [
  ['no name', 'groups: [{ rules: [] }]', /group 1: groupname must not be empty/],
  ['repeated group', 'groups: [{ name: a, rules: [] }, { name: a, rules: [] }]', /groupname: "a" is repeated/],
  ['record and alert', 'groups: [{ name: a, rules: [{ record: x, alert: y, expr: up }] }]', /one of "record" or "alert" must be set/],
  ['bad expression', 'groups: [{ name: a, rules: [{ record: x, expr: "sum(up" }] }]', /group "a", rule 1 \(record "x"\): could not parse expression: 1:7: parse error: unclosed left parenthesis/],
  ['bad record name', 'groups: [{ name: a, rules: [{ record: "x-y", expr: up }] }]', /invalid recording rule name "x-y"/],
  ['for on a recording rule', 'groups: [{ name: a, rules: [{ record: x, expr: up, for: 5m }] }]', /invalid field "for" in recording rule/],
  ['unknown field', 'groups: [{ name: a, rules: [{ alert: x, expr: up, fore: 5m }] }]', /field fore not found in a rule/],
  ['bad duration', 'groups: [{ name: a, rules: [{ alert: x, expr: up, for: soon }] }]', /"for" must be a duration such as 5m/],
  ['bad template', 'groups: [{ name: a, rules: [{ alert: x, expr: up, annotations: { s: "{{ nope }}" } }] }]', /bad template in s: .*function "nope" not defined/],
  ['bad label name', 'groups: [{ name: a, rules: [{ alert: x, expr: up, labels: { "a-b": c } }] }]', /invalid label name "a-b"/],
  ['bad YAML', 'groups: [', /rules.yml/],
];

for (const [name, text, message] of bad) {
  test(`rule file error: ${name}`, () => {
    assert.throws(() => parseRuleFile(text, 'rules.yml'), (e: unknown) => e instanceof RuleFileError && message.test(e.message));
  });
}
