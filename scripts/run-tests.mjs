#!/usr/bin/env node
// Runs every compiled test file (`packages/*/dist/**/*.test.js`, `apps/*/dist/**/*.test.js`) with
// Node's own runner, so each run prints its counts. `npm test -- packages/local` runs one folder;
// `npm test -- --test-name-pattern=promql` is passed through to node --test.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const passThrough = args.filter((a) => a.startsWith('--'));
const filters = args.filter((a) => !a.startsWith('--')).map((a) => relative(root, resolve(a)));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = [];
for (const group of ['packages', 'apps', 'bench']) {
  const base = join(root, group);
  let entries = [];
  try { entries = readdirSync(base); } catch { continue; }
  for (const name of group === 'bench' ? ['.'] : entries) {
    const dist = join(base, name, 'dist');
    try { if (!statSync(dist).isDirectory()) continue; } catch { continue; }
    // bench/ holds benchmarks, never run by npm test; only its harness's own tests are.
    for (const file of walk(dist, [])) {
      const rel = relative(root, file);
      if (group === 'bench' && !rel.includes('/harness/')) continue;
      if (filters.length === 0 || filters.some((f) => rel.startsWith(f) || rel.startsWith(f.replace('/src', '/dist')))) files.push(file);
    }
  }
}
if (files.length === 0) {
  console.error(`no test files found${filters.length ? ` under ${filters.join(', ')}` : ''}: run npm run build first`);
  process.exit(1);
}
const concurrency = Math.max(2, availableParallelism());
const child = spawn(process.execPath, ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...passThrough, ...files], {
  stdio: 'inherit',
  cwd: root,
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
