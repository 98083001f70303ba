import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { tempDir, waitUntil } from '@srcobs/testkit';
import { SeededRandom } from '../store/contract/seeded-random.js';
import { DB_FILE } from '../store/sqlite/connection.js';
import { missing, readBack } from './read-back.js';
import { createSenderState, describeLedgers, startSenders, type SenderState } from './senders.js';
import { startStackChild, type StackChild } from './stack-child.js';
import { WIRE_SIGNALS } from './wire-items.js';

const SEED = 20_250_801;
/** Kills per signal: each round kills the stack once while all five signals are being written. */
const ROUNDS = 3;

/** Every batch any round acknowledged comes back whole through the query APIs. */
async function assertNothingLost(stack: StackChild, state: SenderState, when: string): Promise<void> {
  for (const [signal, ledger] of state.ledgers) {
    const found = await readBack({ http: stack.urls.http! }, signal, state.clock, ledger.acked);
    const lost = missing(ledger.acked, found);
    assert.deepEqual(lost.slice(0, 20), [], `${when}: ${lost.length} of ${ledger.acked.length} acknowledged ${signal} batches are not (all) queryable\n${describeLedgers(state)}`);
  }
}

test(`crash: kill -9 at random points during sustained ingest of every signal, ${ROUNDS} times; every acknowledged item is queryable after each restart (seed ${SEED})`, async (t) => {
  const dataDir = await tempDir(t);
  const random = new SeededRandom(SEED);
  const state = createSenderState(WIRE_SIGNALS);
  const report: string[] = [];
  let current: StackChild | undefined;
  t.after(() => current?.kill());
  for (let round = 1; round <= ROUNDS + 1; round++) {
    // The store opens as it was left: no repair step, and the HTTP APIs answer.
    const stack = (current = await startStackChild({ stack: { dataDir } }));
    await assertNothingLost(stack, state, `restart ${round - 1}`);
    if (round > ROUNDS) {
      await stack.stop();
      break;
    }

    const before = new Map([...state.ledgers].map(([s, l]) => [s, l.acked.length]));
    const senders = startSenders(stack.urls, state, { lanes: 3 });
    // Sustained: every signal has been acknowledged a few times in this round before the kill is armed.
    await waitUntil('every signal acknowledged this round', () => [...state.ledgers].every(([s, l]) => l.acked.length >= before.get(s)! + 5), 20_000, 10);
    const delay = random.int(20, 1500);
    await sleep(delay);
    await stack.kill();
    await senders.stop();
    report.push(`round ${round}: killed ${delay} ms into sustained ingest; acked this round: ${[...state.ledgers].map(([s, l]) => `${s} ${l.acked.length - before.get(s)!}`).join(', ')}`);

    // SQLite finds the files intact as the kill left them (before the stack replays anything).
    const raw = new Database(join(dataDir, DB_FILE), { readonly: true });
    assert.equal(raw.pragma('quick_check', { simple: true }), 'ok', `round ${round}: quick_check after kill -9`);
    raw.close();
  }
  for (const line of [...report, ...describeLedgers(state).split('\n')]) t.diagnostic(line);
  for (const ledger of state.ledgers.values()) assert.ok(ledger.acked.length >= ROUNDS * 5, `${ledger.signal}: ingest was sustained`);
});
