import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldExpr, SpansetNode, Stage } from './ast.js';
import { TraceQLParseError } from './errors.js';
import { formatGoDuration, maskLiterals, parseTempoDuration, unquoteString } from './lexical.js';
import { parseTraceQL } from './parser.js';
import { formatField } from './printer.js';

/** A compact rendering of the tree, to assert its shape: spanset operators in brackets, filters as written. */
function shape(s: Stage): string {
  switch (s.kind) {
    case 'filter':
      return s.expr ? `{${fieldShape(s.expr)}}` : '{}';
    case 'spansetOp':
      return `[${shape(s.lhs)} ${s.op} ${shape(s.rhs)}]`;
    case 'pipeline':
      return s.stages.map(shape).join(' | ');
    case 'scalarFilter':
      return `${s.aggregate.op}() ${s.op} ${String((s.value as { value: unknown }).value)}`;
    case 'by':
      return `by(${formatField(s.expr)})`;
    case 'coalesce':
      return 'coalesce()';
    case 'select':
      return `select(${s.exprs.map(formatField).join(', ')})`;
  }
}

function fieldShape(e: FieldExpr): string {
  return e.kind === 'binary' ? `(${fieldShape(e.lhs)} ${e.op} ${fieldShape(e.rhs)})` : formatField(e);
}

const root = (q: string): string => shape(parseTraceQL(q).root as SpansetNode);

test("operators bind as in Tempo's grammar, not lezer's", () => {
  const cases: Array<[string, string]> = [
    ['{ .a = 1 || .b = 2 && .c = 3 }', '{(((.a = 1) || (.b = 2)) && (.c = 3))}'],
    ['{ .a = 1 && .b = 2 || .c = 3 }', '{(((.a = 1) && (.b = 2)) || (.c = 3))}'],
    ['{ .a + 1 * 2 > 3 }', '{((.a + (1 * 2)) > 3)}'],
    ['{ .a ^ 2 ^ 3 = 1 }', '{((.a ^ (2 ^ 3)) = 1)}'],
    ['{ -.a > 1 && !(.b = 2) }', '{((-.a > 1) && !(.b = 2))}'],
    ['{a=1} && {b=2} > {c=3}'.replace(/([abc])=/g, '.$1 = '), '[{(.a = 1)} && [{(.b = 2)} > {(.c = 3)}]]'],
    ['{} > {} >> {} ~ {}', '[[[{} > {}] >> {}] ~ {}]'],
    ['{} &> {} !< {}', '[[{} &> {}] !< {}]'],
    ['{ } || { } && { }', '[[{} || {}] && {}]'],
    ['{ } | count() > 2 | by(name) | coalesce() | select(span.x, status)', '{} | count() > 2 | by(name) | coalesce() | select(span.x, status)'],
    ['({ } | count() > 1) && { }', '[{} | count() > 1 && {}]'],
    ['{ } | ({ } | count() > 1)', '{} | {} | count() > 1'],
  ];
  for (const [q, want] of cases) assert.equal(root(q), want, q);
  // A parenthesised pipeline stays one stage.
  const nested = parseTraceQL('{ } | ({ } | count() > 1)').root;
  assert.deepEqual(nested.stages.map((s) => s.kind), ['filter', 'pipeline']);
});

test('literals are read as Tempo reads them, with offsets kept for errors', () => {
  const filter = (q: string): FieldExpr => {
    const st = parseTraceQL(q).root.stages[0]!;
    assert.ok(st.kind === 'filter' && st.expr?.kind === 'binary');
    return st.expr.rhs;
  };
  assert.deepEqual(filter('{ .a = "x\\"y\\n\\u00e9" }'), { kind: 'static', value: { type: 'string', value: 'x"y\né' } });
  assert.deepEqual(filter('{ .a = `raw\\d` }'), { kind: 'static', value: { type: 'string', value: 'raw\\d' } });
  assert.deepEqual(filter('{ duration > 1h30m }'), { kind: 'static', value: { type: 'duration', value: 5_400e9 } });
  assert.deepEqual(filter('{ duration > 2.5s }'), { kind: 'static', value: { type: 'duration', value: 2.5e9 } });
  assert.deepEqual(filter('{ .a = -1.5 }'), { kind: 'static', value: { type: 'float', value: -1.5 } });
  assert.deepEqual(filter('{ span."x y" = nil }'), { kind: 'static', value: { type: 'nil' } });
  assert.equal(maskLiterals('{ .a = "x\\"y" && d > 1h30m } // "q'), '{ .a = "aaaa" && d > 1111s } // "q');
  assert.equal(maskLiterals('{ childCount > 1 }'), '{ duration   > 1 }');
});

test('errors carry line and column of the offending token', () => {
  const cases: Array<[string, number, number, string]> = [
    ['{ .a = }', 1, 8, 'parse error at line 1, col 8: syntax error: unexpected "}"'],
    ['{ name = "a" &&\n  status = }', 2, 12, 'parse error at line 2, col 12: syntax error: unexpected "}"'],
    ['{ .a = "x\\"y" } && { nope }', 1, 22, 'parse error at line 1, col 22: syntax error: unexpected "nope"'],
    ['', 1, 1, 'parse error at line 1, col 1: syntax error: unexpected end of input'],
  ];
  for (const [q, line, col, message] of cases) {
    assert.throws(
      () => parseTraceQL(q),
      (e: unknown) => e instanceof TraceQLParseError && e.line === line && e.col === col && e.message === message && e.query === q,
      q,
    );
  }
});

test('durations parse and print as in Go and Prometheus', () => {
  const parse: Array<[string, number | undefined]> = [
    ['100ns', 100],
    ['1us', 1e3],
    ['1µs', 1e3],
    ['5ms', 5e6],
    ['2.5s', 2.5e9],
    ['1m', 60e9],
    ['1h30m', 5_400e9],
    ['2d', 172_800e9],
    ['1w', 604_800e9],
    ['1.5h', 5_400e9],
    ['0', 0],
    ['5', undefined],
    ['1x', undefined],
    ['', undefined],
  ];
  for (const [text, ns] of parse) assert.equal(parseTempoDuration(text), ns, text);
  const print: Array<[number, string]> = [
    [0, '0s'],
    [999, '999ns'],
    [1500, '1.5µs'],
    [53_333_333, '53.333333ms'],
    [1.5e9, '1.5s'],
    [90e9, '1m30s'],
    [3_600e9, '1h0m0s'],
    [-2e6, '-2ms'],
  ];
  for (const [ns, text] of print) assert.equal(formatGoDuration(ns), text);
  assert.equal(unquoteString('"a\\tb\\x41\\101"'), 'a\tbAA');
  assert.equal(unquoteString('"bad\\q"'), undefined);
});
