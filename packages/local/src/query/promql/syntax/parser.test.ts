import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from './errors.js';
import { formatDuration, parseDuration, parseNumberLiteral, unquoteString } from './lexical.js';
import { parsePromQL } from './parser.js';
import { formatExpr } from './printer.js';

// Messages and positions as the real Prometheus 2.42 gives them (probed through its HTTP API).
const errors: Array<[string, string]> = [
  ['foo +', '1:6: parse error: unexpected end of input'],
  ['foo bar', '1:5: parse error: unexpected identifier "bar"'],
  ['foo{a="b"', '1:10: parse error: unexpected end of input inside braces'],
  ['sum(foo', '1:8: parse error: unclosed left parenthesis'],
  ['foo[5m', '1:7: parse error: unclosed left bracket'],
  ['foo(bar)', '1:1: parse error: unknown function with name "foo"'],
  ['1 +* 2', '1:4: parse error: unexpected <op:*>'],
  ['rate(foo)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
  ['foo[0s]', '1:5: parse error: duration must be greater than 0'],
  ['foo[5m:0s]', '1:8: parse error: duration must be greater than 0'],
  ['(foo) offset 5m', '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['foo offset 1m offset 2m', '1:1: parse error: offset may not be set multiple times'],
  ['{a=""}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['sum(1)', '1:5: parse error: expected type instant vector in aggregation expression, got scalar'],
  ['topk(foo)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1'],
  ['1 > 2', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
  ['foo and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['foo + on(a) 1', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['"abc', '1:1: parse error: unterminated quoted string'],
  ['label_join(foo)', '1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 1'],
  ['round(foo,1,2)', '1:1: parse error: expected at most 2 argument(s) in call to "round", got 3'],
  ['-foo[5m]', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
  ['foo{a="b"} @ 100 @ 200', '1:1: parse error: @ <timestamp> may not be set multiple times'],
  ['rate(foo[5m] @ inf)', '1:6: parse error: timestamp out of bounds for @ modifier: +Inf'],
  ['foo + bool 1', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['sum by (a) (x) by (b)', '1:16: parse error: unexpected <by>'],
  ['count_values(1, foo)', '1:14: parse error: expected type string in aggregation parameter, got scalar'],
  ['x[5m:1m][5m:1m]', '1:1: parse error: subquery is only allowed on instant vector, got matrix instead'],
  ['foo{a="\\q"}', "1:7: parse error: unknown escape sequence U+0071 'q'"],
  ['foo[5m] offset 1m offset 1m', '1:1: parse error: offset may not be set multiple times'],
  ['foo and on(a) group_left bar', '1:1: parse error: no grouping allowed for "and" operation'],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ['abs()', '1:1: parse error: expected 1 argument(s) in call to "abs", got 0'],
  ['day_of_month(foo, foo)', '1:1: parse error: expected at most 1 argument(s) in call to "day_of_month", got 2'],
  ['foo on(a) + bar', '1:5: parse error: unexpected <on>'],
  ['', '1:1: parse error: no expression found in input'],
  ['time(', '1:6: parse error: unclosed left parenthesis'],
  ['foo[5m]]', "1:8: parse error: unexpected right bracket ']'"],
  ['sum(\n  rate(foo)\n)', '2:8: parse error: expected type range vector in call to function "rate", got instant vector'],
];

for (const [query, message] of errors) {
  test(`parse error: ${JSON.stringify(query)}`, () => {
    assert.throws(
      () => parsePromQL(query),
      (e: unknown) => {
        assert.ok(e instanceof ParseError);
        assert.equal(e.message, message);
        assert.equal(e.query, query);
        assert.equal(`${e.line}:${e.col}`, /^(\d+:\d+):/.exec(message)![1]);
        return true;
      },
    );
  });
}

// Prometheus' own printing (Expr.String()) of what it parsed.
const printed: Array<[string, string]> = [
  ['sum(rate(x[5m]))by(a)', 'sum by (a) (rate(x[5m]))'],
  ['sum without(a,b)(x)', 'sum without (a, b) (x)'],
  ['topk(3, x) or on() vector(1)', 'topk(3, x) or on () vector(1)'],
  ['a / on(b) group_left(c) d', 'a / on (b) group_left (c) d'],
  ['a > bool 1', 'a > bool 1'],
  ['x{a="b",c=~"d.*"}[5m] offset 1m @ 100', 'x{a="b", c=~"d.*"}[5m] @ 100.000 offset 1m'],
  ['rate(x[5m:])', 'rate(x[5m:])'],
  ['x[1h:5m] offset -30m', 'x[1h:5m] offset -30m'],
  ['x @ start()', 'x @ start()'],
  ['1e6 + 100000 + 0.00001', '1e+06 + 100000 + 1e-05'],
  ['-(1)', '-(1)'],
  ['{__name__="x"}', '{__name__="x"}'],
  ['"a\\nb"', '"a\\nb"'],
  ['count_values("v", x)', 'count_values("v", x)'],
];

for (const [query, want] of printed) {
  test(`prints ${query}`, () => {
    assert.equal(formatExpr(parsePromQL(query)), want);
    assert.equal(formatExpr(parsePromQL(want)), want, 'printing is stable');
  });
}

test('unary minus and ^: -2^2 is -(2^2), and a signed literal is folded', () => {
  const e = parsePromQL('-2^2');
  assert.equal(e.kind, 'unary');
  assert.deepEqual(parsePromQL('-5'), { kind: 'number', value: -5, pos: { start: 0, end: 2 } });
});

test('postfix modifiers bind to the closest operand', () => {
  const e = parsePromQL('a @ 50 + b @ 100');
  assert.equal(e.kind, 'binary');
  if (e.kind !== 'binary') return;
  assert.deepEqual([e.lhs.kind, e.rhs.kind], ['vectorSelector', 'vectorSelector']);
  assert.deepEqual(e.rhs.kind === 'vectorSelector' ? e.rhs.at : undefined, { kind: 'time', ms: 100_000 });
});

test('selectors carry the name as a matcher, offset and @ in milliseconds', () => {
  const e = parsePromQL('http_requests_total{job="api", code!~"5.."} offset 90s @ 1.5');
  assert.equal(e.kind, 'vectorSelector');
  if (e.kind !== 'vectorSelector') return;
  assert.deepEqual(e.matchers, [
    { name: '__name__', op: '=', value: 'http_requests_total' },
    { name: 'job', op: '=', value: 'api' },
    { name: 'code', op: '!~', value: '5..' },
  ]);
  assert.equal(e.offsetMs, 90_000);
  assert.deepEqual(e.at, { kind: 'time', ms: 1500 });
});

test('experimental functions need the option', () => {
  assert.throws(() => parsePromQL('mad_over_time(x[5m])'), /function "mad_over_time" is not enabled/);
  assert.equal(parsePromQL('mad_over_time(x[5m])', { experimentalFunctions: true }).kind, 'call');
});

test('durations, numbers and strings decode like Prometheus and Go', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1y'), 365 * 86_400_000);
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('5'), undefined);
  assert.equal(parseDuration('30m1h'), undefined, 'units must descend');
  assert.equal(formatDuration(5_400_000), '1h30m');
  assert.equal(formatDuration(14 * 86_400_000), '2w');
  assert.equal(formatDuration(90 * 86_400_000), '90d');
  assert.equal(parseNumberLiteral('0x1F'), 31);
  assert.equal(parseNumberLiteral('1_000'), 1000);
  assert.equal(parseNumberLiteral('5m'), 300);
  assert.ok(Number.isNaN(parseNumberLiteral('NaN')!));
  assert.equal(parseNumberLiteral('-Inf'), -Infinity);
  assert.equal(unquoteString(String.raw`"a\tb\x41\101\u00e9"`), 'a\tbAAé');
  assert.equal(unquoteString(String.raw`'it\'s'`), "it's");
  assert.equal(unquoteString('`raw\\n`'), 'raw\\n');
});
