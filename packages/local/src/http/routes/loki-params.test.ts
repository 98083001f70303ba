import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogQLBadRequestError } from '../../query/logql/eval/errors.js';
import { boundsParams, directionParam, limitParam, parseLokiTime, parseSecondsOrDuration, rangeQueryParams } from './loki-params.js';

const S = 1_000_000_000n;
const NOW = 1_704_067_200n * S;

test('times: nanoseconds, seconds (up to 10 digits or with a fraction) and RFC 3339, as Loki parses them', () => {
  assert.equal(parseLokiTime('1704067200000000001', 0n, 't'), 1_704_067_200_000_000_001n);
  assert.equal(parseLokiTime('1704067200', 0n, 't'), NOW);
  assert.equal(parseLokiTime('1704067200.1234', 0n, 't'), NOW + 123_000_000n);
  assert.equal(parseLokiTime('2024-01-01T00:00:00.000000001Z', 0n, 't'), NOW + 1n);
  assert.equal(parseLokiTime('2024-01-01T02:00:00+02:00', 0n, 't'), NOW);
  assert.equal(parseLokiTime(null, 7n, 't'), 7n);
  assert.throws(() => parseLokiTime('yesterday', 0n, 'start'), (e: unknown) => e instanceof LogQLBadRequestError && /could not parse 'start' parameter/.test(e.message));
});

test('bounds: end defaults to now, start to an hour before end (never after now), since replaces the hour', () => {
  assert.deepEqual(boundsParams(new URLSearchParams(), NOW), { startNs: NOW - 3600n * S, endNs: NOW });
  assert.deepEqual(boundsParams(new URLSearchParams({ since: '5m' }), NOW), { startNs: NOW - 300n * S, endNs: NOW });
  assert.deepEqual(boundsParams(new URLSearchParams({ end: String(NOW + 600n * S) }), NOW), { startNs: NOW - 3600n * S, endNs: NOW + 600n * S });
  assert.throws(() => boundsParams(new URLSearchParams({ since: 'x' }), NOW), /could not parse 'since' parameter/);
});

test('step, limit and direction defaults and checks', () => {
  const p = rangeQueryParams(new URLSearchParams({ start: String(NOW - 3600n * S), end: String(NOW) }), NOW);
  assert.deepEqual([p.stepNs, p.limit, p.direction, p.intervalNs], [14n * S, 100, 'backward', 0n]);
  assert.equal(parseSecondsOrDuration('1.5', 'step'), 1_500_000_000n);
  assert.equal(parseSecondsOrDuration('1m', 'step'), 60n * S);
  assert.throws(() => parseSecondsOrDuration('soon', 'step'), /cannot parse "soon" to a valid duration/);
  assert.equal(directionParam(new URLSearchParams({ direction: 'FORWARD' })), 'forward');
  assert.throws(() => limitParam(new URLSearchParams({ limit: '-1' })), /limit must be a positive value/);
  assert.throws(() => rangeQueryParams(new URLSearchParams({ start: String(NOW), end: String(NOW - S) }), NOW), /end timestamp must not be before or equal to start time/);
  assert.throws(() => rangeQueryParams(new URLSearchParams({ start: String(NOW - 3600n * S), end: String(NOW), step: '0.1' }), NOW), /exceeded maximum resolution of 11,000 points/);
  assert.throws(() => rangeQueryParams(new URLSearchParams({ start: String(NOW - 3600n * S), end: String(NOW), interval: '-5' }), NOW), /interval must be >= 0/);
});
