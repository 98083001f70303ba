import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, tempDir } from '@srcobs/testkit';
import { ConfigError, ConfigFileError } from '../errors.js';
import { findConfigFile, loadConfig } from './load.js';

/** A folder whose node_modules resolves @srcobs/stack, as a user's project would. */
async function project(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const dir = await tempDir(t);
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

test('no config file gives the default stack', async (t) => {
  const dir = await tempDir(t);
  const c = await loadConfig({ cwd: dir });
  assert.equal(c.loki.mode, 'Monolithic');
});

test('srcobs.yaml is read and validated', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.yaml'), 'storage:\n  storageClassName: nfs-default\nretention:\n  metrics: 15d\n');
  const c = await loadConfig({ cwd: dir });
  assert.equal(c.storage.storageClassName, 'nfs-default');
  assert.equal(c.retention.metrics, '15d');
});

test('srcobs.yaml with problems lists them all, naming the file', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.yaml'), 'loki:\n  mode: SingleBinary\nstorage:\n  storagClassName: nfs-default\n');
  await assert.rejects(loadConfig({ cwd: dir }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.issues.length, 2);
    assert.match(e.message, /srcobs\.yaml/);
    return true;
  });
});

test('broken YAML is a file error with line and column', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.yaml'), 'loki:\n  mode: [Monolithic\n');
  await assert.rejects(loadConfig({ cwd: dir }), (e: unknown) => e instanceof ConfigFileError && /line \d+, column \d+/.test(e.message));
});

test('srcobs.json is read', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.json'), JSON.stringify({ tracesPath: 'collector' }));
  assert.equal((await loadConfig({ cwd: dir })).tracesPath, 'collector');
});

test('srcobs.config.ts is imported, with defineConfig from the package', async (t) => {
  const dir = await project(t);
  await writeFile(
    join(dir, 'srcobs.config.ts'),
    "import { defineConfig } from '@srcobs/stack';\nconst days: number = 400;\nexport default defineConfig({ retention: { logsDays: { auth_access: days } }, tracesPath: 'collector' });\n",
  );
  const c = await loadConfig({ cwd: dir });
  assert.equal(c.retention.logsDays.auth_access, 400);
  assert.equal(c.tracesPath, 'collector');
});

test('a config module may export a function, and a throwing one is reported', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'a.mjs'), 'export default async () => ({ clusterName: "prod" });\n');
  assert.equal((await loadConfig({ cwd: dir, file: 'a.mjs' })).clusterName, 'prod');
  await writeFile(join(dir, 'b.mjs'), 'export default () => { throw new Error("boom"); };\n');
  await assert.rejects(loadConfig({ cwd: dir, file: 'b.mjs' }), /threw: boom/);
});

test('two config files is an error: the user would edit the wrong one', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.yaml'), '{}\n');
  await writeFile(join(dir, 'srcobs.json'), '{}');
  assert.throws(() => findConfigFile(dir), /keep one/);
});

test('a missing explicit file says so', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'x'));
  await assert.rejects(loadConfig({ cwd: dir, file: 'x/srcobs.yaml' }), /no such file/);
});
