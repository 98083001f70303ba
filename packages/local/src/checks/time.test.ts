import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckInputError } from './errors.js';
import { durationMs, parseTimeArg } from './time.js';

const NOW = Date.parse('2025-06-15T12:00:00Z');

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['now', '2025-06-15T12:00:00.000Z'],
  ['now-7d', '2025-06-08T12:00:00.000Z'],
  ['now - 90m', '2025-06-15T10:30:00.000Z'],
  ['-2h', '2025-06-15T10:00:00.000Z'],
  ['2h', '2025-06-15T10:00:00.000Z'],
  ['1735689600', '2025-01-01T00:00:00.000Z'],
  ['1735689600.5', '2025-01-01T00:00:00.500Z'],
  ['1735689600250', '2025-01-01T00:00:00.250Z'],
  ['2025-01-01', '2025-01-01T00:00:00.000Z'],
  ['2025-01-01T12:30:00Z', '2025-01-01T12:30:00.000Z'],
  ['2025-01-01T12:30:00+02:00', '2025-01-01T10:30:00.000Z'],
];

for (const [text, iso] of CASES) {
  test(`parseTimeArg: "${text}" with now = ${new Date(NOW).toISOString()} is ${iso}`, () => assert.equal(new Date(parseTimeArg(text, NOW)).toISOString(), iso));
}

test('parseTimeArg and durationMs: anything else is a CheckInputError that names the option and shows the forms', () => {
  assert.throws(() => parseTimeArg('yesterday', NOW, 'from'), (e: unknown) => e instanceof CheckInputError && /--from "yesterday" is not a time/.test(e.message) && /now-7d/.test(e.message));
  assert.throws(() => durationMs('5 minutes', 'step'), (e: unknown) => e instanceof CheckInputError && /--step/.test(e.message));
  assert.throws(() => durationMs('0s'), CheckInputError, 'a zero duration is no timeout');
  assert.equal(durationMs('1m30s'), 90_000);
});

test('parseTimeArg: a time no Date can hold is a CheckInputError, not a RangeError later', () => {
  for (const text of ['9999999999999999999999', 'now-99999999999d', '-300000000y'])
    assert.throws(() => parseTimeArg(text, NOW, 'from'), (e: unknown) => e instanceof CheckInputError && /--from .* is out of range/.test(e.message), text);
});
