import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateError } from './errors.js';
import { compileTemplate, type TemplateData } from './template.js';

const data: TemplateData = { labels: { instance: 'db-1:9100', job: 'node', __name__: 'up' }, value: 0.123456, externalLabels: { cluster: 'eu' }, externalURL: 'http://prom:9090' };

// Outputs as Prometheus' template package gives them (humanize* use Go's %.4g).
const cases: Array<[string, string, TemplateData?]> = [
  ['{{ $labels.instance }} is down', 'db-1:9100 is down'],
  ['{{ .Labels.job }}/{{ .Value }}', 'node/0.123456'],
  ['{{ $value }}', '1e+06', { ...data, value: 1e6 }],
  ['{{ $labels.missing }}', ''],
  ['{{ $externalLabels.cluster }} {{ $externalURL }}', 'eu http://prom:9090'],
  ['{{ $value | humanize }}', '123.5m'],
  ['{{ humanize 1234567 }}', '1.235M'],
  ['{{ 0 | humanize }}', '0'],
  ['{{ $value | humanizePercentage }}', '12.35%'],
  ['{{ 1048576 | humanize1024 }}', '1Mi'],
  ['{{ 3723 | humanizeDuration }}', '1h 2m 3s'],
  ['{{ 90061 | humanizeDuration }}', '1d 1h 1m 1s'],
  ['{{ 0.25 | humanizeDuration }}', '250ms'],
  ['{{ 1.5 | humanizeDuration }}', '1.5s'],
  ['{{ 1435065584.128 | humanizeTimestamp }}', '2015-06-23 13:19:44.128 +0000 UTC'],
  ['{{ printf "%.2f" $value }}', '0.12'],
  ['{{ printf "%s has %d cores" $labels.instance 8 }}', 'db-1:9100 has 8 cores'],
  ['{{ $labels.job | toUpper }}', 'NODE'],
  ['{{ $labels.instance | stripPort }}', 'db-1'],
  ['{{ if gt $value 0.1 }}high{{ else }}low{{ end }}', 'high'],
  ['{{ if eq $labels.job "db" }}db{{ else if eq $labels.job "node" }}node{{ end }}', 'node'],
  ['a {{- " b " -}} c', 'a b c'],
  ['{{/* a comment */}}x', 'x'],
  ['{{ $v := $value }}{{ $v }}', '0.123456'],
  ['{{ index $labels "job" }}', 'node'],
];

for (const [tpl, want, d] of cases) {
  test(`template ${tpl}`, () => {
    assert.equal(compileTemplate(tpl, 'summary').expand(d ?? data), want);
  });
}

test('unsupported or broken templates fail when the rule file loads', () => {
  assert.throws(() => compileTemplate('{{ nosuchfunc $value }}', 'x'), (e: unknown) => e instanceof TemplateError && /function "nosuchfunc" not defined/.test(e.message));
  assert.throws(() => compileTemplate('{{ $value ', 'x'), /unclosed action/);
  assert.throws(() => compileTemplate('{{ if $value }}x', 'x'), /missing \{\{end\}\}/);
  assert.throws(() => compileTemplate('{{ range $labels }}x{{ end }}', 'x'), /not supported/);
});
