import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { tempDir } from '@srcobs/testkit';
import WebSocket from 'ws';
import { QUERY_ENDPOINTS } from './fuzz-queries.js';
import { listeningSockets } from './listening-sockets.js';
import { sendRequest } from './senders.js';
import { startStackChild } from './stack-child.js';

const TOKEN = 'reliability-token-0123456789abcdefghijklmnop';

const portOf = (url: string): number => Number(/:(\d+)$/.exec(url)![1]);

test('security: by default every socket the stack listens on is bound to 127.0.0.1, as the kernel lists them', async (t) => {
  const stack = await startStackChild({ stack: { dataDir: await tempDir(t) } });
  t.after(() => stack.kill());
  const sockets = listeningSockets(stack.pid);
  t.diagnostic(`listening: ${sockets.map((s) => `${s.address}:${s.port}`).join(', ')}`);
  for (const url of [stack.urls.http!, stack.urls.otlpHttp!, stack.urls.otlpGrpc!]) assert.ok(sockets.some((s) => s.port === portOf(url)), `${url} is among the listening sockets`);
  for (const s of sockets) assert.equal(s.address, '127.0.0.1', `${s.address}:${s.port} is loopback only`);
});

/** One request without the token, one with a wrong one, one with the right one. */
async function tokenCheck(url: string, method: string): Promise<{ none: number; wrong: number; right: number }> {
  const body = method === 'POST' ? '' : undefined;
  const none = await sendRequest(method, url, {}, body);
  const wrong = await sendRequest(method, url, { authorization: 'Bearer not-the-token' }, body);
  const right = await sendRequest(method, url, { authorization: `Bearer ${TOKEN}` }, body);
  return { none: none.status, wrong: wrong.status, right: right.status };
}

function wsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

function grpcExport(address: string, token: string | undefined): Promise<number> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) =>
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), metadata, (err) => {
      client.close();
      resolve(err?.code ?? grpc.status.OK);
    }),
  );
}

test('security: bound to 0.0.0.0, every receiver, query API, self endpoint, live tail and OTLP/gRPC call needs the token; the console page is static files without data or token', async (t) => {
  const dir = await tempDir(t);
  const stack = await startStackChild({ environment: true, playground: false, console: true, stateDir: join(dir, 'state'), stack: { dataDir: join(dir, 'data'), host: '0.0.0.0', token: TOKEN } });
  t.after(() => stack.kill());
  const sockets = listeningSockets(stack.pid);
  assert.ok(sockets.some((s) => s.port === portOf(stack.urls.http!)), `${stack.urls.http} is among the listening sockets`);
  for (const s of sockets) assert.equal(s.address, '0.0.0.0', 'bound where asked');
  assert.ok(!stack.log().includes(TOKEN), 'a token the user chose is never printed');
  const http = stack.urls.http!.replace('0.0.0.0', '127.0.0.1');
  const otlp = stack.urls.otlpHttp!.replace('0.0.0.0', '127.0.0.1');

  const endpoints: Array<[string, string]> = [
    ...['/v1/traces', '/v1/metrics', '/v1/logs'].flatMap((p): Array<[string, string]> => [
      ['POST', `${otlp}${p}`],
      ['POST', `${http}${p}`],
    ]),
    ['POST', `${http}/otlp/v1/logs`],
    ['POST', `${http}/loki/api/v1/push`],
    ['POST', `${http}/api/v1/write`],
    ...QUERY_ENDPOINTS.map((e): [string, string] => ['GET', `${http}${e.path.replace('{}', 'job')}`]),
    ['GET', `${http}/metrics`],
    ['GET', `${http}/healthz`],
    ['GET', `${http}/ready`],
    ['GET', `${otlp}/healthz`],
  ];
  for (const [method, url] of endpoints) {
    const r = await tokenCheck(url, method);
    assert.deepEqual([r.none, r.wrong], [401, 401], `${method} ${url} without or with a wrong token`);
    assert.notEqual(r.right, 401, `${method} ${url} with the token`);
  }
  // Nothing the stack serves repeats the token.
  for (const path of ['/api/srcobs/status', '/metrics', '/api/v1/status/flags', '/api/v1/status/config', '/api/status/buildinfo']) {
    const r = await sendRequest('GET', `${http}${path}`, { authorization: `Bearer ${TOKEN}` }, undefined);
    assert.equal(r.status, 200, path);
    assert.ok(!r.body.includes(TOKEN), `${path} does not show the token`);
  }
  const viaQuery = await sendRequest('GET', `${http}/api/v1/query?query=1&token=${TOKEN}`, {}, undefined);
  assert.equal(viaQuery.status, 200, '?token= works for links the console opens');

  const tail = `${http.replace('http:', 'ws:')}/loki/api/v1/tail?query=${encodeURIComponent('{sender="x"}')}`;
  assert.equal(await wsStatus(tail), 401, 'live tail without the token');
  assert.equal(await wsStatus(tail, { authorization: `Bearer ${TOKEN}` }), 101, 'live tail with the token');
  assert.equal(await grpcExport(stack.urls.otlpGrpc!.replace('0.0.0.0', '127.0.0.1'), undefined), grpc.status.UNAUTHENTICATED, 'OTLP/gRPC without the token');
  assert.equal(await grpcExport(stack.urls.otlpGrpc!.replace('0.0.0.0', '127.0.0.1'), TOKEN), grpc.status.OK, 'OTLP/gRPC with the token');

  // The console's page and assets load without the token (a login-less page must load to ask for
  // it), so they must hold nothing of the stack's: no token, no data; every API it calls needs the token.
  const page = await sendRequest('GET', `${http}/`, {}, undefined);
  assert.equal(page.status, 200);
  const assets = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(assets.length > 0, 'the page links its assets');
  for (const path of ['/', ...assets]) {
    const r = await sendRequest('GET', `${http}${path}`, {}, undefined);
    assert.equal(r.status, 200, path);
    assert.ok(!r.body.includes(TOKEN), `${path} does not carry the token`);
  }
  t.diagnostic(`${endpoints.length} endpoints refuse requests without the token; the console page and ${assets.length} assets are public`);
});
