// `npm run bench [-- <name>…] [--quick]`: runs the benchmarks, writes
// bench/results/<date>-<host>.json and .md, and copies the Markdown to bench/results/latest.md.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS } from './benchmarks.js';
import { machineInfo } from './harness/machine.js';
import { formatMarkdown } from './harness/report.js';
import type { BenchResult } from './harness/types.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
if (selected.length === 0) {
  console.error(`no benchmark named ${names.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ') || '(none yet)'}`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const bench of selected) {
  const workDir = await mkdtemp(join(tmpdir(), `srcobs-bench-${bench.name}-`));
  const started = Date.now();
  process.stderr.write(`▶ ${bench.name}: ${bench.description}\n`);
  try {
    const result = await bench.run({ quick, workDir, progress: (m) => process.stderr.write(`  ${bench.name}: ${m}\n`) });
    results.push({ ...result, durationSeconds: (Date.now() - started) / 1000 });
    process.stderr.write(`✔ ${bench.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    process.stderr.write(`✖ ${bench.name} failed: ${(error as Error).stack ?? String(error)}\n`);
    results.push({ benchmark: bench.name, measurements: [], notes: [`failed: ${(error as Error).message}`], durationSeconds: (Date.now() - started) / 1000 });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const machine = machineInfo();
const date = new Date().toISOString().slice(0, 10);
const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
await mkdir(resultsDir, { recursive: true });
const base = join(resultsDir, `${date}-${machine.host}${quick ? '-quick' : ''}`);
const markdown = formatMarkdown(results, machine, date, command);
await writeFile(`${base}.json`, JSON.stringify({ date, command, quick, machine, results }, null, 2) + '\n');
await writeFile(`${base}.md`, markdown);
if (!quick) await writeFile(join(resultsDir, 'latest.md'), markdown);
process.stdout.write(markdown);
process.stderr.write(`results written to ${base}.json and .md\n`);
