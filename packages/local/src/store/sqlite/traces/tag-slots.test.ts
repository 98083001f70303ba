import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '@srcobs/testkit';
import { StoreFullError } from '../../../model/errors.js';
import type { KeyValue, SpanRecord } from '../../../model/spans.js';
import type { SpanFilter } from '../../../model/store.js';
import { attr, span, traceId } from '../../contract/fixtures.js';
import { SeededRandom } from '../../contract/seeded-random.js';
import { createInMemoryStore } from '../../memory/memory-store.js';
import { DB_FILE } from '../connection.js';
import { createSqliteStore } from '../sqlite-store.js';
import { dayOf, SLOT_SECONDS, slotOf, TAG_SLOTS_FROM_KEY, TagSlotsReader, type TagCondition } from './tag-slots.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const SEC = 1_000_000_000n;
const SLOT = BigInt(SLOT_SECONDS) * SEC;
/** 2023-11-15T22:00:00Z: the spans below cross a UTC midnight, where the index changes day. */
const T0 = 1_700_085_600n * SEC;
const USERS = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay'];

function spans(r: SeededRandom, n: number): SpanRecord[] {
  const out: SpanRecord[] = [];
  let t = T0;
  for (let i = 0; i < n; i++) {
    // Mostly milliseconds apart, now and then an hour: slots with many spans and days with few.
    t += r.chance(0.02) ? 3600n * SEC : BigInt(r.int(0, 400)) * 1_000_000n;
    const attributes: KeyValue[] = [];
    if (r.chance(0.8)) attributes.push(attr('user', r.pick(USERS)));
    // A second value under the same key: filters compare the first one only.
    if (r.chance(0.1)) attributes.push(attr('user', r.pick(USERS)));
    if (r.chance(0.3)) attributes.push({ key: 'code', value: { intValue: String(r.pick([200, 500])) } });
    out.push(
      span({
        traceId: traceId(r.int(1, 200)),
        startNs: t,
        serviceName: r.pick(['api', 'web']),
        attributes,
        resource: [attr('service.name', 'x'), attr('zone', r.pick(['a', 'b'])), ...(r.chance(0.2) ? [attr('user', r.pick(USERS))] : [])],
      }),
    );
  }
  return out;
}

function filters(r: SeededRandom): SpanFilter {
  const user = r.pick([...USERS, 'never']);
  return r.pick<SpanFilter>([
    { attributes: [{ scope: 'span', key: 'user', value: user }] },
    { attributes: [{ scope: 'any', key: 'user', value: user }] },
    { attributes: [{ scope: 'resource', key: 'user', value: user }] },
    { serviceName: 'web', attributes: [{ scope: 'span', key: 'user', value: user }, { scope: 'resource', key: 'zone', value: r.pick(['a', 'b']) }] },
    { attributes: [{ scope: 'span', key: 'code', value: '500' }, { scope: 'any', key: 'user', value: user }] },
  ]);
}

