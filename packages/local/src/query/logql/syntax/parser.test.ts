import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogQLParseError } from './errors.js';
import { parseLogQL } from './parser.js';
import { formatLogQL } from './printer.js';

const ROUND_TRIP = [
  '{app="a"}',
  '{app="a", env=~"p.*", x!="y", z!~"q"}',
  '{app="a"} |= "x" or "y" != "z" |~ `\\d+` !~ "(?i)err" |> "<_> a <_>" !> "b <_>"',
  '{app="a"} | json | json a="b.c", d="e[0]" | logfmt --strict --keep-empty | logfmt x, y="z"',
  '{app="a"} | regexp "(?P<x>\\\\d+)" | pattern "<a> <b>" | unpack | decolorize',
  '{app="a"} | x > 250ms and y <= 20MB or z=~"q" , w != 3 | v == -1.5',
  '{app="a"} | line_format "{{.a}}\\n" | label_format a=b, c="{{.d}}" | drop a, b="c" | keep x, y=~"z"',
  'count_over_time({app="a"}[5m])',
  'sum by (a, b) (rate({app="a"} |= "x" [1h30m] offset 5m))',
  'quantile_over_time(0.99, {app="a"} | logfmt | unwrap duration(latency) | __error__="" [1m]) by (route)',
  'sum_over_time({app="a"}[5m] offset 1m | logfmt | unwrap bytes(size))',
  'topk(3, sum without (pod) (bytes_rate({app="a"}[1m])))',
  'sort_desc(count_over_time({app="a"}[1m]))',
  'sum(rate({a="b"}[1m])) / on (x) group_left (y) sum(rate({a="c"}[1m])) > bool 0.5',
  'count_over_time({a="b"}[1m]) and ignoring (c) count_over_time({a="d"}[1m]) or vector(0)',
  'label_replace(rate({a="b"}[1m]), "dst", "$1", "src", "(.*)")',
  'absent_over_time({a="b"}[1d])',
];

test('printing a parsed query and parsing it again gives the same tree', () => {
  for (const q of ROUND_TRIP) {
    const expr = parseLogQL(q);
    const printed = formatLogQL(expr);
    assert.deepEqual(parseLogQL(printed), expr, `${q}\n -> ${printed}`);
  }
});

test('binary operators follow Loki\'s precedence (the lezer grammar alone does not)', () => {
  assert.deepEqual(parseLogQL('1 + 2 * 3'), { kind: 'literal', value: 7 });
  assert.deepEqual(parseLogQL('2 ^ 3 ^ 2'), { kind: 'literal', value: 512 });
  assert.deepEqual(parseLogQL('(1 + 2) * 3'), { kind: 'literal', value: 9 });
  assert.deepEqual(parseLogQL('10 - 4 - 3'), { kind: 'literal', value: 3 });
  const e = parseLogQL('vector(1) > 0 or vector(2) and vector(3) + 1 * 2');
  assert.equal(formatLogQL(e), '((vector(1) > 0) or (vector(2) and (vector(3) + 2)))');
});

test('label filters: and binds tighter than or, a comma is and, parentheses group', () => {
  const stage = (q: string) => {
    const e = parseLogQL(q);
    assert.equal(e.kind, 'log');
    return e.kind === 'log' ? e.stages[0] : undefined;
  };
  assert.deepEqual(stage('{a="b"} | x=1 or y=2 and z=3'), {
    kind: 'label_filter',
    filter: {
      kind: 'or',
      left: { kind: 'number', name: 'x', op: '==', value: 1 },
      right: { kind: 'and', left: { kind: 'number', name: 'y', op: '==', value: 2 }, right: { kind: 'number', name: 'z', op: '==', value: 3 } },
    },
  });
  assert.deepEqual(stage('{a="b"} | d >= 1.5s'), { kind: 'label_filter', filter: { kind: 'duration', name: 'd', op: '>=', value: 1.5, text: '1.5s' } });
  assert.deepEqual(stage('{a="b"} | s < 2KiB'), { kind: 'label_filter', filter: { kind: 'bytes', name: 's', op: '<', value: 2048, text: '2KiB' } });
});

test('strings decode as Go literals', () => {
  const e = parseLogQL('{a="\\u00e9\\x41\\n\\"q\\""} |= `raw\\n`');
  assert.equal(e.kind, 'log');
  if (e.kind !== 'log') return;
  assert.equal(e.matchers[0]!.value, 'éA\n"q"');
  assert.deepEqual(e.stages[0], { kind: 'line_filter', filter: { op: '|=', values: ['raw\\n'] } });
});

const ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['', 'parse error at line 1, col 1: syntax error: unexpected $end'],
  ['{app="a"', 'parse error at line 1, col 9: syntax error: unexpected $end'],
  ['{app="a"} |= "x" |\n  json |', 'parse error at line 2, col 9: syntax error: unexpected $end'],
  ['{app=a}', 'parse error at line 1, col 6: syntax error: unexpected IDENTIFIER'],
  ['{app="a"} |= 3', 'parse error at line 1, col 14: syntax error: unexpected NUMBER'],
  ['{app=~".*"}', 'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will'],
  ['count_over_time({a="b"}[5m] | unwrap x)', 'parse error : invalid aggregation count_over_time with unwrap'],
  ['avg_over_time({a="b"}[5m])', 'parse error : invalid aggregation avg_over_time without unwrap'],
  ['quantile_over_time({a="b"} | unwrap x [5m])', 'parse error : parameter required for operation quantile_over_time'],
  ['rate(0.5, {a="b"}[5m])', 'parse error : parameter 0.5 not supported for operation rate'],
  ['bytes_rate({a="b"}[5m]) by (x)', 'parse error : grouping not allowed for bytes_rate aggregation'],
  ['bottomk(1.5, rate({a="b"}[5m]))', 'parse error : invalid parameter bottomk(1.5,'],
  ['rate({a="b"}[5m]) unless 2', 'parse error : unexpected literal for right leg of logical/set binary operation (unless): 2'],
  ['rate({a="b"}[5m]) + bool 1', 'parse error : bool modifier can only be used on comparison operators'],
  ['{a="b"} | label_format __error__="x"', "parse error : stage '| label_format' : __error__ cannot be formatted"],
  ['{a="b"} |~ "["', 'parse error : error parsing regexp: missing closing ]: `[`'],
  ['{a="b\\q"}', 'parse error at line 1, col 4: syntax error: invalid escape \\q'],
];

test('errors carry Loki\'s message, line and column', () => {
  for (const [q, message] of ERRORS) {
    assert.throws(
      () => parseLogQL(q),
      (e: unknown) => {
        assert.ok(e instanceof LogQLParseError, q);
        assert.equal(e.message, message, q);
        assert.equal(e.query, q);
        return true;
      },
    );
  }
  const e = (() => {
    try {
      parseLogQL('{app="a"}\n |= "x" | = y');
    } catch (error) {
      return error as LogQLParseError;
    }
    return undefined;
  })();
  assert.deepEqual([e?.line, e?.col], [2, 11]);
});
