import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceSearchResponse } from '../eval/search.js';
import { renderResult } from './render.js';
import { ScriptSyntaxError } from '../../script-harness/errors.js';
import { ScriptSession } from '../../script-harness/runner.js';
import { TRACEQL_SCRIPTS, type TraceScriptEngine } from './runner.js';
import { parseScript, searchParams, type TraceScriptCommand as ScriptCommand } from './script.js';
import { idFor, parseSpanLine, SCRIPT_BASE_NS, spanIdFor } from './span-notation.js';

const SCRIPT = `# comment
load
    t1  root      api  "GET /"  server  error  1s    +10ms  span.code=500 span.ratio=0.5 span.ok=true span."a b"="x" resource.env="dev" msg="boom"
    t1  root/db   db   query    client  unset  1.5s  +1ms   event="exception"@1.5s event.type="E" link=t2:root link.why="retry" scope=pg@1.2

eval instant at 10s limit 5 spss 2 { status = error }
    t1:   root

eval range from 0s to 2s step 1s { }
    expect fail msg: nope

eval instant at 1m { }
    expect attributes
`;

test('parseScript reads load blocks, eval options, expectations and result lines', () => {
  const cmds = parseScript(SCRIPT, 'x.test');
  assert.deepEqual(
    cmds.map((c) => [c.kind, c.line]),
    [
      ['load', 2],
      ['eval', 6],
      ['eval', 9],
      ['eval', 12],
    ],
  );
  const [load, first, second, third] = cmds as [ScriptCommand, ScriptCommand, ScriptCommand, ScriptCommand];
  assert.equal(load.kind === 'load' && load.items.length, 2);
  assert.ok(first.kind === 'eval' && second.kind === 'eval' && third.kind === 'eval');
  assert.deepEqual([first.expr, first.results], ['{ status = error }', ['t1: root']]);
  assert.deepEqual(searchParams(first), { startNs: SCRIPT_BASE_NS, endNs: SCRIPT_BASE_NS + 10_000_000_000n + 1n, limit: 5, spss: 2 });
  assert.deepEqual([searchParams(second).startNs, searchParams(second).endNs, second.fail], [SCRIPT_BASE_NS, SCRIPT_BASE_NS + 2_000_000_000n + 1n, { message: 'nope' }]);
  assert.deepEqual([searchParams(third).limit, searchParams(third).spss, third.flags.has('attributes')], [20, 3, true]);
});

test('parseScript reports the file and line of what it cannot read', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['load\n    t1 root api x sideways unset 0s +1ms\n', 2, /invalid kind sideways/],
    ['load\n    t1 root api x server unset 0s 1ms\n', 2, /write it as \+10ms/],
    ['load\n    t1 root api x server unset 0s +1ms span.a=bare\n', 2, /invalid value bare/],
    ['\n\nfrobnicate\n', 3, /invalid command/],
    ['eval instant at 1m { }\n    t1 root\n', 2, /invalid result line/],
    ['eval instant at soon { }\n', 1, /invalid time "soon"/],
    ['eval instant at 1m { }\n    expect fail\n    t1: root\n', 1, /cannot list results/],
    ['load 1m\n', 1, /takes no interval/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(
      () => parseScript(text, 'bad.test'),
      (e: unknown) => e instanceof ScriptSyntaxError && e.line === line && e.file === 'bad.test' && message.test(e.message),
      text,
    );
  }
});

