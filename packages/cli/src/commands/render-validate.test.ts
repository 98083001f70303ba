import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { srcobs } from '../testing.js';

test('render with no config writes the corrected seed stack and validates it (exit 0)', async (t) => {
  const dir = await tempDir(t);
  const r = await srcobs(['render'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Rendered \d+ files into rendered\//);
  assert.match(r.stdout, /Valid: 0 errors/);
  for (const f of ['helmfile.yaml', 'helm/kube-prometheus-stack.values.yaml', 'helm/loki.values.yaml', 'alloy/config.alloy', 'README.md']) assert.ok(existsSync(join(dir, 'rendered', f)), f);
});

test('validate fails on a hand-edited unknown values key, naming the file, the path and the fix', async (t) => {
  const dir = await tempDir(t);
  assert.equal((await srcobs(['render', '--no-validate', '-o', 'out'], { cwd: dir })).code, 0);
  const file = join(dir, 'out', 'helm', 'loki.values.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^loki:/m, 'limits_config:\n  retention_period: 24h\nloki:'));
  const r = await srcobs(['validate', 'out'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /helm\/loki\.values\.yaml/);
  assert.match(r.stdout, /limits_config/);
  assert.match(r.stdout, /fix: .*loki\.limits_config/);
  assert.match(r.stdout, /Validation failed/);
});

test('validate --json reports findings as data', async (t) => {
  const dir = await tempDir(t);
  await srcobs(['render', '--no-validate'], { cwd: dir });
  const r = await srcobs(['validate', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: unknown[]; files: number };
  assert.ok(report.files > 10);
  assert.deepEqual(report.findings.filter((f) => (f as { severity: string }).severity === 'error'), []);
});

test('validate on a folder render did not write says how to fix it (exit 1)', async (t) => {
  const dir = await tempDir(t);
  const r = await srcobs(['validate', 'nothing-here'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /srcobs render --out nothing-here/);
});

test('a config error is reported with its path and fix, and nothing is rendered', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'srcobs.yaml'), 'loki:\n  mode: SingleBinary\n');
  const r = await srcobs(['render'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /loki\.mode/);
  assert.match(r.stderr, /Monolithic/);
  assert.ok(!existsSync(join(dir, 'rendered')));
});
