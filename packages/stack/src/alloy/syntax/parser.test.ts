import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlloyFile, Expr } from './ast.js';
import { AlloyParseError } from './errors.js';
import { parseAlloy, parseAlloyExpression } from './parser.js';
import { printAlloy } from './printer.js';
import { withoutPositions } from './test-support.js';

function expr(text: string): unknown {
  return withoutPositions(parseAlloyExpression(text));
}

function errorOf(text: string): AlloyParseError {
  try {
    parseAlloy(text);
  } catch (error) {
    assert.ok(error instanceof AlloyParseError, `expected AlloyParseError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a parse error for:\n${text}`);
}

test('blocks with dotted names and labels, nested blocks and attributes', () => {
  const file = parseAlloy(`
prometheus.remote_write "production" {
  endpoint {
    url = "https://prometheus.example.com/api/v1/write"

    basic_auth {
      username = "metrics"
      password = local.file.credentials.content
    }
  }
}

logging {
  level = "debug"
}
log_level = "debug"
`);
  const [remote, logging, top] = file.body;
  assert.equal(remote?.kind, 'block');
  assert.equal(remote.kind === 'block' && remote.name, 'prometheus.remote_write');
  assert.equal(remote.kind === 'block' && remote.label, 'production');
  const endpoint = remote.kind === 'block' ? remote.body[0] : undefined;
  assert.equal(endpoint?.kind === 'block' && endpoint.name, 'endpoint');
  const auth = endpoint?.kind === 'block' ? endpoint.body[1] : undefined;
  assert.equal(auth?.kind === 'block' && auth.name, 'basic_auth');
  assert.deepEqual(auth?.kind === 'block' && withoutPositions(auth.body[1]), {
    kind: 'attribute',
    name: 'password',
    value: { kind: 'access', name: 'content', value: { kind: 'access', name: 'credentials', value: { kind: 'access', name: 'file', value: { kind: 'identifier', name: 'local' } } } },
  });
  assert.equal(logging?.kind === 'block' && logging.label, undefined);
  assert.equal(top?.kind, 'attribute');
});

test('every escape sequence of types_and_values.md decodes', () => {
  const decoded = parseAlloyExpression(String.raw`"\\ \a \b \f \n \r \t \v \' \" \101 \x41 \u00e9 \U0001F600"`);
  assert.deepEqual(decoded.kind === 'string' && decoded.value, '\\ \x07 \b \f \n \r \t \v \' " A A é 😀');
});

test('raw strings keep backslashes and newlines exactly, and cannot hold a backtick', () => {
  assert.deepEqual(expr('`C:\\path\n"quoted"`'), { kind: 'string', value: 'C:\\path\n"quoted"', raw: true });
  assert.deepEqual(expr('`a` + "`"'), { kind: 'binary', op: '+', left: { kind: 'string', value: 'a', raw: true }, right: { kind: 'string', value: '`' } });
});

test('numbers, booleans, null and identifiers (Unicode letters included)', () => {
  assert.deepEqual(expr('3'), { kind: 'number', value: 3, text: '3' });
  assert.deepEqual(expr('3.14'), { kind: 'number', value: 3.14, text: '3.14' });
  assert.deepEqual(expr('.5'), { kind: 'number', value: 0.5, text: '.5' });
  assert.deepEqual(expr('1e+2'), { kind: 'number', value: 100, text: '1e+2' });
  assert.deepEqual(expr('2e-3'), { kind: 'number', value: 0.002, text: '2e-3' });
  assert.deepEqual(expr('true'), { kind: 'bool', value: true });
  assert.deepEqual(expr('null'), { kind: 'null' });
  assert.deepEqual(expr('métrica_café'), { kind: 'identifier', name: 'métrica_café' });
});

test('arrays and objects, trailing commas, quoted keys', () => {
  assert.deepEqual(expr('[0, 1,\n  2,\n]'), {
    kind: 'array',
    elements: [0, 1, 2].map((n) => ({ kind: 'number', value: n, text: String(n) })),
  });
  assert.deepEqual(expr('{\n  "app.kubernetes.io/name" = "mysql",\n  namespace = "default",\n}'), {
    kind: 'object',
    fields: [
      { key: 'app.kubernetes.io/name', quoted: true, value: { kind: 'string', value: 'mysql' } },
      { key: 'namespace', value: { kind: 'string', value: 'default' } },
    ],
  });
  assert.deepEqual(expr('[]'), { kind: 'array', elements: [] });
  assert.deepEqual(expr('{}'), { kind: 'object', fields: [] });
});

test('member access, indexing and calls chain left to right', () => {
  assert.deepEqual(expr('discovery.kubernetes.endpoints.targets[0]["__address__"]'), {
    kind: 'index',
    index: { kind: 'string', value: '__address__' },
    value: {
      kind: 'index',
      index: { kind: 'number', value: 0, text: '0' },
      value: { kind: 'access', name: 'targets', value: { kind: 'access', name: 'endpoints', value: { kind: 'access', name: 'kubernetes', value: { kind: 'identifier', name: 'discovery' } } } },
    },
  });
  const call = parseAlloyExpression('string.format("%s-%d", sys.env("ENV"), 3)');
  assert.equal(call.kind, 'call');
  assert.equal(call.kind === 'call' && call.args.length, 3);
  assert.deepEqual(call.kind === 'call' && withoutPositions(call.callee), { kind: 'access', name: 'format', value: { kind: 'identifier', name: 'string' } });
  assert.equal(shape(parseAlloyExpression('encoding.from_json(local.file.cfg.content)["key"]')), 'index');
  assert.equal(shape((parseAlloyExpression('encoding.from_json(local.file.cfg.content)["key"]') as { value: Expr }).value), 'encoding.from_json(local.file.cfg.content)');
});

/** Fully parenthesised form of an expression tree, to read precedence at a glance. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'binary':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case 'unary':
      return `(${e.op}${shape(e.value)})`;
    case 'number':
      return e.text;
    case 'identifier':
      return e.name;
    case 'bool':
      return String(e.value);
    case 'paren':
      return `[${shape(e.inner)}]`;
    case 'call':
      return `${shape(e.callee)}(${e.args.map(shape).join(',')})`;
    case 'access':
      return `${shape(e.value)}.${e.name}`;
    default:
      return e.kind;
  }
}

const PRECEDENCE_CASES: ReadonlyArray<readonly [string, string]> = [
  ['1 + 2 * 3', '(1 + (2 * 3))'],
  ['1 * 2 + 3', '((1 * 2) + 3)'],
  ['1 - 2 - 3', '((1 - 2) - 3)'],
  ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
  ['2 * 3 ^ 2', '(2 * (3 ^ 2))'],
  ['-2 ^ 2', '((-2) ^ 2)'],
  ['a || b && c', '(a || (b && c))'],
  ['a && b == c', '(a && (b == c))'],
  ['a == b + 1', '(a == (b + 1))'],
  ['1 < 2 == true', '((1 < 2) == true)'],
  ['!a || b', '((!a) || b)'],
  ['7 * (1 + 1)', '(7 * [(1 + 1)])'],
  ['10 % 3 / 2', '((10 % 3) / 2)'],
  ['!sys.env("X") == a', '((!sys.env(X)) == a)'],
];

for (const [input, expected] of PRECEDENCE_CASES) {
  test(`precedence: ${input}`, () => {
    assert.equal(shape(parseAlloyExpression(input)), expected.replace('sys.env(X)', 'sys.env(string)'));
  });
}

test('comments: line and block comments are kept above, beside and at the end of statements', () => {
  const file = parseAlloy(`// top
/* block
   comment */
a = 1 // beside a
b = [1, /* inside */ 2]
c {
  d = true
  // closing c
}
// end of file
`);
  assert.deepEqual(file.body[0]?.comments, ['// top', '/* block\n   comment */']);
  assert.equal(file.body[0]?.kind === 'attribute' && file.body[0].lineComment, '// beside a');
  const c = file.body[2];
  assert.deepEqual(c?.kind === 'block' && c.innerComments, ['// closing c']);
  assert.deepEqual(file.trailingComments, ['// end of file']);
  assert.equal(c?.kind === 'block' ? c.comments : 'no', undefined, 'the comment inside b moves to the statement after it');
});

test('a newline ends a statement: two attributes on one line are an error at the second', () => {
  const error = errorOf('a = 1 b = 2\n');
  assert.equal(error.line, 1);
  assert.equal(error.col, 7);
  assert.match(error.message, /expected a newline after the attribute/);
});

const ERROR_CASES: ReadonlyArray<{ readonly name: string; readonly text: string; readonly line: number; readonly col: number; readonly message: RegExp }> = [
  { name: 'missing trailing comma before a newline', text: 'x = [\n  1,\n  2\n]\n', line: 3, col: 4, message: /missing `,` before the newline/ },
  { name: 'unterminated string', text: 'a {\n  b = "oops\n}\n', line: 2, col: 7, message: /string literal not terminated/ },
  { name: 'unknown escape', text: 'a = "\\q"\n', line: 1, col: 6, message: /unknown escape sequence \\q/ },
  { name: 'single-quoted string', text: "a = 'x'\n", line: 1, col: 5, message: /use double quotes/ },
  { name: 'hash comment', text: 'a = 1\n# nope\n', line: 2, col: 1, message: /`#` does not start a comment/ },
  { name: 'dotted attribute name', text: 'a.b = 1\n', line: 1, col: 1, message: /single identifier/ },
  { name: 'labelled attribute', text: 'a "x" = 1\n', line: 1, col: 3, message: /may not have labels/ },
  { name: 'label that is not an identifier', text: 'loki.write "my-writer" {\n}\n', line: 1, col: 12, message: /valid identifier/ },
  { name: 'raw-string label', text: 'loki.write `w` {\n}\n', line: 1, col: 12, message: /double-quoted/ },
  { name: 'unclosed block', text: 'a {\n  b = 1\n', line: 3, col: 1, message: /expected `}`/ },
  { name: 'block as a value', text: 'a = b {\n}\n', line: 1, col: 7, message: /block cannot be used as an expression/ },
  { name: 'missing value', text: 'a =\n', line: 2, col: 1, message: /expected an expression, got end of file/ },
  { name: 'operator without a right operand', text: 'a = 1 +\n}\n', line: 2, col: 1, message: /expected an expression, got `}`/ },
  { name: 'lone pipe', text: 'a = b | c\n', line: 1, col: 7, message: /must be doubled/ },
  { name: 'unterminated block comment', text: 'a = 1\n/* never closed\n', line: 2, col: 1, message: /block comment not terminated/ },
  { name: 'exponent without digits', text: 'a = 1e\n', line: 1, col: 7, message: /exponent has no digits/ },
  { name: 'object key that is a number', text: 'a = { 1 = 2 }\n', line: 1, col: 7, message: /expected an object key/ },
];

