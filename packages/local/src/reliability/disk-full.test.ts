import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '@srcobs/testkit';
import { encodeLokiPush } from '../ingest/wire.js';
import { instantValue, missing, readBack } from './read-back.js';
import { requireRoot } from './require-root.js';
import { createSenderState, describeLedgers, post, startSenders, type SenderLedger, type Senders, type SenderState } from './senders.js';
import { startStackChild, type StackChild } from './stack-child.js';
import { mountTmpfs, type Tmpfs } from './tmpfs.js';
import { WIRE_SIGNALS } from './wire-items.js';

const MIB = 1024 * 1024;
/** The data folder's filesystem: small enough to fill in a few seconds. */
const FS_BYTES = 24 * MIB;
/**
 * "Space comes back": the filesystem grows to this (`mount -o remount,size=`). It must leave room
 * for what the write-ahead log holds twice over: a checkpoint copies the WAL into the database
 * (which grows by as much), and the WAL file keeps its size afterwards (journal_size_limit). Runs
 * here filled the 24 MiB with a ~23 MiB WAL and needed 67 MiB after growth (a 43 MiB database plus
 * the 23 MiB WAL): 64 MiB passed or failed with the WAL's size at the moment the disk filled.
 */
const GROWN_FS_BYTES = 128 * MIB;
/** Lines of the filling push: random, so compression cannot save the disk. */
const FILL_LINE_BYTES = 16 * 1024;
const FILL_LINES_PER_PUSH = 16;
/** Statuses a full disk may produce: the write is refused (507, or 503/429 while the store is busy), never a 500. */
const REFUSALS = new Set([429, 503, 507]);

/** Pushes big random lines until the stack says the disk is full; returns the lines it acknowledged and the refusal. */
async function fillDisk(stack: StackChild): Promise<{ acked: number; refusal: { status: number; body: string } }> {
  let acked = 0;
  for (let push = 0; push < 1000; push++) {
    const entries = Array.from({ length: FILL_LINES_PER_PUSH }, (_, k) => ({ tsNs: BigInt(Date.now()) * 1_000_000n + BigInt(k), line: `fill ${push} ${randomBytes(FILL_LINE_BYTES * 0.75).toString('base64')}` }));
    const r = await post(`${stack.urls.http}/loki/api/v1/push`, { 'content-type': 'application/x-protobuf' }, encodeLokiPush([{ labels: '{sender="fill"}', entries }]));
    if (r.status === 204) acked += FILL_LINES_PER_PUSH;
    else if (r.status === 507) return { acked, refusal: r };
    else assert.ok(REFUSALS.has(r.status), `filling push ${push}: unexpected ${r.status} ${r.body.slice(0, 300)}`);
  }
  throw new Error(`the disk never filled: ${acked} lines acknowledged`);
}


async function assertAllAcknowledged(stack: StackChild, state: SenderState, when: string): Promise<void> {
  for (const [signal, ledger] of state.ledgers) {
    const found = await readBack({ http: stack.urls.http! }, signal, state.clock, [...ledger.acked, ...ledger.refused]);
    const lost = missing(ledger.acked, found);
    assert.deepEqual(lost.slice(0, 20), [], `${when}: ${lost.length} of ${ledger.acked.length} acknowledged ${signal} batches are not queryable`);
    // A refused batch was rolled back whole: none of its items may show up.
    const partial = ledger.refused.filter((id) => found.has(id));
    assert.deepEqual(partial.slice(0, 20), [], `${when}: refused ${signal} batches that were (partly) stored`);
  }
}

const snapshot = (state: SenderState): Map<string, Map<number, number>> => new Map([...state.ledgers].map(([s, l]) => [s, new Map(l.statuses)]));