test('span lines give typed attributes, parent links by name, events, links and scope', () => {
  const { record: db, parent } = parseSpanLine('t1 root/db db query client unset 1.5s +1ms span.n=1 span.f=1.5 span.b=false span.s="x" span.arr=["a",2] event="exception"@1.6s event.type="E" link=t2:root link.why="retry" scope=pg@1.2');
  assert.equal(parent, 'root');
  assert.equal(db.traceId, idFor('t1', 32));
  assert.equal(db.spanId, spanIdFor('t1', 'db'));
  assert.equal(db.parentSpanId, spanIdFor('t1', 'root'));
  assert.deepEqual(
    db.attributes.map((a) => a.value),
    [{ intValue: '1' }, { doubleValue: 1.5 }, { boolValue: false }, { stringValue: 'x' }, { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } }],
  );
  assert.deepEqual(db.events, [{ name: 'exception', timeNs: SCRIPT_BASE_NS + 1_600_000_000n, attributes: [{ key: 'type', value: { stringValue: 'E' } }] }]);
  assert.deepEqual(db.links, [{ traceId: idFor('t2', 32), spanId: spanIdFor('t2', 'root'), traceState: '', attributes: [{ key: 'why', value: { stringValue: 'retry' } }] }]);
  assert.deepEqual(db.scope, { name: 'pg', version: '1.2' });
  assert.deepEqual([db.kind, db.statusCode, db.endNs - db.startNs, db.serviceName], [3, 0, 1_000_000n, 'db']);
  // Names that are ids already are kept, so scripts can query span:id and trace:id.
  const hex = parseSpanLine('000000000000000000000000000000ab 00000000000000cd svc n server ok 0s +1ms').record;
  assert.deepEqual([hex.traceId, hex.spanId, hex.statusCode], ['000000000000000000000000000000ab', '00000000000000cd', 1]);
});

test('results render one line per spanset with attributes and matched counts', () => {
  const t = idFor('t1', 32);
  const res: TraceSearchResponse = {
    traces: [
      {
        traceID: t.replace(/^0+/, ''),
        rootServiceName: 'api',
        startTimeUnixNano: '0',
        spanSets: [
          { spans: [{ spanID: spanIdFor('t1', 'root'), name: 'x', startTimeUnixNano: '0', durationNanos: '1', attributes: [{ key: 'service.name', value: { stringValue: 'api' } }, { key: 'n', value: { intValue: '5' } }] }], matched: 4, attributes: [{ key: 'count()', value: { intValue: '4' } }] },
        ],
      },
    ],
    metrics: { inspectedTraces: 1, inspectedSpans: 4, completedJobs: 1, totalJobs: 1 },
  };
  const names = { traces: new Map([[t, 't1']]), spans: new Map([[`${t}/${spanIdFor('t1', 'root')}`, 'root']]) };
  assert.deepEqual(renderResult(res, names, false), ['t1: root {count()=4} (matched 4)']);
  assert.deepEqual(renderResult(res, names, true), ['t1: root[n=5] {count()=4} (matched 4)']);
});

test('a session fails an eval whose result or failure differs from the script', async () => {
  const engine = (result: TraceSearchResponse | Error): TraceScriptEngine => ({
    append: async () => {},
    search: () => {
      if (result instanceof Error) throw result;
      return result;
    },
  });
  const empty: TraceSearchResponse = { traces: [], metrics: { inspectedTraces: 0, inspectedSpans: 0, completedJobs: 1, totalJobs: 1 } };
  const cmds = parseScript('eval instant at 1m { }\n    t1: root\n\neval instant at 1m { }\n    expect fail msg: broken\n\neval instant at 1m { }\n', 's.test');
  await assert.rejects(new ScriptSession(TRACEQL_SCRIPTS, cmds, () => engine(empty)).runEvalAt(0), /result line 1: expected t1: root, got \(no more lines\)/);
  await assert.rejects(new ScriptSession(TRACEQL_SCRIPTS, cmds, () => engine(empty)).runEvalAt(1), /expected the query to fail/);
  await assert.rejects(new ScriptSession(TRACEQL_SCRIPTS, cmds, () => engine(new Error('other'))).runEvalAt(1), /broken/);
  await assert.rejects(new ScriptSession(TRACEQL_SCRIPTS, cmds, () => engine(new Error('surprise'))).runEvalAt(2), /surprise/);
  await new ScriptSession(TRACEQL_SCRIPTS, cmds, () => engine(empty)).runEvalAt(2);
});
