import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLocalStack } from '@srcobs/local';
import { requireBinary } from '@srcobs/testkit';
import { launchChromium } from './browser.js';

test('console in Chromium with a token: opened once with ?token=, it drops the token from the address bar and every API call carries it', { timeout: 60_000 }, async (t) => {
  const chromiumPath = requireBinary(t, 'chromium');
  if (!chromiumPath) return;
  const dataDir = await mkdtemp(join(tmpdir(), 'srcobs-console-token-'));
  const token = 'console-e2e-token-0123456789abcdef';
  const stack = await startLocalStack({ dataDir, token, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {} });
  t.after(async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const base = stack.urls.http!;
  assert.equal((await fetch(`${base}/api/srcobs/status`)).status, 401, 'the stack wants the token');

  const page = await (await launchChromium(t, chromiumPath)).newPage();
  const unauthorized: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 401) unauthorized.push(r.url());
  });
  await page.goto(`${base}/status?token=${token}`);
  await page.locator('table[aria-label="Ingested items"]').waitFor({ timeout: 15_000 });
  assert.equal(new URL(page.url()).searchParams.get('token'), null, 'the token left the address bar');
  assert.equal(new URL(page.url()).pathname, '/status');
  // A page opened later, from a link without the token, still works: the token was kept.
  await page.goto(`${base}/explore/metrics?q=up`);
  await page.locator('.result, .empty').first().waitFor({ timeout: 15_000 });
  assert.deepEqual(unauthorized, [], 'no API call went without the token');

  const fresh = await (await launchChromium(t, chromiumPath)).newPage();
  await fresh.goto(`${base}/status`);
  await fresh.getByRole('alert').waitFor({ timeout: 15_000 });
  assert.match(await fresh.getByRole('alert').innerText(), /\?token=/, 'without the token the page says how to open it');
});
