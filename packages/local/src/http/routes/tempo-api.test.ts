import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import protobuf from 'protobufjs';
import { protoTypes } from '../../ingest/proto.js';
import { startLocalStack, type LocalStack } from '../../local-stack.js';
import type { SpanRecord } from '../../model/spans.js';
import type { Store } from '../../model/store.js';
import { createQueryRunner, type QueryRunner } from '../../query/runner/runner.js';
import type { TraceQLLimits } from '../../query/traceql/eval/engine.js';
import { TRACEQL_JOB_MODULE } from '../../query/traceql/jobs.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createTempoApiRoutes } from './tempo-api.js';

const S = 1_700_000_000n; // seconds
const T = S * 1_000_000_000n;
const MS = 1_000_000n;
/** A trace id with leading zeros: Tempo's search results drop them, and trace by id accepts it either way. */
const A = '00000000000000000000000000000abc';
const B = 'f00000000000000000000000000000b2';

function span(o: Partial<SpanRecord> & Pick<SpanRecord, 'traceId' | 'spanId' | 'name'>): SpanRecord {
  return {
    parentSpanId: '',
    traceState: '',
    kind: 2,
    startNs: T,
    endNs: T + 10n * MS,
    statusCode: 0,
    statusMessage: '',
    attributes: [],
    events: [],
    links: [],
    resource: [{ key: 'service.name', value: { stringValue: o.serviceName ?? 'api' } }],
    scope: { name: 'express', version: '4.0.0' },
    serviceName: 'api',
    ...o,
  };
}

const SPANS: SpanRecord[] = [
  span({
    traceId: A,
    spanId: '00000000000000a1',
    name: 'GET /checkout',
    statusCode: 2,
    statusMessage: 'boom',
    endNs: T + 120n * MS,
    attributes: [
      { key: 'http.method', value: { stringValue: 'GET' } },
      { key: 'http.status_code', value: { intValue: '500' } },
    ],
    resource: [
      { key: 'service.name', value: { stringValue: 'api' } },
      { key: 'k8s.namespace.name', value: { stringValue: 'playground' } },
    ],
  }),
  span({
    traceId: A,
    spanId: '00000000000000a2',
    parentSpanId: '00000000000000a1',
    name: 'SELECT',
    kind: 3,
    startNs: T + 10n * MS,
    endNs: T + 30n * MS,
    serviceName: 'db',
    attributes: [{ key: 'db.system', value: { stringValue: 'postgresql' } }],
    events: [{ timeNs: T + 15n * MS, name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'Timeout' } }] }],
    links: [{ traceId: B, spanId: '00000000000000b1', traceState: '', attributes: [] }],
    resource: [{ key: 'service.name', value: { stringValue: 'db' } }],
    scope: { name: 'pg', version: '8.0.0' },
  }),
  span({ traceId: B, spanId: '00000000000000b1', name: 'GET /health', statusCode: 1, startNs: T + 1000n * MS, endNs: T + 1005n * MS, attributes: [{ key: 'http.status_code', value: { intValue: '200' } }] }),
];

async function startTempo(store: Store, limits: Partial<TraceQLLimits> = {}): Promise<{ stack: LocalStack; runner: QueryRunner }> {
  const runner = createQueryRunner({ readers: store, modules: [{ url: TRACEQL_JOB_MODULE, options: limits }] });
  const stack = await startLocalStack({ store, prometheus: false, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {}, routes: () => createTempoApiRoutes({ runner, limits }) });
  return { stack, runner };
}

/** One request and Tempo's answer: exact text, a pattern, or a check of the parsed JSON. */
interface Case {
  readonly name: string;
  readonly path: string;
  readonly status: number;
  readonly body?: string | RegExp;
  readonly json?: (body: any) => void;
}

const window = `start=${S - 60n}&end=${S + 60n}`;

