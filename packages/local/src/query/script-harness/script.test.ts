// The shared script format, read through a toy dialect so that only the core's rules are under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotationError, ScriptSyntaxError } from './errors.js';
import { readScript, type EvalCommand, type ScriptDialect } from './script.js';

/** Load lines and results are kept as text; `bad` does not read; durations are whole seconds. */
const TOY: ScriptDialect<string, string> = {
  language: 'Toy',
  loadInterval: false,
  loadItem: 'word',
  parseDuration: (text) => (/^\d+s$/.test(text) ? BigInt(text.slice(0, -1)) * 1_000_000_000n : undefined),
  options: { limit: 'count', direction: ['forward', 'backward'], raw: 'flag' },
  expects: ['fail', 'warn', 'no_warn', 'ordered'],
  flags: ['verbose'],
  resultExpects: ['text'],
  parseLoadLine: (text) => {
    if (text === 'bad') throw new NotationError('bad is not a word');
    return text.split(' ');
  },
  parseResultLine: (text, header) => {
    if (text === 'bad') throw new NotationError('bad result');
    return `${header.instant ? 'i' : 'r'}:${text}`;
  },
};

const S = 1_000_000_000n;
const read = (text: string, dialect: ScriptDialect<string, string> = TOY) => readScript(text, 'toy.test', dialect);
const evals = (text: string) => read(text) as Array<EvalCommand<string>>;

test('blocks end at a blank or comment line; trailing comments go unless quoted', () => {
  const cmds = read(['# heading', 'load', '  a b   # two words', '  "c #d" e', '# ends the block', 'clear', 'eval instant at 2s q', '  x'].join('\n'));
  assert.deepEqual(
    cmds.map((c) => [c.kind, c.line]),
    [
      ['load', 2],
      ['clear', 6],
      ['eval', 7],
    ],
  );
  assert.deepEqual(cmds[0]!.kind === 'load' && cmds[0]!.items, ['a', 'b', '"c', '#d"', 'e']);
});

test('eval headers: instant at a time (0 without one), range with a step, options before the query', () => {
  const [at, bare, range, opts] = evals(['eval instant at 2s q1', '', 'eval instant q2', '', 'eval range from 1s to 5s step 2s q3', '', 'eval range from 0 to 1s step 1s limit 7 raw direction forward q4 limit 1'].join('\n'));
  assert.deepEqual([at!.instant, at!.startNs, at!.endNs, at!.stepNs, at!.expr], [true, 2n * S, 2n * S, 0n, 'q1']);
  assert.deepEqual([bare!.startNs, bare!.expr], [0n, 'q2']);
  assert.deepEqual([range!.instant, range!.startNs, range!.endNs, range!.stepNs, range!.expr], [false, S, 5n * S, 2n * S, 'q3']);
  assert.deepEqual([opts!.options, opts!.expr], [
    new Map([
      ['limit', '7'],
      ['raw', ''],
      ['direction', 'forward'],
    ]),
    'q4 limit 1',
  ]);
});

test('expect lines: kinds with msg: and regex:, flags, results the language reads, and the older forms', () => {
  const [a, b, c] = evals(
    [
      'eval instant at 1s q',
      '  expect warn msg: careful',
      '  expect warn regex: ^care',
      '  expect ordered',
      '  expect verbose',
      '  expect text "t"',
      '  r1',
      '',
      'eval_fail instant at 1s q',
      '  expected_fail_regexp boo+m',
      '',
      'eval_ordered range from 0 to 1s step 1s q',
      '  expect fail msg: exact text',
    ].join('\n'),
  );
  assert.deepEqual([a!.warn.map((w) => w.message ?? String(w.regex)), a!.ordered, [...a!.flags], a!.results], [['careful', '/^care/'], true, ['verbose'], ['i:expect text "t"', 'i:r1']]);
  assert.ok(b!.fail?.regex?.test('booom'));
  assert.deepEqual([c!.ordered, c!.fail, c!.results], [true, { message: 'exact text' }, []]);
});

test('every mistake is a ScriptSyntaxError naming the file and line', () => {
  const cases: ReadonlyArray<readonly [string, number, RegExp]> = [
    ['\n\nfrobnicate', 3, /invalid command "frobnicate": use load, clear or eval/],
    ['load 5s\n  a', 1, /a Toy load takes no interval/],
    ['load\n  a\n  bad', 3, /bad is not a word/],
    ['eval instant at 1s q\n  bad', 2, /bad result/],
    ['eval at 1s q', 1, /invalid evaluation command: use 'eval instant at <time> \[limit <n>\] \[direction forward\|backward\] \[raw\] <query>'/],
    ['eval range from 0 to 5s q', 1, /invalid evaluation command/],
    ['eval_info instant at 1s q', 1, /invalid evaluation command/],
    ['eval instant at soon q', 1, /invalid time "soon"/],
    ['eval range from 5s to 1s step 1s q', 1, /end \(1s\) is before start \(5s\)/],
    ['eval instant at 1s limit many q', 1, /limit takes a count/],
    ['eval instant at 1s direction up q', 1, /direction takes one of forward, backward/],
    ['eval instant at 1s q\n  expect info', 2, /invalid expect statement: use expect fail\|warn\|no_warn\|ordered\|verbose/],
    ['eval instant at 1s q\n  expect ordered msg: x', 2, /invalid expect statement/],
    ['eval instant at 1s q\n  expect fail hmm', 2, /"msg: <text>" or "regex: <pattern>"/],
    ['eval instant at 1s q\n  expect fail regex: (', 2, /invalid regex \(/],
    ['eval instant at 1s q\n  expect fail msg: a\n  expect fail msg: b', 3, /multiple expect fail lines/],
    ['eval instant at 1s q\n  expect warn\n  expect no_warn', 1, /warn and no_warn cannot be used together/],
    ['eval instant at 1s q\n  expect fail\n  r1', 1, /an eval that expects failure cannot list results/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(
      () => read(text),
      (e: unknown) => e instanceof ScriptSyntaxError && e.file === 'toy.test' && e.line === line && e.message.startsWith(`toy.test:${line}: `) && message.test(e.message),
      text,
    );
  }
});

test('a dialect decides whether load takes an interval and whether a range needs its step', () => {
  const timed: ScriptDialect<string, string> = { ...TOY, loadInterval: true, stepOptional: true };
  const [load, range] = read('load 5s\n  a\n\neval range from 0 to 5s q\n', timed);
  assert.deepEqual(load!.kind === 'load' && load!.intervalNs, 5n * S);
  assert.deepEqual(range!.kind === 'eval' && [range!.endNs, range!.stepNs], [5n * S, 0n]);
  assert.throws(() => read('load\n  a\n', timed), /toy\.test:1: invalid load command: use "load <interval>"/);
});
