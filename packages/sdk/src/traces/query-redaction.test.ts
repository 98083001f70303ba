import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from './query-redaction.js';

const cases: Array<[string, string]> = [
  ['/login?api_key=s3cret&page=2', '/login?api_key=REDACTED&page=REDACTED'],
  ['http://h:1/a?token=x#frag', 'http://h:1/a?token=REDACTED#frag'],
  ['https://user:pass@host/p', 'https://REDACTED@host/p'],
  ['/flag?verbose', '/flag?verbose'],
  ['/no-query', '/no-query'],
  ['/a?x=1=2&&y=', '/a?x=REDACTED&&y=REDACTED'],
];
for (const [input, expected] of cases) {
  test(`redactUrl(${input})`, () => assert.equal(redactUrl(input), expected));
}