const cases: Case[] = [
  { name: 'echo', path: '/api/echo', status: 200, body: 'echo' },
  { name: 'buildinfo names a Tempo 2 version', path: '/api/status/buildinfo', status: 200, json: (b) => assert.match(b.version, /^2\.\d+\.\d+$/) },
  { name: 'unknown trace: 404', path: `/api/traces/${'1'.repeat(32)}`, status: 404, body: 'trace not found\n' },
  { name: 'unknown trace (v2): 404', path: `/api/v2/traces/${'1'.repeat(32)}`, status: 404, body: 'trace not found\n' },
  { name: 'a trace id that is not hex: 400', path: '/api/traces/xyz', status: 400, body: "trace IDs can only contain hex characters: invalid character 'x' at position 1\n" },
  { name: 'a trace id over 128 bits: 400', path: `/api/traces/${'a'.repeat(33)}`, status: 400, body: "trace IDs can't be larger than 128 bits\n" },
  { name: 'trace by id outside start/end: 404', path: `/api/traces/${A}?start=${S + 3600n}&end=${S + 7200n}`, status: 404, body: 'trace not found\n' },
  { name: 'trace by id inside start/end', path: `/api/traces/abc?${window}`, status: 200, json: (b) => assert.equal(b.batches.length, 2) },
  {
    name: 'search: TraceQL, most recent first, Tempo metadata',
    path: `/api/search?q=${encodeURIComponent('{ }')}&${window}`,
    status: 200,
    json: (b) => {
      assert.deepEqual(
        b.traces.map((t: any) => [t.traceID, t.rootServiceName, t.rootTraceName, t.startTimeUnixNano, t.durationMs]),
        [
          [B, 'api', 'GET /health', (T + 1000n * MS).toString(), 5],
          ['abc', 'api', 'GET /checkout', T.toString(), 120],
        ],
      );
      assert.deepEqual(b.traces[1].serviceStats, { api: { spanCount: 1, errorCount: 1 }, db: { spanCount: 1 } });
      assert.deepEqual(b.metrics, { inspectedTraces: 2, inspectedSpans: 3, completedJobs: 1, totalJobs: 1 });
    },
  },
  {
    name: 'search: spanSets with span ids, times, durations and the compared attributes',
    path: `/api/search?q=${encodeURIComponent('{ span.db.system = "postgresql" }')}&${window}`,
    status: 200,
    json: (b) => {
      const set = {
        spans: [
          {
            spanID: '00000000000000a2',
            name: 'SELECT',
            startTimeUnixNano: (T + 10n * MS).toString(),
            durationNanos: '20000000',
            attributes: [
              { key: 'service.name', value: { stringValue: 'db' } },
              { key: 'db.system', value: { stringValue: 'postgresql' } },
            ],
          },
        ],
        matched: 1,
      };
      assert.deepEqual(b.traces.length, 1);
      assert.deepEqual(b.traces[0].spanSets, [set]);
      assert.deepEqual(b.traces[0].spanSet, set);
    },
  },
  { name: 'search: limit', path: `/api/search?q=%7B%7D&limit=1&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces.map((t: any) => t.traceID), [B]) },
  { name: 'search: spss', path: `/api/search?q=%7B%7D&spss=1&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces[1].spanSet.spans.length + ':' + b.traces[1].spanSet.matched, '1:2') },
  { name: 'search: aggregates are spanset attributes', path: `/api/search?q=${encodeURIComponent('{ } | count() > 1')}&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces[0].spanSet.attributes, [{ key: 'count()', value: { intValue: '2' } }]) },
  { name: 'search: tags in logfmt (same span)', path: `/api/search?tags=${encodeURIComponent('service.name=api http.status_code=500')}&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces.map((t: any) => t.traceID), ['abc']) },
  { name: 'search: tags that no one span has', path: `/api/search?tags=${encodeURIComponent('service.name=db http.status_code=500')}&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces, []) },
  { name: 'search: legacy tags as parameters', path: '/api/search?name=GET%20%2Fhealth', status: 200, json: (b) => assert.deepEqual(b.traces.map((t: any) => t.traceID), [B]) },
  { name: 'search: minDuration on the trace', path: `/api/search?minDuration=100ms&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces.map((t: any) => t.traceID), ['abc']) },
  { name: 'search: maxDuration on the trace', path: `/api/search?maxDuration=50ms&${window}`, status: 200, json: (b) => assert.deepEqual(b.traces.map((t: any) => t.traceID), [B]) },
  { name: 'search: nothing in the window', path: `/api/search?q=%7B%7D&start=${S - 600n}&end=${S - 300n}`, status: 200, body: '{"traces":[],"metrics":{"inspectedTraces":0,"inspectedSpans":0,"completedJobs":1,"totalJobs":1}}' },
  // Errors: Tempo's status and plain-text messages.
  { name: 'search: parse error', path: '/api/search?q=%7B%20.a%20%3D%20%7D', status: 400, body: 'invalid TraceQL query: parse error at line 1, col 8: syntax error: unexpected "}"\n' },
  { name: 'search: type error', path: '/api/search?q=%7B%20name%20%3D%203%20%7D', status: 400, body: 'invalid TraceQL query: binary operations must operate on the same type: name = 3\n' },
  { name: 'search: bad limit', path: '/api/search?limit=x', status: 400, body: 'invalid limit: strconv.Atoi: parsing "x": invalid syntax\n' },
  { name: 'search: zero limit', path: '/api/search?limit=0', status: 400, body: 'invalid limit: must be a positive number\n' },
  { name: 'search: limit over the maximum', path: '/api/search?limit=100000', status: 400, body: 'limit 100000 exceeds max limit of 5000: ask for fewer traces\n' },
  { name: 'search: bad start', path: '/api/search?start=now', status: 400, body: 'invalid start: strconv.ParseInt: parsing "now": invalid syntax\n' },
  { name: 'search: end before start', path: '/api/search?start=20&end=10', status: 400, body: 'http parameter start must be before end. received start=20 end=10\n' },
  { name: 'search: range over 168h', path: `/api/search?start=0&end=${168 * 3600 + 1}`, status: 400, body: `range specified by start and end exceeds 168h0m0s. received start=0 end=${168 * 3600 + 1}\n` },
  { name: 'search: bad minDuration', path: '/api/search?minDuration=soon', status: 400, body: 'invalid minDuration: time: invalid duration "soon"\n' },
  { name: 'search: max below min', path: '/api/search?minDuration=2s&maxDuration=1s', status: 400, body: 'invalid maxDuration: must be greater than minDuration\n' },
  { name: 'search: tags set twice', path: '/api/search?tags=a%3D1%20a%3D2', status: 400, body: 'invalid tags: tag a has been set twice\n' },
  { name: 'search: structural operator on grouped spansets', path: `/api/search?q=${encodeURIComponent('({ } | by(name)) > { }')}`, status: 400, body: 'spanset operators are not supported for multiple spansets per trace. consider using coalesce()\n' },
  // Tags.
  { name: 'tags (v1)', path: '/api/search/tags', status: 200, body: '{"tagNames":["db.system","http.method","http.status_code","k8s.namespace.name","service.name"]}' },
  {
    name: 'tags (v2) by scope, intrinsics included',
    path: '/api/v2/search/tags',
    status: 200,
    json: (b) => {
      assert.deepEqual(b.scopes.slice(0, 2), [
        { name: 'span', tags: ['db.system', 'http.method', 'http.status_code'] },
        { name: 'resource', tags: ['k8s.namespace.name', 'service.name'] },
      ]);
      assert.equal(b.scopes[2].name, 'intrinsic');
      for (const t of ['name', 'status', 'kind', 'duration', 'rootServiceName', 'rootName', 'traceDuration', 'span:name', 'trace:rootService']) assert.ok(b.scopes[2].tags.includes(t), t);
    },
  },
  { name: 'tags (v2) of one scope', path: '/api/v2/search/tags?scope=resource', status: 200, body: '{"scopes":[{"name":"resource","tags":["k8s.namespace.name","service.name"]}]}' },
  { name: 'tags (v2) narrowed by q', path: `/api/v2/search/tags?scope=span&q=${encodeURIComponent('{ resource.service.name = "db" }')}`, status: 200, body: '{"scopes":[{"name":"span","tags":["db.system"]}]}' },
  { name: 'tags (v2) with a bad scope', path: '/api/v2/search/tags?scope=planet', status: 400, body: /^scope planet is not valid/ },
  { name: 'tag values (v1)', path: '/api/search/tag/service.name/values', status: 200, body: '{"tagValues":["api","db"]}' },
  { name: 'tag values (v2) keep the type: int', path: '/api/v2/search/tag/span.http.status_code/values', status: 200, body: '{"tagValues":[{"type":"int","value":"200"},{"type":"int","value":"500"}]}' },
  { name: 'tag values (v2): resource strings', path: '/api/v2/search/tag/resource.service.name/values', status: 200, body: '{"tagValues":[{"type":"string","value":"api"},{"type":"string","value":"db"}]}' },
  { name: 'tag values (v2): unscoped', path: '/api/v2/search/tag/.http.method/values', status: 200, body: '{"tagValues":[{"type":"string","value":"GET"}]}' },
  { name: 'tag values (v2): status keywords', path: '/api/v2/search/tag/status/values', status: 200, body: '{"tagValues":[{"type":"keyword","value":"unset"},{"type":"keyword","value":"ok"},{"type":"keyword","value":"error"}]}' },
  { name: 'tag values (v2): span names', path: '/api/v2/search/tag/name/values', status: 200, body: '{"tagValues":[{"type":"string","value":"GET /checkout"},{"type":"string","value":"GET /health"},{"type":"string","value":"SELECT"}]}' },
  { name: 'tag values (v2) narrowed by q', path: `/api/v2/search/tag/name/values?q=${encodeURIComponent('{ status = error }')}`, status: 200, body: '{"tagValues":[{"type":"string","value":"GET /checkout"}]}' },
  { name: 'tag values (v2): an unfinished q narrows nothing', path: `/api/v2/search/tag/resource.service.name/values?q=${encodeURIComponent('{ status = error && }')}`, status: 200, body: '{"tagValues":[{"type":"string","value":"api"},{"type":"string","value":"db"}]}' },
  { name: 'tag values (v2) of an invalid tag', path: '/api/v2/search/tag/not%20a%20tag/values', status: 400, body: 'tag name is not valid intrinsic or scoped attribute: not a tag\n' },
];