for (const c of ERROR_CASES) {
  test(`parse error with position: ${c.name}`, () => {
    const error = errorOf(c.text);
    assert.match(error.message, c.message);
    assert.deepEqual([error.line, error.col], [c.line, c.col], error.message);
    assert.equal(error.code, 'alloy_parse_error');
    assert.match(error.excerpt(), /\^$/);
  });
}

test('printing then parsing gives the same tree (a config that uses every construct)', () => {
  const source = `// Every construct at once.
loki.process "pods" {
  forward_to = [loki.write.default.receiver, loki.echo.debug.receiver]

  stage.static_labels {
    values = {
      cluster = "prod",
      "app.kubernetes.io/name" = "x",
    }
  }

  stage.match {
    selector = "{source=\\"pod\\"} |~ \\"(?i)fail\\""
    stage.regex {
      expression = \`(?P<level>\\w+)\`
    }
  } // after match
  // last
}

tuning = -(1 + 2) * 3 ^ 2 ^ 1 % 4 / 5 - -6
flag = !(a.b || c[0] && d["k"] != null) == false
text = string.format("%s:%d", sys.env("HOST"), 9090) + "\\t" + \`raw\`
nested = [{ a = [1, 2.5, .5, 1e3], b = { c = true } }, [], {}]
`;
  const first = parseAlloy(source);
  const printed = printAlloy(first);
  const second = parseAlloy(printed);
  assert.deepEqual(withoutPositions(second), withoutPositions(first), printed);
  assert.equal(printAlloy(second), printed, 'printing is stable');
});

test('the printer parenthesises a hand-built tree where precedence needs it', () => {
  const file: AlloyFile = {
    kind: 'file',
    body: [
      {
        kind: 'attribute',
        name: 'x',
        value: {
          kind: 'binary',
          op: '*',
          left: { kind: 'binary', op: '+', left: { kind: 'number', value: 1, text: '1' }, right: { kind: 'number', value: 2, text: '2' } },
          right: { kind: 'unary', op: '-', value: { kind: 'binary', op: '^', left: { kind: 'identifier', name: 'a' }, right: { kind: 'identifier', name: 'b' } } },
        },
      },
    ],
  };
  assert.equal(printAlloy(file), 'x = (1 + 2) * -(a ^ b)\n');
  assert.equal(shape((parseAlloy(printAlloy(file)).body[0] as { value: Expr }).value), '([(1 + 2)] * (-[(a ^ b)]))');
});
