import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricBatch } from '@srcobs/local';
import { findBinary } from '@srcobs/testkit';

/** What the real Prometheus TSDB needs on disk for the same samples. */
export interface PrometheusBytes {
  readonly version: string;
  readonly totalBytes: number;
  readonly chunkBytes: number;
}

async function duBytes(dir: string): Promise<{ total: number; chunks: number }> {
  let total = 0;
  let chunks = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const size = (await stat(path)).size;
    total += size;
    if (path.includes(`${join('chunks', '')}`)) chunks += size;
  }
  return { total, chunks };
}

/**
 * Writes the batches as OpenMetrics and backfills them with `promtool tsdb create-blocks-from
 * openmetrics` into 24 h blocks (what Prometheus' compactor makes of older data): Prometheus'
 * own TSDB format, chunk encoding and index, measured on exactly the samples the store took.
 * Undefined when promtool is not installed.
 */
export async function prometheusBytes(batches: readonly MetricBatch[], workDir: string): Promise<PrometheusBytes | undefined> {
  const promtool = findBinary('promtool');
  if (!promtool) return undefined;
  // OpenMetrics wants each family's samples together and each series' samples in time order.
  const families = new Map<string, Map<string, Array<{ t: number; v: number }>>>();
  for (const b of batches) {
    for (const s of b.series) {
      const name = s.labels['__name__']!;
      let family = families.get(name);
      if (!family) families.set(name, (family = new Map()));
      const key = Object.entries(s.labels)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      let samples = family.get(key);
      if (!samples) family.set(key, (samples = []));
      for (const x of s.samples) samples.push(x);
    }
  }
  const input = join(workDir, 'backfill.om');
  const out = createWriteStream(input);
  for (const [name, family] of families) {
    let text = `# TYPE ${name} gauge\n`;
    for (const [key, samples] of family) {
      for (const x of samples) text += `${name}{${key}} ${x.v} ${(x.t / 1000).toFixed(3)}\n`;
      if (text.length > 1 << 20) {
        if (!out.write(text)) await once(out, 'drain');
        text = '';
      }
    }
    out.write(text);
  }
  out.end('# EOF\n');
  await once(out, 'finish');
  const blocks = join(workDir, 'prometheus-blocks');
  execFileSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', input, blocks], { stdio: 'ignore' });
  const version = execFileSync(promtool, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.replace(/^promtool, version /, '').split(' ')[0]!;
  const { total, chunks } = await duBytes(blocks);
  return { version, totalBytes: total, chunkBytes: chunks };
}
