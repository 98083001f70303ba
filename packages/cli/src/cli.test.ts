import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@srcobs/testkit';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'srcobs.js');

async function srcobs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

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
