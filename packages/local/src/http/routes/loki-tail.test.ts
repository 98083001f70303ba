// Live tail over a real WebSocket (the `ws` client, as Grafana's browser WebSocket speaks it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { startTestStack } from '../../testing/test-stack.js';
import { waitUntil } from '@srcobs/testkit';

interface TailMessage {
  streams: Array<{ stream: Record<string, string>; values: string[][] }>;
  dropped_entries: null;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: TailMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: TailMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as TailMessage));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

function lines(messages: readonly TailMessage[]): string[] {
  return messages.flatMap((m) => m.streams.flatMap((s) => s.values.map((v) => v[1]!)));
}

test('tail sends the recent lines, then new lines as they arrive, in Loki\'s message shape', async (t) => {
  const store = createInMemoryStore();
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  await store.appendLogs({ streams: [{ labels: { app: 'api' }, entries: [1n, 2n, 3n].map((i) => ({ tsNs: nowNs - 10_000_000_000n + i, line: `old ${i}` })) }] });
  const stack = await startTestStack(t, { loki: { tailPollMs: 20 } }, store);
  const url = `${stack.urls.http!.replace('http', 'ws')}/loki/api/v1/tail?${new URLSearchParams({ query: '{app="api"} != "skip"', limit: '2' })}`;
  const { ws, messages } = await connect(url);
  t.after(() => ws.close());
  // The first message: the newest `limit` lines since start, oldest first.
  await waitUntil('the first tail message', () => messages.length >= 1, 5_000, 10);
  assert.deepEqual(messages[0], { streams: [{ stream: { app: 'api' }, values: [[String(nowNs - 10_000_000_000n + 2n), 'old 2'], [String(nowNs - 10_000_000_000n + 3n), 'old 3']] }], dropped_entries: null });
  const later = BigInt(Date.now()) * 1_000_000n;
  await store.appendLogs({ streams: [{ labels: { app: 'api' }, entries: [{ tsNs: later, line: 'new one' }, { tsNs: later, line: 'skip me' }, { tsNs: later + 1n, line: 'new two' }] }] });
  await waitUntil('the new lines', () => lines(messages).includes('new two'), 5_000, 10);
  assert.deepEqual(lines(messages), ['old 2', 'old 3', 'new one', 'new two']);
});

test('tail refuses a bad query before upgrading, with Loki\'s 400 and message', async (t) => {
  const stack = await startTestStack(t);
  const base = `${stack.urls.http!.replace('http', 'ws')}/loki/api/v1/tail`;
  await assert.rejects(connect(`${base}?query=${encodeURIComponent('{app="api"')}`), /Unexpected server response: 400/);
  await assert.rejects(connect(`${base}?query=${encodeURIComponent('count_over_time({app="api"}[1m])')}`), /Unexpected server response: 400/);
  await assert.rejects(connect(`${base}?query=${encodeURIComponent('{app="api"}')}&delay_for=6`), /Unexpected server response: 400/);
  // A plain GET is told to use a WebSocket.
  const res = await fetch(`${stack.urls.http}/loki/api/v1/tail?query=${encodeURIComponent('{app="api"}')}`);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /WebSocket/);
});

test('tail needs the token when the stack has one', async (t) => {
  const stack = await startTestStack(t, { token: 'secret-token' });
  const url = `${stack.urls.http!.replace('http', 'ws')}/loki/api/v1/tail?query=${encodeURIComponent('{app="api"}')}`;
  await assert.rejects(connect(url), /Unexpected server response: 401/);
  const { ws } = await connect(url, { authorization: 'Bearer secret-token' });
  ws.close();
});
