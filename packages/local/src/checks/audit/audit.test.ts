import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OlaCategory } from '@srcobs/ola';
import { lokiRuleFile, parseConfig } from '@srcobs/stack';
import { waitUntil } from '@srcobs/testkit';
import { stringify } from 'yaml';
import type { LogEntry } from '../../model/logs.js';
import { startTestStack } from '../../testing/test-stack.js';
import { createQueryClient } from '../query-client.js';
import { OLA_SILENCE_ALERT, olaAudit } from './audit.js';
import type { OlaReport } from './types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Two and a half days of lines with known shapes, ingested through the stack's log pipeline (so
 * the classifier labels them), then reported on through the real Loki API:
 * - system_application every 5 min, silent for two hours on the first day (window 15m: a gap);
 * - auth_access twice on the first day, then silent (window 6h: a gap up to now, alert firing);
 * - api_data_access every 30 min (window 1h: compliant);
 * - endpoint_user_activity every 2 h (window 24h: no gap, but 90 days retention < 180 required);
 * - network_security never (no line, alert firing).
 */
function schedule(fromMs: number, nowMs: number): Map<OlaCategory, number[]> {
  const every = (stepMs: number, skip: (t: number) => boolean = () => false): number[] => {
    const out: number[] = [];
    // Seven seconds past the grid, so no line sits on a bucket edge.
    for (let t = fromMs + 7000; t < nowMs - 5000; t += stepMs) if (!skip(t)) out.push(t);
    return out;
  };
  return new Map<OlaCategory, number[]>([
    ['system_application', every(5 * MIN, (t) => t > fromMs + 6 * HOUR - 5 * MIN && t < fromMs + 8 * HOUR)],
    ['auth_access', [fromMs + HOUR + 7000, fromMs + 2 * HOUR + 7000]],
    ['api_data_access', every(30 * MIN)],
    ['endpoint_user_activity', every(2 * HOUR)],
    ['network_security', []],
  ]);
}

