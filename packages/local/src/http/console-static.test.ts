import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { tempDir } from '@srcobs/testkit';
import { send } from '../testing/http-client.js';
import { startTestStack } from '../testing/test-stack.js';
import type { ConsoleAssets } from './console-static.js';

const CLIENT_ROUTE = /^\/(?:explore\/metrics|traces(?:\/[0-9a-f]+)?)?$/;

/** A built console as `npm run build` writes it: index.html and hashed assets. */
async function builtConsole(t: TestContext): Promise<ConsoleAssets> {
  const dir = await tempDir(t, 'srcobs-console-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/main-ABC.js"></script>');
  writeFileSync(join(dir, 'assets', 'main-ABC.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(join(dir, 'assets', 'main-ABC.css'), 'body{}');
  return { dir, clientRoute: CLIENT_ROUTE };
}

test('console: index.html at / and at client routes (revalidated), hashed assets cached for a year, compressed when asked', async (t) => {
  const stack = await startTestStack(t, { console: await builtConsole(t) });
  const base = stack.urls.http!;
  for (const path of ['/', '/explore/metrics', '/traces/0af7651916cd43dd8448eb211c80319c']) {
    const page = await send(`${base}${path}`, { method: 'GET' });
    assert.equal(page.status, 200, path);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.match(page.text(), /main-ABC\.js/);
  }
  const js = await send(`${base}/assets/main-ABC.js`, { method: 'GET', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(js.headers['content-encoding'], 'gzip');
  assert.ok(js.body.length < 200, `compressed to ${js.body.length} bytes`);
  assert.match(gunzipSync(js.body).toString(), /^console\.log/);
  const css = await send(`${base}/assets/main-ABC.css`, { method: 'GET' });
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(css.headers['content-encoding'], undefined, 'tiny files and clients without gzip get the plain bytes');
  assert.equal(css.text(), 'body{}');
  const again = await send(`${base}/assets/main-ABC.css`, { method: 'GET', headers: { 'if-none-match': String(css.headers['etag']) } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
});

test('console: the APIs keep their paths, unknown pages and assets are 404, and no path leaves the assets folder', async (t) => {
  const stack = await startTestStack(t, { console: await builtConsole(t) });
  const base = stack.urls.http!;
  assert.equal((await send(`${base}/healthz`, { method: 'GET' })).text(), 'ok\n');
  assert.match((await send(`${base}/metrics`, { method: 'GET' })).text(), /srcobs_/);
  assert.equal((await send(`${base}/explore/nothing`, { method: 'GET' })).status, 404);
  assert.equal((await send(`${base}/assets/main-XYZ.js`, { method: 'GET' })).status, 404);
  for (const path of ['/assets/..%2Findex.html', '/assets/../index.html', '/assets/.hidden', '/assets/a%2F..%2F..%2Fpackage.json']) assert.equal((await send(`${base}${path}`, { method: 'GET' })).status, 404, path);
  assert.equal((await send(`${base}/`, { method: 'POST', body: '' })).status, 405);
});

test('console: bound off loopback, the page and its assets load without the token, the data APIs still need it', async (t) => {
  const stack = await startTestStack(t, { host: '0.0.0.0', console: await builtConsole(t) });
  const base = stack.urls.http!.replace('0.0.0.0', '127.0.0.1');
  assert.equal((await send(`${base}/traces/abc`, { method: 'GET' })).status, 200);
  assert.equal((await send(`${base}/assets/main-ABC.js`, { method: 'GET' })).status, 200);
  assert.equal((await send(`${base}/api/srcobs/status`, { method: 'GET' })).status, 401);
  assert.equal((await send(`${base}/api/v1/query?query=up`, { method: 'GET' })).status, 401);
  assert.equal((await send(`${base}/api/v1/nothing`, { method: 'GET' })).status, 401, 'an unknown path says nothing without the token');
  assert.equal((await send(`${base}/api/srcobs/status`, { method: 'GET', headers: { authorization: `Bearer ${stack.token}` } })).status, 200);
});

test('console: before the console is built, / says how to build it and the APIs work', async (t) => {
  const stack = await startTestStack(t, { console: { dir: join(await tempDir(t), 'missing'), clientRoute: CLIENT_ROUTE } });
  const page = await send(`${stack.urls.http}/`, { method: 'GET' });
  assert.equal(page.status, 503);
  assert.match(page.text(), /npm run build/);
  assert.equal((await send(`${stack.urls.http}/healthz`, { method: 'GET' })).status, 200);
});