test('attribute searches through the slots index find what the reference finds, across days and restarts', async (t) => {
  const dir = await tempDir(t);
  const r = new SeededRandom(7);
  const all = spans(r, 3000);
  const ref = createInMemoryStore();
  let store = await createSqliteStore({ dataDir: dir, logger: quiet });
  for (let i = 0; i < all.length; i += 100) {
    const batch = { spans: all.slice(i, i + 100) };
    await Promise.all([ref.appendSpans(batch), store.appendSpans(batch)]);
    if (i === 1500) {
      await store.close();
      store = await createSqliteStore({ dataDir: dir, logger: quiet });
    }
  }
  t.after(() => store.close());
  const first = all[0]!.startNs;
  const last = all.at(-1)!.startNs;
  for (let q = 0; q < 150; q++) {
    const f = filters(r);
    const a = first + BigInt(Math.floor(r.next() * Number(last - first)));
    const b = first + BigInt(Math.floor(r.next() * Number(last - first)));
    const [from, to] = q < 20 ? [first, last + 1n] : a < b ? [a, b] : [b, a + 1n];
    const limit = r.pick([1, 5, 1000]);
    assert.deepEqual(store.traces.findTraceIds(f, from, to, limit), ref.traces.findTraceIds(f, from, to, limit), `${JSON.stringify(f)} [${from}, ${to}) limit ${limit}`);
  }

  // The index itself: every span holding a value starts inside one of its ranges, which cover no more slots than the value was seen in.
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  t.after(() => db.close());
  const index = new TagSlotsReader(db);
  for (const user of USERS) {
    const ranges = [...index.ranges([{ scope: 'span', key: 'user', value: user }], first, last + 1n)];
    const holding = all.filter((s) => s.attributes.some((kv) => kv.key === 'user' && 'stringValue' in kv.value && kv.value.stringValue === user));
    for (const s of holding) assert.ok(ranges.some(([a, b]) => s.startNs >= a && s.startNs < b), `${user}: the span at ${s.startNs} is in a range`);
    const slots = new Set(holding.map((s) => slotOf(s.startNs)));
    const covered = ranges.reduce((n, [a, b]) => n + Number((b - a + SLOT - 1n) / SLOT), 0);
    assert.ok(covered <= slots.size, `${user}: ${covered} slots read for ${slots.size} seen`);
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i]![1] < ranges[i - 1]![0], `${user}: ranges newest first, apart`);
  }
  assert.deepEqual([...index.ranges([{ scope: 'any', key: 'user', value: 'never' }], first, last + 1n)], []);
});

test('a database of schema 2 (no slots index) is upgraded in place; its spans stay searchable and new ones are indexed', async (t) => {
  const dir = await tempDir(t);
  const old = span({ traceId: traceId(1), startNs: T0, attributes: [attr('user', 'ada')] });
  let store = await createSqliteStore({ dataDir: dir, logger: quiet });
  await store.appendSpans({ spans: [old] });
  await store.close();
  // What schema 2 had: no index, no coverage mark.
  const raw = new Database(join(dir, DB_FILE));
  raw.exec(`DROP TABLE span_tag_slots; DELETE FROM meta WHERE k = '${TAG_SLOTS_FROM_KEY}'`);
  raw.pragma('user_version = 2');
  raw.close();

  store = await createSqliteStore({ dataDir: dir, logger: quiet });
  t.after(() => store.close());
  await store.appendSpans({ spans: [span({ traceId: traceId(2), startNs: T0 + 5n * SEC, attributes: [attr('user', 'ada')] })] });
  const find = (value: string) => store.traces.findTraceIds({ attributes: [{ scope: 'span', key: 'user', value }] }, T0, T0 + 10n * SEC, 10);
  assert.deepEqual(find('ada'), [traceId(2), traceId(1)]);
  assert.deepEqual(find('bob'), []);
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), 3);
  assert.equal(new TagSlotsReader(db).coveredFrom(), T0 + 1n, 'the index covers what comes after the newest span of schema 2');
});

test('after a commit fails (full disk), the same value in the same slot is indexed again and found', async (t) => {
  const store = await createSqliteStore({ dataDir: await tempDir(t), logger: quiet });
  t.after(() => store.close());
  await store.appendSpans({ spans: [span({ traceId: traceId(1), startNs: T0, attributes: [attr('user', 'ada')] })] });
  store.setHardLimitBytes(store.stats().usedBytes);
  // The first span is staged (and its value noted as written for that slot) before the second one fills the disk.
  const bob = span({ traceId: traceId(2), startNs: T0 + SEC, attributes: [attr('user', 'bob')] });
  const big = span({ traceId: traceId(4), startNs: T0 + SEC, attributes: [attr('payload', 'x'.repeat(200_000))] });
  await assert.rejects(store.appendSpans({ spans: [bob, big] }), StoreFullError);
  store.setHardLimitBytes(undefined);
  await store.appendSpans({ spans: [span({ traceId: traceId(3), startNs: T0 + SEC, attributes: [attr('user', 'bob')] })] });
  assert.deepEqual(store.traces.findTraceIds({ attributes: [{ scope: 'span', key: 'user', value: 'bob' }] }, T0, T0 + 10n * SEC, 10), [traceId(3)]);
});