test('disk full: on a real 24 MiB tmpfs, writes get 507 with a reason, reads keep answering, nothing acknowledged is lost, and ingest resumes once the disk grows', async (t) => {
  if (!requireRoot(t, 'the disk-full test')) return;
  let fs: Tmpfs | undefined;
  let stack: StackChild | undefined;
  let senders: Senders | undefined;
  t.after(async () => {
    await stack?.kill();
    await senders?.stop();
    fs?.unmount();
  });
  try {
    fs = mountTmpfs(FS_BYTES);
  } catch (error) {
    // Root without CAP_SYS_ADMIN (some containers) cannot mount: a reason to skip on a laptop, never in CI.
    const reason = `cannot mount a tmpfs: ${(error as Error).message.split('\n')[0]}`;
    if (process.env['CI'] === 'true') throw new Error(reason, { cause: error });
    t.skip(reason);
    return;
  }
  const dataDir = join(fs.dir, 'data');
  stack = await startStackChild({ stack: { dataDir } });
  const state = createSenderState(WIRE_SIGNALS);
  // Every signal keeps writing through the whole test, a batch at a time.
  senders = startSenders(stack.urls, state, { lanes: 1, pauseMs: 25, stopOnNetworkError: false });

  const fill = await fillDisk(stack);
  t.diagnostic(`disk full after ${fill.acked} acknowledged filling lines (${((fill.acked * FILL_LINE_BYTES) / MIB).toFixed(1)} MiB): ${fill.refusal.status} ${fill.refusal.body.trim()}`);
  assert.match(fill.refusal.body, /full/, 'the refusal says why');
  const atFull = snapshot(state);
  // Every signal's receiver refuses while the disk is full (a small write may still fit now and then).
  await waitUntil('every signal refused with 507', () => [...state.ledgers].every(([s, l]) => (l.statuses.get(507) ?? 0) > (atFull.get(s)!.get(507) ?? 0)), 20_000, 50);
  for (const l of state.ledgers.values()) assert.match(l.samples.get(507)!.body, /full/, `${l.signal}: the 507 says the disk is full`);
  // Stay full for a while under write pressure: flushes and compactions fail and retry meanwhile.
  await sleep(2_000);

  // Reads keep working on a full disk: every acknowledged item, the filling lines, and other queries.
  await assertAllAcknowledged(stack, state, 'while the disk is full');
  assert.equal(await instantValue({ http: stack.urls.http! }, '/loki/api/v1/query', 'sum(count_over_time({sender="fill"}[1h]))'), fill.acked, 'every acknowledged filling line, counted by LogQL');
  for (const path of ['/api/v1/query?query=count(reliability_rw)', '/loki/api/v1/labels', '/api/search?q=%7B%7D&limit=5', '/api/v1/labels'])
    assert.equal((await fetch(`${stack.urls.http}${path}`)).status, 200, `${path} answers while the disk is full`);

  // Space comes back: ingest resumes without a restart.
  fs.resize(GROWN_FS_BYTES);
  const freed = snapshot(state);
  const ackedAgain = (s: string, l: SenderLedger): boolean => [...l.statuses].some(([status, n]) => status >= 200 && status < 300 && n > (freed.get(s)!.get(status) ?? 0));
  await waitUntil('every signal acknowledged again', () => [...state.ledgers].every(([s, l]) => ackedAgain(s, l)), 20_000, 50).catch((error: unknown) => {
    const stuck = [...state.ledgers].filter(([s, l]) => !ackedAgain(s, l)).map(([s]) => s);
    throw new Error(`${(error as Error).message}: ${stuck.join(', ')} not acknowledged since the disk grew\n${describeLedgers(state)}\nstack log:\n${stack!.log().split('\n').slice(-15).join('\n')}`);
  });
  await sleep(500);
  await senders.stop();
  for (const l of state.ledgers.values())
    for (const status of l.statuses.keys()) assert.ok((status >= 200 && status < 300) || REFUSALS.has(status), `no ${status} answers (${describeLedgers(state)})`);
  assert.ok(stack.alive(), 'the stack never crashed');
  await assertAllAcknowledged(stack, state, 'after space returned');

  // A clean restart on the same folder finds everything too.
  await stack.stop();
  stack = await startStackChild({ stack: { dataDir } });
  await assertAllAcknowledged(stack, state, 'after a restart');
  assert.equal(await instantValue({ http: stack.urls.http! }, '/loki/api/v1/query', 'sum(count_over_time({sender="fill"}[1h]))'), fill.acked);
  for (const line of describeLedgers(state).split('\n')) t.diagnostic(line);
});
