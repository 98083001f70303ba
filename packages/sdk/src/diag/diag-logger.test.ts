import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../logs/logger.js';
import { captureLines } from '../testing/capture.js';
import { createDiagLogger } from './diag-logger.js';

test('repeated diagnostics are written once per minute, with the count of repeats', () => {
  const out = captureLines();
  let now = 0;
  const diag = createDiagLogger(createLogger({ service: 's', level: 'debug', destination: out.stream }), () => now);
  for (let i = 0; i < 50; i++) diag.error('export failed', new Error('ECONNREFUSED'));
  diag.error('export failed', new Error('timeout'));
  now = 61_000;
  diag.error('export failed', new Error('ECONNREFUSED'));
  const lines = out.lines();
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map((l) => (l['err'] as { message: string }).message), ['ECONNREFUSED', 'timeout', 'ECONNREFUSED']);
  assert.equal(lines[2]?.['repeated'], 49);
  assert.ok(lines.every((l) => l['component'] === 'otel' && l['level'] === 'error'));
});
