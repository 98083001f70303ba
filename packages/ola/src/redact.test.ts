import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSecrets } from './redact.js';

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
