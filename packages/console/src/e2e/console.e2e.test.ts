import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLocalEnvironment } from '@srcobs/local';
import { defaultConfig } from '@srcobs/stack';
import { freePort, requireBinary, testOutputDir, waitUntil } from '@srcobs/testkit';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser.js';

/*
 * The console as a person uses it, in real headless Chromium against `srcobs up`'s environment:
 * the local stack with the playground and loadgen. The path of issue 7's "done when": a latency
 * chart's exemplar opens the slow trace, the trace opens its log lines, no query typed.
 */

const SHOTS = testOutputDir('console-e2e');
/** How long the page may take to show something that depends on fresh data. */
const UI_TIMEOUT = 20_000;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** The number of points the chart handed to uPlot, once it drew some. */
async function chartPoints(page: Page, selector: string): Promise<number> {
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points') ?? 0) > 0, selector, { timeout: UI_TIMEOUT });
  return Number(await page.getAttribute(selector, 'data-points'));
}

/** The slowest exemplar dot of trace-app old enough for its whole trace to be stored; returns its trace id after clicking it. */
async function clickSlowExemplar(page: Page, scope: string): Promise<string> {
  const dots = page.locator(`${scope} .exemplar-dot`);
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .exemplar-dot`).length > 0, scope, { timeout: UI_TIMEOUT });
  await page.locator(scope).scrollIntoViewIfNeeded();
  // What a person can click: dots drawn on the chart and not covered by another at their centre.
  const all = await dots.evaluateAll((els) =>
    els.map((e, i) => {
      const box = e.getBoundingClientRect();
      const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === e;
      return { i, value: Number((e as HTMLElement).dataset['value']), time: Number((e as HTMLElement).dataset['time']), visible: (e as HTMLElement).style.display !== 'none' && onTop, label: e.getAttribute('aria-label') ?? '' };
    }),
  );
  const now = Date.now() / 1000;
  const candidates = all.filter((d) => d.visible && d.label.includes('trace-app') && d.time < now - 3).sort((a, b) => b.value - a.value);
  assert.ok(candidates.length > 0, `an exemplar of trace-app old enough to open (dots: ${all.length})`);
  const dot = dots.nth(candidates[0]!.i);
  const traceId = (await dot.getAttribute('data-trace-id'))!;
  await dot.click();
  await page.waitForURL(`**/traces/${traceId}`);
  return traceId;
}

test('console in Chromium: every page shows the playground\'s data, and a slow request goes from the latency chart to its trace to its log lines without typing a query', { timeout: 150_000 }, async (t) => {
  const chromiumPath = requireBinary(t, 'chromium');
  if (!chromiumPath) return;
  mkdirSync(SHOTS, { recursive: true });
  // The playground exports spans and logs every 200 ms (default 5 s) so data is there within seconds.
  Object.assign(process.env, { OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BLRP_SCHEDULE_DELAY: '200' });
  const stateDir = await mkdtemp(join(tmpdir(), 'srcobs-console-e2e-'));
  const [testAppPort, traceAppPort] = [await freePort(), await freePort()];
  const env = await startLocalEnvironment({
    stateDir,
    config: defaultConfig(),
    ports: { http: 0, otlpHttp: 0, otlpGrpc: 0 },
    playground: { loadgenRate: 40, testAppPort, traceAppPort },
    // The service graph written every second instead of every 15 s, as the scrapes below are.
    serviceGraph: { flushIntervalMs: 1_000 },
    scrape: {
      intervalMs: 1_000,
      targets: [
        { job: 'test-app', url: `http://127.0.0.1:${testAppPort}/metrics`, labels: { namespace: 'playground', service: 'test-app' } },
        { job: 'trace-app', url: `http://127.0.0.1:${traceAppPort}/metrics`, labels: { namespace: 'playground', service: 'trace-app' } },
      ],
    },
    log: () => {},
  });
  t.after(async () => {
    await env.stop();
    await rm(stateDir, { recursive: true, force: true });
  });
  const base = env.consoleUrl;
  // The latency panel needs two scrapes of a /slow request (1-3 s) with its exemplar.
  await waitUntil(
    'a trace-app /slow exemplar in the metric store',
    async () => {
      const now = Math.floor(Date.now() / 1000);
      const res = await fetch(`${base}/api/v1/query_exemplars?query=${encodeURIComponent('http_server_request_duration_seconds_bucket{job="trace-app",route="/slow"}')}&start=${now - 300}&end=${now}`);
      const body = (await res.json()) as { data: Array<{ exemplars: Array<{ timestamp: number }> }> };
      return body.data.some((s) => s.exemplars.some((e) => e.timestamp < now - 3));
    },
    40_000,
    500,
  );

  const context = await launchChromium(t, chromiumPath);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });

  await t.test('home: rate, errors and duration of both services', async () => {
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.querySelectorAll('.red-table tbody tr').length >= 2, undefined, { timeout: UI_TIMEOUT });
    const rows = await page.locator('.red-table tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => r.startsWith('test-app') && /req\/s/.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => r.startsWith('trace-app') && /\d (ms|s)/.test(r)), rows.join('\n'));
    const loadMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
    t.diagnostic(`home page load event after ${Math.round(loadMs)} ms`);
    await shot(page, 'home');
  });

  await t.test('dashboards: the shipped dashboards are listed; a panel with no data says so', async () => {
    await page.getByRole('link', { name: 'Dashboards' }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('.card-list .card').length >= 4, undefined, { timeout: UI_TIMEOUT });
    const titles = await page.locator('.card-list h2').allInnerTexts();
    for (const t of ['Services: rate, errors, duration', 'Calls between services: client vs server latency', 'Telemetry pipeline health', 'OLA log compliance']) assert.ok(titles.includes(t), `${t} in ${titles.join(', ')}`);
    await shot(page, 'dashboards');
    await page.goto(`${base}/dashboards/srcobs-pipeline-health?from=now-15m`);
    const delivered = page.locator('article[aria-label="Delivered by the SDK"]');
    assert.ok((await chartPoints(page, 'article[aria-label="Delivered by the SDK"] .time-chart')) > 0, 'the SDK counters are scraped from the playground');
    await page.locator('article[aria-label="Alloy: log lines sent"] [data-no-data]').waitFor({ timeout: UI_TIMEOUT });
    assert.match(await page.locator('article[aria-label="Alloy: log lines sent"]').innerText(), /No data: the query returned nothing/);
    assert.equal(await delivered.locator('[data-no-data]').count(), 0);
    await shot(page, 'dashboard-pipeline-health');
  });

  await t.test('dashboard: calls between services, from the service graph the stack derives from spans, client against server', async () => {
    await page.goto(`${base}/dashboards/srcobs-call-latency?from=now-15m`);
    const panel = 'article[aria-label="p50 and p99: client vs server"]';
    assert.ok((await chartPoints(page, `${panel} .time-chart`)) > 0, 'latency quantiles of the trace-app -> test-app calls');
    assert.ok(Number(await page.getAttribute(`${panel} .time-chart`, 'data-series')) >= 2, 'the client side and the server side');
    await page.waitForFunction(() => /req\/s/.test(document.querySelector('article[aria-label="Calls per second"]')?.textContent ?? ''), undefined, { timeout: UI_TIMEOUT });
    await shot(page, 'dashboard-call-latency');
  });

  let traceId = '';
  await t.test('dashboard: the latency panel draws the quantiles with exemplars; the slowest opens its trace', async () => {
    await page.goto(`${base}/dashboards/srcobs-service-red?from=now-15m`);
    const panel = 'article[aria-label="Latency p50 / p90 / p99 per route"]';
    const points = await chartPoints(page, `${panel} .time-chart`);
    assert.ok(points > 0);
    assert.ok(Number(await page.getAttribute(`${panel} .time-chart`, 'data-series')) >= 3, 'p50, p90 and p99 of at least one route');
    await page.waitForFunction(() => /req\/s/.test(document.querySelector('article[aria-label="Request rate"]')?.textContent ?? ''), undefined, { timeout: UI_TIMEOUT });
    await shot(page, 'dashboard-service-red');
    traceId = await clickSlowExemplar(page, panel);
  });

  await t.test('trace: a waterfall of both services\' spans, nested by parent, with span details', async () => {
    assert.ok(traceId, 'an exemplar was opened');
    await page.waitForFunction(() => document.querySelectorAll('.waterfall .span-row').length >= 3, undefined, { timeout: UI_TIMEOUT });
    const rows = await page.locator('.waterfall .span-row').evaluateAll((els) => els.map((e) => ({ service: (e as HTMLElement).dataset['service'], depth: Number((e as HTMLElement).dataset['depth']) })));
    assert.equal(rows[0]!.service, 'trace-app');
    assert.equal(rows[0]!.depth, 0);
    assert.ok(rows.some((r) => r.service === 'test-app' && r.depth > 0), `a test-app span under trace-app's: ${JSON.stringify(rows)}`);
    await page.locator('.span-row[data-service="test-app"] .span-button').first().click();
    const details = page.getByRole('complementary', { name: 'Span details' });
    assert.match(await details.innerText(), /Service\s+test-app/);
    assert.match(await details.innerText(), /http\.route/);
    await shot(page, 'trace');
  });

  await t.test('logs for the trace: its lines, from both services, show the trace id', async () => {
    await page.getByRole('link', { name: 'Logs for this trace' }).click();
    await page.waitForURL('**/explore/logs?**');
    await page.waitForFunction(() => document.querySelectorAll('.log-row').length > 0, undefined, { timeout: UI_TIMEOUT });
    const lines = await page.locator('.log-row .log-line').allInnerTexts();
    assert.ok(lines.length > 0 && lines.every((l) => l.includes(traceId)), `every line names trace ${traceId}`);
    const services = await page.locator('.log-row').allInnerTexts();
    assert.ok(services.some((s) => s.includes('service_name=test-app')) && services.some((s) => s.includes('service_name=trace-app')), 'lines of both services');
    assert.ok((await chartPoints(page, '.volume .time-chart')) > 0, 'the volume histogram counts them');
    await shot(page, 'logs-for-trace');
    // A click on a label narrows the query to it.
    await page.getByRole('button', { name: 'Filter by service_name="test-app"' }).first().click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q')?.startsWith('{service_name="test-app"}'), undefined, { timeout: UI_TIMEOUT });
    await page.waitForFunction(() => document.querySelectorAll('.log-row').length > 0 && [...document.querySelectorAll('.log-row')].every((r) => !r.textContent?.includes('service_name=trace-app')), undefined, { timeout: UI_TIMEOUT });
  });

  await t.test('explore metrics: PromQL completion from the local API, a chart with points, exemplars and a table', async () => {
    await page.goto(`${base}/explore/metrics?from=now-5m`);
    const editor = page.getByRole('textbox', { name: 'PromQL query' });
    await editor.click();
    await page.keyboard.type('http_server_request_dur');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await completion.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await completion.innerText(), /http_server_request_duration_seconds_bucket/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('histogram_quantile(0.99, sum by (le, job) (rate(http_server_request_duration_seconds_bucket[1m])))');
    await page.keyboard.press('Shift+Enter');
    await page.waitForURL(/q=histogram_quantile/);
    assert.ok((await chartPoints(page, '.result .time-chart')) > 0);
    assert.equal(await page.getAttribute('.result .time-chart', 'data-series'), '2', 'one series per service');
    assert.ok((await page.locator('.result .exemplar-dot').count()) > 0, 'exemplars drawn as dots');
    assert.equal(await page.locator('.result .u-legend .u-series').count(), 3, 'the legend lists time and both series');
    await shot(page, 'explore-metrics');
    await page.getByRole('button', { name: 'Table' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.data-table tbody tr').length === 2, undefined, { timeout: UI_TIMEOUT });
    assert.match(await page.locator('.data-table').innerText(), /job="trace-app"/);
  });

  await t.test('traces: search by service and minimum duration finds the slow requests', async () => {
    await page.goto(`${base}/traces?from=now-15m`);
    await page.getByLabel('Service').selectOption('trace-app');
    await page.getByLabel('Min duration').fill('1s');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.trace-results tbody tr').length > 0, undefined, { timeout: UI_TIMEOUT });
    const rows = await page.locator('.trace-results tbody tr').allInnerTexts();
    assert.ok(rows.every((r) => r.includes('trace-app') && /\d(\.\d+)? s\b/.test(r)), rows.join('\n'));
    assert.match(await page.getByLabel('Query sent').innerText(), /\{ resource\.service\.name = "trace-app" && duration >= 1s \}/);
    await shot(page, 'traces');
  });

  await t.test('explore logs: live tail shows new lines as they arrive', async () => {
    await page.goto(`${base}/explore/logs?q=${encodeURIComponent('{service_name="test-app"}')}&live=1`);
    await page.waitForFunction(() => document.querySelectorAll('.log-row').length > 0, undefined, { timeout: UI_TIMEOUT });
    assert.match(await page.locator('.result-meta').first().innerText(), /^Live: \d+ lines/);
    await shot(page, 'logs-live');
  });

  await t.test('OLA: the five categories with volume, retention, last event and alert state', async () => {
    await page.goto(`${base}/ola?from=now-1h`);
    await page.waitForFunction(() => document.querySelectorAll('.ola-card').length === 5, undefined, { timeout: UI_TIMEOUT });
    const cards = await page.locator('.ola-card').allInnerTexts();
    for (const c of cards) {
      assert.match(c, /Retention\s+\d+ days configured, \d+ required/);
      assert.match(c, /Silence alert\s+(inactive|pending|firing|unknown)/);
    }
    // The verdict agrees with the cards: compliant only when no category has a problem.
    const failing = await page.locator('.ola-card.not-compliant').count();
    assert.match(await page.locator('.verdict').innerText(), failing === 0 ? /^Compliant/ : new RegExp(`^Not compliant: ${failing} of 5 categories`));
    await shot(page, 'ola');
  });

  await t.test('status: ingest, rejections, disk and both scrape targets up', async () => {
    await page.goto(`${base}/status`);
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Scrape targets"] .badge.good').length === 2, undefined, { timeout: UI_TIMEOUT });
    assert.match(await page.locator('table[aria-label="Ingested items"]').innerText(), /spans/);
    await shot(page, 'status');
  });

  assert.deepEqual(errors, [], 'no script errors in the page');
});
