import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStreamLabels } from './stream-labels.js';

test('pushed stream labels: Promtail/Alloy label text, escapes and raw strings', () => {
  assert.deepEqual(parseStreamLabels('{job="varlogs", filename="/var/log/a.log"}'), [['job', 'varlogs'], ['filename', '/var/log/a.log']]);
  assert.deepEqual(parseStreamLabels(' { a = "x\\"y\\\\z\\n" , b=`raw\\n` } '), [['a', 'x"y\\z\n'], ['b', 'raw\\n']]);
  assert.deepEqual(parseStreamLabels('{}'), []);
  assert.deepEqual(parseStreamLabels('{a="\\u00e9"}'), [['a', 'é']]);
});

for (const bad of ['', 'job="x"', '{job="x"', '{job="x",}x', '{job!="x"}', '{job=~"x"}', '{job=x}', '{job="x" app="y"}', '{"job"="x"}', '{job="\\q"}']) {
  test(`pushed stream labels: ${JSON.stringify(bad)} is refused with the position`, () => {
    assert.throws(() => parseStreamLabels(bad), /error parsing labels .* at position \d+/);
  });
}
