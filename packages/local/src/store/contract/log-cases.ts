import assert from 'node:assert/strict';
import { InvalidBatchError, QueryLimitError } from '../../model/errors.js';
import type { LogEntry } from '../../model/logs.js';
import type { Store } from '../../model/store.js';
import type { ContractCase } from './store-contract.js';
import { m } from './fixtures.js';

const S = 1_700_000_000_000_000_000n;

function plain(entries: Iterable<LogEntry>): Array<[bigint, string, Record<string, string> | undefined]> {
  return [...entries].map((e) => [e.tsNs, e.line, e.metadata && Object.keys(e.metadata).length > 0 ? { ...e.metadata } : undefined]);
}

function streamId(store: Store, app: string, start = 0n, end = 2n ** 63n - 1n): number {
  const refs = store.logs.streams([m('app', '=', app)], start, end);
  assert.equal(refs.length, 1, `one stream app=${app}`);
  return refs[0]!.id;
}

export const LOG_CASES: readonly ContractCase[] = [
  {
    name: 'logs: acknowledged lines are readable at once, forward and backward, in [start, end)',
    async run(store) {
      await store.appendLogs({ streams: [{ labels: { app: 'a', ola_category: 'system_application' }, entries: [0n, 1n, 2n, 3n].map((i) => ({ tsNs: S + i, line: `line ${i}` })) }] });
      const id = streamId(store, 'a');
      assert.deepEqual(plain(store.logs.entries(id, S + 1n, S + 3n, 'forward')).map((e) => e[1]), ['line 1', 'line 2']);
      assert.deepEqual(plain(store.logs.entries(id, S + 1n, S + 3n, 'backward')).map((e) => e[1]), ['line 2', 'line 1']);
      assert.deepEqual(plain(store.logs.entries(id, S + 4n, S + 9n, 'forward')), []);
      assert.deepEqual(store.logs.streams([m('app', '=', 'a')], S + 4n, S + 9n), [], 'end is exclusive: no stream without entries in range');
      assert.deepEqual(store.logs.streams([m('app', '=', 'a')], S + 3n, S + 4n).length, 1);
    },
  },
  {
    name: 'logs: out-of-order entries come back sorted, equal timestamps in arrival order (reversed backward)',
    async run(store) {
      const labels = { app: 'ooo' };
      await store.appendLogs({ streams: [{ labels, entries: [{ tsNs: S + 5n, line: 'e' }, { tsNs: S + 1n, line: 'a' }, { tsNs: S + 3n, line: 'c1' }] }] });
      await store.appendLogs({ streams: [{ labels, entries: [{ tsNs: S + 3n, line: 'c2' }, { tsNs: S + 2n, line: 'b' }, { tsNs: S + 4n, line: 'd' }] }] });
      const id = streamId(store, 'ooo');
      assert.deepEqual(plain(store.logs.entries(id, S, S + 10n, 'forward')).map((e) => e[1]), ['a', 'b', 'c1', 'c2', 'd', 'e']);
      assert.deepEqual(plain(store.logs.entries(id, S, S + 10n, 'backward')).map((e) => e[1]), ['e', 'd', 'c2', 'c1', 'b', 'a']);
    },
  },
  {
    name: 'logs: nanosecond timestamps near 2^63 and at 0 keep every digit',
    async run(store) {
      const max = 2n ** 63n - 1n;
      const entries = [0n, 1n, max - 2n, max - 1n, max].map((tsNs, i) => ({ tsNs, line: `at ${i}` }));
      await store.appendLogs({ streams: [{ labels: { app: 'big' }, entries }] });
      const id = streamId(store, 'big');
      assert.deepEqual(plain(store.logs.entries(id, 0n, max, 'forward')).map((e) => e[0]), [0n, 1n, max - 2n, max - 1n]);
      assert.deepEqual(plain(store.logs.entries(id, max - 2n, max, 'backward')).map((e) => e[0]), [max - 1n, max - 2n]);
    },
  },
  {
    name: 'logs: unicode lines, empty lines and structured metadata round-trip',
    async run(store) {
      const entries: LogEntry[] = [
        { tsNs: S, line: 'héllo wörld ✓ 日本語 🎉', metadata: { trace_id: '0af7651916cd43dd8448eb211c80319c', level: 'info' } },
        { tsNs: S + 1n, line: '' },
        { tsNs: S + 2n, line: 'x'.repeat(100_000) },
        { tsNs: S + 3n, line: 'tab\tnew\nline "quoted" \\ back', metadata: { user: 'ü' } },
      ];
      await store.appendLogs({ streams: [{ labels: { app: 'u', ola_category: 'auth_access' }, entries }] });
      const got = plain(store.logs.entries(streamId(store, 'u'), S, S + 4n, 'forward'));
      assert.deepEqual(got, plain(entries));
    },
  },
  {
    name: 'logs: stream matchers, label names and values honour the range',
    async run(store) {
      await store.appendLogs({
        streams: [
          { labels: { app: 'api', env: 'prod' }, entries: [{ tsNs: S, line: 'a' }] },
          { labels: { app: 'web', env: 'dev' }, entries: [{ tsNs: S, line: 'b' }] },
          { labels: { app: 'job', team: 't' }, entries: [{ tsNs: S - 1_000_000_000n, line: 'c' }] },
        ],
      });
      const apps = (ms: ReturnType<typeof m>[], start = S, end = S + 1n) => store.logs.streams(ms, start, end).map((r) => r.labels.app).sort();
      assert.deepEqual(apps([m('env', '=~', '.+')]), ['api', 'web']);
      assert.deepEqual(apps([m('app', '=~', '.+'), m('env', '!=', 'prod')]), ['web']);
      assert.deepEqual(apps([m('app', '=~', '.+')], S - 1_000_000_000n), ['api', 'job', 'web']);
      assert.deepEqual(store.logs.labelNames(S, S + 1n), ['app', 'env']);
      assert.deepEqual(store.logs.labelNames(S - 1_000_000_000n, S + 1n), ['app', 'env', 'team']);
      assert.deepEqual(store.logs.labelValues('app', S, S + 1n, [m('env', '=', 'dev')]), ['web']);
      assert.deepEqual(store.logs.labelValues('env', S - 1_000_000_000n, S + 1n), ['dev', 'prod']);
    },
  },
  {
    name: 'logs: entries() is lazy: taking the first lines of a long stream returns them',
    async run(store) {
      const entries = Array.from({ length: 5000 }, (_, i) => ({ tsNs: S + BigInt(i) * 1000n, line: `request ${i} handled in ${i % 97} ms` }));
      for (let i = 0; i < entries.length; i += 1000) await store.appendLogs({ streams: [{ labels: { app: 'long' }, entries: entries.slice(i, i + 1000) }] });
      const id = streamId(store, 'long');
      const firstThree: string[] = [];
      for (const e of store.logs.entries(id, S, S + 10_000_000n, 'backward')) {
        firstThree.push(e.line);
        if (firstThree.length === 3) break;
      }
      assert.deepEqual(firstThree, ['request 4999 handled in 52 ms', 'request 4998 handled in 51 ms', 'request 4997 handled in 50 ms']);
      assert.equal([...store.logs.entries(id, S, S + 10_000_000n, 'forward')].length, 5000);
    },
  },
  {
    name: 'logs: an entries() filter hint may leave out lines without its strings, and reports what it left out',
    async run(store) {
      const line = (i: number): string => (i % 500 === 7 ? `ab` : i % 500 === 8 ? `cd end` : `request ${i} handled in ${i % 97} ms${i % 13 === 0 ? ' für ü' : ''}`);
      const entries = Array.from({ length: 5000 }, (_, i) => ({ tsNs: S + BigInt(i) * 1000n, line: line(i), ...(i % 3 === 0 ? { metadata: { trace_id: `t${i}` } } : {}) }));
      for (let i = 0; i < entries.length; i += 1000) await store.appendLogs({ streams: [{ labels: { app: 'hint' }, entries: entries.slice(i, i + 1000) }] });
      const id = streamId(store, 'hint');
      const bytes = (e: LogEntry): [number, number] => [Buffer.byteLength(e.line), Object.entries(e.metadata ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0)];
      // 'bc' spans two stored lines ('ab' then 'cd end'): no line contains it.
      const needles = ['handled in 7 ms', 'ü', 'bc'];
      for (const direction of ['forward', 'backward'] as const) {
        const all = plain(store.logs.entries(id, S, S + 10_000_000n, direction));
        let skippedLines = 0;
        let skippedLineBytes = 0;
        let skippedMetadataBytes = 0;
        const got = plain(store.logs.entries(id, S, S + 10_000_000n, direction, {
          lineContainsAny: needles,
          onSkipped(lines, lineBytes, metadataBytes) {
            skippedLines += lines;
            skippedLineBytes += lineBytes;
            skippedMetadataBytes += metadataBytes;
          },
        }));
        const wanted = all.filter((e) => needles.some((n) => e[1].includes(n)));
        assert.deepEqual(got.filter((e) => needles.some((n) => e[1].includes(n))), wanted, `${direction}: every line with a string, in order`);
        assert.ok(wanted.length > 50);
        const left = all.filter((e) => !got.some((g) => g[0] === e[0]));
        assert.equal(skippedLines, left.length, `${direction}: skipped lines reported`);
        const leftBytes = left.map((e) => bytes({ tsNs: e[0], line: e[1], ...(e[2] ? { metadata: e[2] } : {}) }));
        assert.equal(skippedLineBytes, leftBytes.reduce((n, b) => n + b[0], 0));
        assert.equal(skippedMetadataBytes, leftBytes.reduce((n, b) => n + b[1], 0));
      }
    },
  },
  {
    name: 'logs: maxSeries on streams fails with QueryLimitError; a bad stream refuses the batch',
    async run(store) {
      await store.appendLogs({ streams: [1, 2, 3].map((i) => ({ labels: { app: `a${i}` }, entries: [{ tsNs: S, line: 'x' }] })) });
      assert.throws(() => store.logs.streams([m('app', '=~', 'a.')], S, S + 1n, { maxSeries: 2 }), QueryLimitError);
      await assert.rejects(store.appendLogs({ streams: [{ labels: { app: 'ok' }, entries: [{ tsNs: S, line: 'x' }] }, { labels: { 'bad-name': 'x' }, entries: [{ tsNs: S, line: 'y' }] }] }), InvalidBatchError);
      await assert.rejects(store.appendLogs({ streams: [{ labels: { app: 'ok' }, entries: [{ tsNs: -1n, line: 'x' }] }] }), InvalidBatchError);
      assert.deepEqual(store.logs.streams([m('app', '=', 'ok')], 0n, S * 2n), []);
    },
  },
];
