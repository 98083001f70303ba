import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from './commands/index.js';
import { srcobs as run } from './testing.js';

const srcobs = (...args: string[]) => run(args);

test('srcobs --help lists the commands and where to start, exit 0', async () => {
  const r = await srcobs('--help');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: srcobs <command>/);
  assert.match(r.stdout, /srcobs up/);
});

test('an unknown command exits 2 and points at --help', async () => {
  const r = await srcobs('frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  assert.match(r.stderr, /srcobs --help/);
});

test('--version prints the version', async () => {
  const r = await srcobs('--version');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^srcobs \d+\.\d+\.\d+/);
});

for (const command of COMMANDS) {
  test(`srcobs ${command.name} --help teaches: usage, options and examples`, async () => {
    const r = await srcobs(command.name, '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Usage: srcobs ${command.name}`));
    assert.match(r.stdout, /Options:/);
    assert.match(r.stdout, /Examples:\n  # /);
  });
}

test('a bad option is a usage error (exit 2) that shows the usage', async () => {
  const r = await srcobs('render', '--frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Usage: srcobs render/);
});