describe('Tempo HTTP API', () => {
  let stack: LocalStack;
  let runner: QueryRunner;
  before(async () => {
    const store = createInMemoryStore();
    await store.appendSpans({ spans: SPANS });
    ({ stack, runner } = await startTempo(store));
  });
  after(async () => {
    await stack.stop();
    await runner.close();
  });

  for (const c of cases) {
    test(c.name, async () => {
      const res = await fetch(stack.urls.http! + c.path);
      const body = await res.text();
      assert.equal(res.status, c.status, body);
      if (typeof c.body === 'string') assert.equal(body, c.body);
      else if (c.body) assert.match(body, c.body);
      if (c.json) c.json(JSON.parse(body));
      assert.match(res.headers.get('content-type') ?? '', res.status === 200 && c.path !== '/api/echo' ? /application\/json/ : /text\/plain/);
    });
  }

  test('trace by id (v1, JSON): batches per resource and scope, base64 ids, enums by name, times as strings', async () => {
    // Without leading zeros and in upper case: the same trace.
    const res = await fetch(`${stack.urls.http}/api/traces/ABC`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
    assert.deepEqual(body, {
      batches: [
        {
          resource: { attributes: SPANS[0]!.resource },
          scopeSpans: [
            {
              scope: { name: 'express', version: '4.0.0' },
              spans: [
                {
                  traceId: b64(A),
                  spanId: b64('00000000000000a1'),
                  name: 'GET /checkout',
                  kind: 'SPAN_KIND_SERVER',
                  startTimeUnixNano: T.toString(),
                  endTimeUnixNano: (T + 120n * MS).toString(),
                  attributes: SPANS[0]!.attributes,
                  status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                },
              ],
            },
          ],
        },
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'db' } }] },
          scopeSpans: [
            {
              scope: { name: 'pg', version: '8.0.0' },
              spans: [
                {
                  traceId: b64(A),
                  spanId: b64('00000000000000a2'),
                  parentSpanId: b64('00000000000000a1'),
                  name: 'SELECT',
                  kind: 'SPAN_KIND_CLIENT',
                  startTimeUnixNano: (T + 10n * MS).toString(),
                  endTimeUnixNano: (T + 30n * MS).toString(),
                  attributes: [{ key: 'db.system', value: { stringValue: 'postgresql' } }],
                  events: [{ timeUnixNano: (T + 15n * MS).toString(), name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'Timeout' } }] }],
                  links: [{ traceId: b64(B), spanId: b64('00000000000000b1') }],
                  status: {},
                },
              ],
            },
          ],
        },
      ],
    });
  });

  test('trace by id (v2, JSON): the trace under "trace" with resourceSpans', async () => {
    const body = (await (await fetch(`${stack.urls.http}/api/v2/traces/${A}`)).json()) as any;
    const v1 = (await (await fetch(`${stack.urls.http}/api/traces/${A}`)).json()) as any;
    assert.deepEqual(body, { trace: { resourceSpans: v1.batches }, status: 'COMPLETE' });
  });

  test('trace by id in protobuf when Accept asks: tempopb.Trace (v1) and TraceByIDResponse (v2), decoded with the OTLP schema', async () => {
    const type = protoTypes().exportTraceRequest;
    const decode = (bytes: Uint8Array): any => type.toObject(type.decode(bytes), { longs: String, bytes: String });
    const v1 = await fetch(`${stack.urls.http}/api/traces/${A}`, { headers: { accept: 'application/protobuf' } });
    assert.equal(v1.headers.get('content-type'), 'application/protobuf');
    const trace = decode(new Uint8Array(await v1.arrayBuffer()));
    const spans = trace.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans));
    assert.deepEqual(
      spans.map((s: any) => [Buffer.from(s.traceId, 'base64').toString('hex'), Buffer.from(s.spanId, 'base64').toString('hex'), s.name, s.kind, s.startTimeUnixNano, s.status?.code ?? 0]),
      [
        [A, '00000000000000a1', 'GET /checkout', 2, T.toString(), 2],
        [A, '00000000000000a2', 'SELECT', 3, (T + 10n * MS).toString(), 0],
      ],
    );
    assert.equal(trace.resourceSpans[0].resource.attributes[0].value.stringValue, 'api');
    assert.equal(spans[0].attributes[1].value.intValue, '500');
    // v2 wraps the same Trace message as field 1 of TraceByIDResponse.
    const v2 = new Uint8Array(await (await fetch(`${stack.urls.http}/api/v2/traces/${A}`, { headers: { accept: 'application/protobuf' } })).arrayBuffer());
    const reader = protobuf.Reader.create(v2);
    assert.equal(reader.uint32(), (1 << 3) | 2);
    assert.deepEqual(decode(reader.bytes()), trace);
    assert.equal(reader.pos, v2.length);
  });
});

describe('Tempo HTTP API limits', () => {
  test('a search that reads more spans than allowed: 422 with advice', async (t) => {
    const store = createInMemoryStore();
    await store.appendSpans({ spans: SPANS });
    const { stack, runner } = await startTempo(store, { maxSpansInspected: 2 });
    t.after(async () => {
      await stack.stop();
      await runner.close();
    });
    const res = await fetch(`${stack.urls.http}/api/search?q=${encodeURIComponent('{ }')}`);
    assert.equal(res.status, 422);
    assert.match(await res.text(), /^the search read more than 2 spans: narrow the time range/);
    // A search that stays under the limit still answers.
    assert.equal((await fetch(`${stack.urls.http}/api/search?q=${encodeURIComponent('{ name = "GET /health" }')}`)).status, 200);
  });

  test('a search past its time budget: 503', async (t) => {
    const store = createInMemoryStore();
    await store.appendSpans({ spans: SPANS });
    const { stack, runner } = await startTempo(store, { timeoutMs: -1 });
    t.after(async () => {
      await stack.stop();
      await runner.close();
    });
    const res = await fetch(`${stack.urls.http}/api/search?q=${encodeURIComponent('{ }')}`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /query timed out/);
  });
});
