import assert from 'node:assert/strict';
import { InvalidBatchError, QueryTimeoutError } from '../../model/errors.js';
import type { SpanRecord } from '../../model/spans.js';
import type { ContractCase } from './store-contract.js';
import { attr, span, traceId } from './fixtures.js';

const S = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

/** Three traces: checkout (svc api, error, slow), list (svc api), home (svc web), at increasing times. */
function fixture(): SpanRecord[] {
  return [
    span({ traceId: traceId(1), name: 'POST /checkout', startNs: S, endNs: S + 500n * MS, statusCode: 2, serviceName: 'api', attributes: [attr('http.method', 'POST'), { key: 'http.status_code', value: { intValue: '500' } }] }),
    span({ traceId: traceId(1), name: 'SELECT orders', kind: 3, startNs: S + 10n * MS, endNs: S + 20n * MS, serviceName: 'db', parentSpanId: '0000000000000fff', attributes: [attr('db.system', 'postgresql')] }),
    span({ traceId: traceId(2), name: 'GET /list', startNs: S + 1000n * MS, serviceName: 'api', attributes: [attr('http.method', 'GET')], resource: [attr('service.name', 'api'), attr('k8s.namespace.name', 'playground')] }),
    span({ traceId: traceId(3), name: 'GET /', startNs: S + 2000n * MS, serviceName: 'web', attributes: [attr('http.method', 'GET')] }),
  ];
}

export const TRACE_CASES: readonly ContractCase[] = [
  {
    name: 'traces: a trace by id returns every span in start order with all fields intact',
    async run(store) {
      const spans = fixture();
      const rich = span({
        traceId: traceId(1),
        startNs: S - 1n,
        endNs: 2n ** 63n - 1n,
        traceState: 'k=v',
        statusMessage: 'boom',
        attributes: [
          attr('s', 'x'),
          { key: 'b', value: { boolValue: true } },
          { key: 'i', value: { intValue: '-9223372036854775808' } },
          { key: 'd', value: { doubleValue: 1.5 } },
          { key: 'bytes', value: { bytesValue: 'AAEC' } },
          { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
          { key: 'kv', value: { kvlistValue: { values: [attr('nested', 'y')] } } },
          { key: 'empty', value: {} },
        ],
        events: [{ timeNs: S + 1n, name: 'exception', attributes: [attr('exception.message', 'bad')] }],
        links: [{ traceId: traceId(9), spanId: '00000000000000aa', traceState: '', attributes: [attr('l', '1')] }],
      });
      await store.appendSpans({ spans: [...spans.slice(0, 2), rich] });
      const got = store.traces.trace(traceId(1));
      assert.deepEqual(got, [rich, spans[0], spans[1]]);
      assert.deepEqual(store.traces.trace(traceId(77)), []);
    },
  },
  {
    name: 'traces: findTraceIds filters one span by service, name, kind, status, duration and attributes; newest first',
    async run(store) {
      await store.appendSpans({ spans: fixture() });
      const all = [S, S + 10_000n * MS] as const;
      const find = (f: Parameters<typeof store.traces.findTraceIds>[0], limit = 10, range: readonly [bigint, bigint] = all) => store.traces.findTraceIds(f, range[0], range[1], limit);
      assert.deepEqual(find({}), [traceId(3), traceId(2), traceId(1)]);
      assert.deepEqual(find({}, 2), [traceId(3), traceId(2)]);
      assert.deepEqual(find({ serviceName: 'api' }), [traceId(2), traceId(1)]);
      assert.deepEqual(find({ serviceName: 'api', name: 'GET /list' }), [traceId(2)]);
      assert.deepEqual(find({ kind: 3 }), [traceId(1)]);
      assert.deepEqual(find({ statusCode: 2 }), [traceId(1)]);
      assert.deepEqual(find({ minDurationNs: 100n * MS }), [traceId(1)]);
      assert.deepEqual(find({ maxDurationNs: 10n * MS }), [traceId(3), traceId(2), traceId(1)]);
      assert.deepEqual(find({ attributes: [{ scope: 'span', key: 'http.method', value: 'GET' }] }), [traceId(3), traceId(2)]);
      assert.deepEqual(find({ attributes: [{ scope: 'span', key: 'http.status_code', value: '500' }] }), [traceId(1)]);
      assert.deepEqual(find({ attributes: [{ scope: 'resource', key: 'k8s.namespace.name', value: 'playground' }] }), [traceId(2)]);
      assert.deepEqual(find({ attributes: [{ scope: 'any', key: 'service.name', value: 'web' }] }), [traceId(3)]);
      assert.deepEqual(find({ attributes: [{ scope: 'span', key: 'service.name', value: 'web' }] }), [], 'a resource attribute is not a span attribute');
      assert.deepEqual(find({ serviceName: 'db', attributes: [{ scope: 'span', key: 'http.method', value: 'POST' }] }), [], 'all conditions hold for one span');
      assert.deepEqual(find({}, 10, [S + 1000n * MS, S + 2000n * MS]), [traceId(2)], 'start inclusive, end exclusive');
    },
  },
  {
    name: 'traces: an attribute search finds a value seen again seconds after its first sighting, and nothing for a value never seen',
    async run(store) {
      const first = span({ traceId: traceId(1), startNs: S, attributes: [attr('user', 'ada')] });
      await store.appendSpans({ spans: [first] });
      const again = span({ traceId: traceId(2), startNs: S + 30_000n * MS, attributes: [attr('user', 'ada')], resource: first.resource });
      await store.appendSpans({ spans: [again] });
      const find = (value: string, scope: 'span' | 'any' = 'span') => store.traces.findTraceIds({ attributes: [{ scope, key: 'user', value }] }, S + 10_000n * MS, S + 40_000n * MS, 10);
      assert.deepEqual(find('ada'), [traceId(2)]);
      assert.deepEqual(find('ada', 'any'), [traceId(2)]);
      assert.deepEqual(find('bob'), []);
    },
  },
  {
    name: 'traces: tag names and values by scope and range',
    async run(store) {
      await store.appendSpans({ spans: fixture() });
      assert.deepEqual(store.traces.tagNames('span'), ['db.system', 'http.method', 'http.status_code']);
      assert.deepEqual(store.traces.tagNames('resource'), ['k8s.namespace.name', 'service.name']);
      assert.deepEqual(store.traces.tagValues('span', 'http.method').sort(), ['GET', 'POST']);
      assert.deepEqual(store.traces.tagValues('resource', 'service.name').sort(), ['api', 'db', 'web']);
      assert.deepEqual(store.traces.tagNames('span', S + 1500n * MS, S + 3000n * MS), ['http.method']);
      assert.deepEqual(store.traces.tagValues('span', 'http.method', S + 1500n * MS, S + 3000n * MS), ['GET']);
    },
  },
  {
    name: 'traces: a search past its deadline fails with QueryTimeoutError; malformed ids refuse the batch',
    async run(store) {
      await store.appendSpans({ spans: fixture() });
      assert.throws(() => store.traces.findTraceIds({}, S, S + 10_000n * MS, 10, { deadline: Date.now() - 1 }), QueryTimeoutError);
      await assert.rejects(store.appendSpans({ spans: [span({ traceId: 'XYZ' })] }), InvalidBatchError);
      await assert.rejects(store.appendSpans({ spans: [span({ traceId: traceId(5), spanId: '12' })] }), InvalidBatchError);
      assert.deepEqual(store.traces.trace(traceId(5)), []);
    },
  },
];