test('retention deletes the index days its spans left, and a late span in such a day is indexed again', async (t) => {
  const dir = await tempDir(t);
  const nowMs = Number((T0 + 3n * 86_400n * SEC) / 1_000_000n);
  const store = await createSqliteStore({ dataDir: dir, logger: quiet, now: () => nowMs, retention: { intervalMs: 3_600_000, tracesDays: 1 } });
  t.after(() => store.close());
  const old = T0 - 86_400n * SEC;
  const recent = BigInt(nowMs) * 1_000_000n - 60n * SEC;
  await store.appendSpans({ spans: [span({ traceId: traceId(1), startNs: old, attributes: [attr('user', 'ada')] }), span({ traceId: traceId(2), startNs: recent, attributes: [attr('user', 'ada')] })] });
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  t.after(() => db.close());
  const days = () => db.prepare('SELECT DISTINCT day FROM span_tag_slots ORDER BY day').pluck().all() as number[];
  assert.equal(days().length, 2);
  const report = await store.runRetention();
  assert.equal(report.spans, 1);
  assert.deepEqual(days(), [dayOf(recent)], 'the old day is gone from the index');
  const find = () => store.traces.findTraceIds({ attributes: [{ scope: 'span', key: 'user', value: 'ada' }] }, 0n, 2n ** 62n, 10);
  assert.deepEqual(find(), [traceId(2)]);
  // A late span in the slot the deleted rows covered: the writer no longer takes it as indexed.
  await store.appendSpans({ spans: [span({ traceId: traceId(3), startNs: old, attributes: [attr('user', 'ada')] })] });
  assert.deepEqual(find(), [traceId(2), traceId(3)]);
});

test('a value seen in more slots than one page of the index, under both scopes, is walked without a gap or a repeat', async (t) => {
  const dir = await tempDir(t);
  const store = await createSqliteStore({ dataDir: dir, logger: quiet });
  t.after(() => store.close());
  // `user` is denser as a span attribute, `team` as a resource attribute: either page can end first.
  const every = { user: { span: 2, resource: 3 }, team: { span: 3, resource: 2 } } as const;
  const seen = (key: 'user' | 'team', scope: 'span' | 'resource', s: number) => s % every[key][scope] === 0;
  const batch: SpanRecord[] = [];
  for (let s = 0; s < 3000; s++) {
    const attrs = (scope: 'span' | 'resource') => (['user', 'team'] as const).filter((k) => seen(k, scope, s)).map((k) => attr(k, 'ada'));
    batch.push(span({ traceId: traceId(s + 1), startNs: T0 + BigInt(s) * SLOT, attributes: attrs('span'), resource: [attr('service.name', 'x'), ...attrs('resource')] }));
  }
  for (let i = 0; i < batch.length; i += 500) await store.appendSpans({ spans: batch.slice(i, i + 500) });
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  t.after(() => db.close());
  const index = new TagSlotsReader(db);
  const newestFirst = (list: number[]) => list.sort((x, y) => y - x);
  const walked = (conditions: TagCondition[]) =>
    newestFirst([...index.ranges(conditions, T0, T0 + 3000n * SLOT)].flatMap(([a, b]) => Array.from({ length: Number((b - a) / SLOT) }, (_, k) => Number((a - T0) / SLOT) + k)));
  const expected = (test: (s: number) => boolean) => newestFirst(Array.from({ length: 3000 }, (_, s) => s).filter(test));
  for (const key of ['user', 'team'] as const) {
    const c = (scope: 'span' | 'resource' | 'any'): TagCondition => ({ scope, key, value: 'ada' });
    assert.deepEqual(walked([c('any')]), expected((s) => seen(key, 'span', s) || seen(key, 'resource', s)), `${key} in any scope`);
    assert.deepEqual(walked([c('span')]), expected((s) => seen(key, 'span', s)), `${key} as a span attribute`);
    assert.deepEqual(walked([c('resource')]), expected((s) => seen(key, 'resource', s)), `${key} as a resource attribute`);
    assert.deepEqual(walked([c('span'), c('resource')]), expected((s) => seen(key, 'span', s) && seen(key, 'resource', s)), `${key} in both`);
    const any = store.traces.findTraceIds({ attributes: [c('any')] }, T0, T0 + 3000n * SLOT, 5000);
    assert.equal(any.length, expected((s) => seen(key, 'span', s) || seen(key, 'resource', s)).length);
  }
});