function line(category: OlaCategory, i: number): string {
  return category === 'system_application' ? `tick ${i}` : JSON.stringify({ level: 'info', msg: `event ${i}`, ola_category: category });
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

test('olaAudit through the Loki API: lines per day, gaps, oldest and last entry, retention, alert state and compliance per category', { timeout: 60_000 }, async (t) => {
  const config = parseConfig({ retention: { logsDays: { endpoint_user_activity: 90 } } });
  // The rules srcobs renders, evaluated every second instead of every minute so the test sees their state at once.
  const rules = lokiRuleFile(config);
  const fast = { groups: rules.groups.map((g) => ({ ...g, interval: '1s' })) };
  const stack = await startTestStack(t, { loki: { ruleTexts: [{ name: 'srcobs-ola.yaml', text: stringify(fast) }] } });
  const url = stack.urls.http!;
  const loki = createQueryClient({ prometheus: url, loki: url, tempo: url }).loki;

  const nowMs = Date.now();
  const fromMs = Math.floor(nowMs / DAY) * DAY - 2 * DAY;
  const lines = schedule(fromMs, nowMs);
  for (const [category, times] of lines) {
    if (times.length === 0) continue;
    const entries: LogEntry[] = times.map((ts, i) => ({ tsNs: BigInt(ts) * 1_000_000n, line: line(category, i) }));
    await stack.ingestLogs({ streams: [{ labels: { service_name: 'audit-test', app: 'audit-test' }, entries }] }, 'push');
  }
  const ingestedAt = Date.now();
  // Wait for the ruler to have judged every category on the lines just written.
  await waitUntil('every silence alert evaluated after the lines arrived', async () => {
    const r = await loki.rules();
    const silence = r.groups.flatMap((g) => g.rules).filter((x) => x.name === OLA_SILENCE_ALERT);
    return silence.length === 5 && silence.every((x) => x.lastEvaluation !== undefined && Date.parse(x.lastEvaluation) > ingestedAt) ? true : undefined;
  }, 20_000);

  const report: OlaReport = await olaAudit({ loki, config, fromMs, toMs: nowMs + HOUR, now: () => nowMs });
  assert.equal(report.to, new Date(nowMs).toISOString(), 'the end is clipped to now');
  assert.equal(report.resolutionSeconds, 60);
  assert.deepEqual(report.warnings, []);
  const by = new Map(report.categories.map((c) => [c.id, c]));

  // Lines per day: every day of the range, each the number of lines ingested that day.
  for (const [category, times] of lines) {
    const expected = new Map<string, number>();
    for (let d = fromMs; d <= nowMs; d += DAY) expected.set(utcDay(d), 0);
    for (const ts of times) expected.set(utcDay(ts), (expected.get(utcDay(ts)) ?? 0) + 1);
    assert.deepEqual(by.get(category)!.linesPerDay, [...expected].map(([day, n]) => ({ day, lines: n })), `${category} lines per day`);
  }

  const sys = by.get('system_application')!;
  assert.equal(sys.gaps.length, 1, 'the two silent hours, and only them');
  const silenceStart = fromMs + 6 * HOUR - 10 * MIN + 7000; // the last line before the silence
  const silenceEnd = fromMs + 8 * HOUR + 7000; // the first line after it
  const gap = sys.gaps[0]!;
  assert.ok(Math.abs(Date.parse(gap.from) - silenceStart) <= 2 * MIN, `gap starts near the last line before it: ${gap.from}`);
  assert.ok(Math.abs(Date.parse(gap.to) - silenceEnd) <= 2 * MIN, `gap ends near the first line after it: ${gap.to}`);
  assert.equal(sys.alert.state, 'inactive');
  assert.equal(sys.compliant, false);
  assert.match(sys.problems.join('\n'), /1 gap longer than the 15m silence window/);
  assert.deepEqual(sys.sources.observed, ['push/audit-test']);

  const auth = by.get('auth_access')!;
  assert.equal(auth.oldestEntry, new Date(fromMs + HOUR + 7000).toISOString());
  assert.equal(auth.lastEntry, new Date(fromMs + 2 * HOUR + 7000).toISOString());
  assert.equal(auth.gaps.length, 1);
  assert.equal(auth.gaps[0]!.to, report.to, 'the silence lasts until now');
  assert.equal(auth.alert.state, 'firing');
  assert.match(auth.problems.join('\n'), /OlaCategorySilent is firing: no line for 6h/);

  const api = by.get('api_data_access')!;
  assert.deepEqual(api.problems, []);
  assert.equal(api.compliant, true);
  assert.equal(api.alert.state, 'inactive');
  assert.deepEqual(api.retentionDays, { configured: 365, required: 365 });

  const endpoint = by.get('endpoint_user_activity')!;
  assert.deepEqual(endpoint.gaps, []);
  assert.deepEqual(endpoint.retentionDays, { configured: 90, required: 180 });
  assert.deepEqual(endpoint.problems, ['retention is 90 days, below the 180 days the OLA requires: set retention.logsDays.endpoint_user_activity to at least 180']);

  const net = by.get('network_security')!;
  assert.equal(net.oldestEntry, null);
  assert.equal(net.lastEntry, null);
  assert.equal(net.alert.state, 'firing');
  assert.match(net.problems.join('\n'), /no line between/);
  assert.ok(net.linesPerDay.every((d) => d.lines === 0));

  assert.equal(report.compliant, false);

  // A managed cluster: the API server audit log is reported as kept elsewhere, with where.
  const managed = await olaAudit({ loki, config: parseConfig({ logs: { apiServerAudit: { mode: 'managed', provider: 'eks' } } }), fromMs, toMs: nowMs, now: () => nowMs });
  const external = new Map(managed.categories.map((c) => [c.id, c.sources.external]));
  assert.match(external.get('auth_access') ?? '', /CloudWatch Logs/);
  assert.match(external.get('api_data_access') ?? '', /CloudWatch Logs/);
  assert.equal(external.get('system_application'), undefined);
  assert.equal(external.get('network_security'), undefined);
});

test('olaAudit: a Loki without the silence rules is out of compliance for every category; a bad range is refused', async (t) => {
  const stack = await startTestStack(t, { loki: {} });
  const url = stack.urls.http!;
  const loki = createQueryClient({ prometheus: url, loki: url, tempo: url }).loki;
  const config = parseConfig({});
  const nowMs = Date.now();
  const entries: LogEntry[] = [{ tsNs: BigInt(nowMs - MIN) * 1_000_000n, line: 'hello' }];
  await stack.ingestLogs({ streams: [{ labels: { app: 'a' }, entries }] }, 'push');
  const report = await olaAudit({ loki, config, fromMs: nowMs - 5 * MIN, toMs: nowMs, now: () => nowMs });
  for (const c of report.categories) {
    assert.equal(c.alert.state, 'unknown');
    assert.match(c.problems.join('\n'), /the Loki ruler has no OlaCategorySilent rule for it/);
  }
  await assert.rejects(olaAudit({ loki, config, fromMs: nowMs, toMs: nowMs - MIN }), /must be before its end/);
});
