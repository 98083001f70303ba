import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { saturate } from './saturate.js';

test('saturate keeps every connection busy and reports requests, errors and latency percentiles', async (t) => {
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    res.statusCode = req.url === '/boom' ? 500 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const ok = await saturate({ url: `http://127.0.0.1:${port}/fast`, connections: 4, durationSeconds: 0.5, warmupSeconds: 0.1 });
  assert.ok(ok.requests > 10, `only ${ok.requests} requests`);
  assert.ok(served >= ok.requests, 'warm-up requests are served but not counted');
  assert.equal(ok.errors, 0);
  assert.ok(ok.p50Ms > 0 && ok.p99Ms >= ok.p50Ms);
  const bad = await saturate({ url: `http://127.0.0.1:${port}/boom`, connections: 2, durationSeconds: 0.3, warmupSeconds: 0 });
  assert.equal(bad.errors, bad.requests, 'every 5xx is an error');
});

test('a closed port counts errors instead of failing the run', async () => {
  const r = await saturate({ url: 'http://127.0.0.1:1/fast', connections: 2, durationSeconds: 0.2, warmupSeconds: 0 });
  assert.equal(r.requests, 0);
  assert.ok(r.errors > 0);
});
