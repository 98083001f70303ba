import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleSum, samples } from './metrics-text.js';

const TEXT = `# HELP x_total x
# TYPE x counter
x_total{signal="traces"} 3
x_total{signal="logs"} 4
h_bucket{le="0.1",route="/a",method="GET"} 2 # {trace_id="abc"} 0.05 1700000000.1
h_bucket{le="+Inf",route="/a\\"b",method="GET"} 5
x_total_more 9
`;

test('samples reads labels, values and exemplars, and filters by labels', () => {
  assert.equal(sampleSum(TEXT, 'x_total'), 7);
  assert.equal(sampleSum(TEXT, 'x_total', { signal: 'logs' }), 4);
  const [bucket] = samples(TEXT, 'h_bucket', { le: '0.1' });
  assert.deepEqual(bucket?.exemplar, { trace_id: 'abc' });
  assert.equal(samples(TEXT, 'h_bucket', { le: '+Inf' })[0]?.labels['route'], '/a"b');
  assert.equal(sampleSum(TEXT, 'missing'), 0);
});
