import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSecrets, SECRET_PATTERNS } from './redact.js';

const secrets: Array<[string, string, string]> = [
  ['bearer header', 'GET / authorization: Bearer abc.def.ghi123', 'abc.def.ghi123'],
  ['JSON password', '{"user":"bob","password":"hunter2-secret"}', 'hunter2-secret'],
  ['query api key', 'GET /x?api_key=AbCdEf123456&x=1', 'AbCdEf123456'],
  ['aws key', 'using AKIAIOSFODNN7EXAMPLE for upload', 'AKIAIOSFODNN7EXAMPLE'],
  ['jwt', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U seen', 'eyJhbGciOiJIUzI1NiJ9'],
  ['cookie', '{"cookie":"session=s3cr3t-value; theme=dark"}', 's3cr3t-value'],
];

for (const [name, line, secret] of secrets) {
  test(`redacts ${name}`, () => {
    const out = redactSecrets(line);
    assert.ok(out.redacted > 0, 'expected a redaction');
    assert.ok(!out.line.includes(secret), `secret survived: ${out.line}`);
    assert.match(out.line, /<REDACTED:[a-z-]+>/);
  });
}

test('a line without secrets is unchanged', () => {
  const line = '{"level":"info","msg":"GET /fast 200","duration_ms":3}';
  assert.deepEqual(redactSecrets(line), { line, redacted: 0 });
});

test('redacting twice changes nothing more', () => {
  const once = redactSecrets('password=hunter2').line;
  assert.deepEqual(redactSecrets(once), { line: once, redacted: 0 });
});

test('the keyword prefilter never skips a line or a pattern that would have redacted something', () => {
  // The same patterns with a keyword every line holds: the prefilter passes everything through.
  const unfiltered = SECRET_PATTERNS.map((p) => ({ ...p, keywords: [''] }));
  const fragments = [
    ...secrets.map(([, line]) => line),
    'Authorization: Basic dXNlcjpwYXNz',
    'proxy-authorization=Token abcdefgh12345',
    'Set-Cookie: sid=abcdef; Path=/',
    'ghp_' + 'a'.repeat(36),
    'xoxb-1234567890-abcdef',
    'glsa_' + 'b'.repeat(32),
    'glc_' + 'c'.repeat(40),
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
    'PASSWD=x', 'pwd: y', 'Client-Secret=z1', 'ApiKey=k2', 'ACCESS_TOKEN: t', 'refresh-token="r"', 'secret=s',
    'ASIAIOSFODNN7EXAMPLE', 'GET /fast 200 3ms', '{"level":"info","msg":"ok"}', 'user=bob action=login',
  ];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines = [...fragments];
  for (let i = 0; i < 2000; i++) {
    const parts = Array.from({ length: 1 + next(3) }, () => fragments[next(fragments.length)]!);
    const line = parts.join(next(2) ? ' ' : ', ');
    lines.push(next(3) === 0 ? line.toUpperCase() : next(3) === 0 ? line.toLowerCase() : line);
  }
  let changed = 0;
  for (const line of lines) {
    const expected = redactSecrets(line, unfiltered);
    assert.deepEqual(redactSecrets(line), expected, line);
    if (expected.redacted > 0) changed++;
  }
  assert.ok(changed > lines.length / 2, `the corpus must exercise redaction (${changed} of ${lines.length} lines redacted)`);
});
