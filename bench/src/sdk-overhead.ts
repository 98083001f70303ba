import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { freePort, REPO_ROOT, startProcess, waitUntil } from '@srcobs/testkit';
import { join } from 'node:path';
import type { Benchmark, BenchContext, Measurement } from './harness/types.js';
import { startFakeCollector } from './sdk-overhead/collectors.js';

const run = promisify(execFile);
const LOADGEN = join(REPO_ROOT, 'apps', 'loadgen', 'dist', 'main.js');
const TEST_APP = join(REPO_ROOT, 'apps', 'test-app', 'dist', 'main.js');
const BARE_APP = join(REPO_ROOT, 'bench', 'dist', 'sdk-overhead', 'bare-app.js');
const REGISTER = createRequire(import.meta.url).resolve('@srcobs/sdk/register');

type Mode = 'uninstrumented' | 'sdk, collector accepts' | 'sdk, collector down' | 'sdk, collector hangs';
const MODES: readonly Mode[] = ['uninstrumented', 'sdk, collector accepts', 'sdk, collector down', 'sdk, collector hangs'];

interface Sample {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly p50Ms: number;
  readonly errors: number;
}

async function measure(mode: Mode, seconds: number, connections: number): Promise<Sample> {
  const port = await freePort();
  const collector = mode === 'uninstrumented' ? undefined : await startFakeCollector(mode === 'sdk, collector accepts' ? 'accept' : mode === 'sdk, collector down' ? 'down' : 'hang');
  const args = mode === 'uninstrumented' ? [BARE_APP] : ['--import', REGISTER, TEST_APP];
  const service = startProcess(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), OTEL_SERVICE_NAME: 'test-app', ...(collector ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } : {}) },
  });
  try {
    await waitUntil(`${mode} answers`, async () => (await fetch(`http://127.0.0.1:${port}/fast`).catch(() => undefined))?.ok, 20_000);
    const { stdout } = await run(process.execPath, [LOADGEN, '--saturate', `http://127.0.0.1:${port}/fast`, '--connections', String(connections), '--duration', String(seconds)], { timeout: (seconds + 30) * 1000 });
    return JSON.parse(stdout) as Sample;
  } finally {
    await service.stop(20_000);
    await collector?.close();
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The SDK's cost on test-app's /fast: requests/s and p99 at saturation, instrumented against the
 * same route in plain Express, with the collector accepting, down and hanging. Rounds alternate
 * the modes so drift on the machine falls on all of them alike; the median round is reported.
 */
export const sdkOverhead: Benchmark = {
  name: 'sdk-overhead',
  description: 'requests/s and p99 of test-app /fast with and without the SDK, collector up, down and hanging',
  async run(ctx: BenchContext) {
    const seconds = ctx.quick ? 3 : 10;
    const rounds = ctx.quick ? 1 : 3;
    const connections = 16;
    const samples = new Map<Mode, Sample[]>(MODES.map((m) => [m, []]));
    for (let r = 0; r < rounds; r++) {
      for (const mode of MODES) {
        ctx.progress(`round ${r + 1}/${rounds}: ${mode}`);
        samples.get(mode)!.push(await measure(mode, seconds, connections));
      }
    }
    const rps = (m: Mode): number => median(samples.get(m)!.map((s) => s.requestsPerSecond));
    const p99 = (m: Mode): number => median(samples.get(m)!.map((s) => s.p99Ms));
    const base = { rps: rps('uninstrumented'), p99: p99('uninstrumented') };
    const measurements: Measurement[] = [{ name: 'uninstrumented Express /fast', unit: 'requests/s', value: base.rps }];
    for (const mode of MODES.slice(1)) {
      measurements.push({
        name: `${mode}: throughput`,
        unit: 'requests/s',
        value: rps(mode),
        baseline: { label: 'uninstrumented', value: base.rps },
        goal: { op: '>=', value: 0.95, subject: 'ratio' },
      });
      measurements.push({ name: `${mode}: p99`, unit: 'ms', value: p99(mode), baseline: { label: 'uninstrumented', value: base.p99 } });
    }
    return {
      benchmark: 'sdk-overhead',
      measurements,
      notes: [
        `${connections} connections in a separate loadgen process (apps/loadgen --saturate), ${seconds} s per mode after a 2 s warm-up, ${rounds} alternating round(s), medians`,
        'the instrumented service is the real test-app with --import @srcobs/sdk/register: a server span, the RED histogram and one JSON access-log line per request',
      ],
    };
  },
};
