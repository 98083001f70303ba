import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { freePort, REPO_ROOT, startProcess, waitUntil, cpuSeconds, median } from '@srcobs/testkit';
import { join } from 'node:path';
import type { Benchmark, BenchContext, Measurement } from './harness/types.js';
import type { SaturateResult } from '@srcobs/loadgen';
import { startFakeCollector } from './sdk-overhead/collectors.js';

const run = promisify(execFile);
const LOADGEN = join(REPO_ROOT, 'apps', 'loadgen', 'dist', 'main.js');
const TEST_APP = join(REPO_ROOT, 'apps', 'test-app', 'dist', 'main.js');
const BARE_APP = join(REPO_ROOT, 'bench', 'dist', 'sdk-overhead', 'bare-app.js');
const REGISTER = createRequire(import.meta.url).resolve('@srcobs/sdk/register');

type Mode = 'uninstrumented' | 'metrics and logs, no tracing' | 'sdk, collector accepts' | 'sdk, collector down' | 'sdk, collector hangs' | 'sdk, 10 % of traces sampled';
const MODES: readonly Mode[] = ['uninstrumented', 'metrics and logs, no tracing', 'sdk, collector accepts', 'sdk, collector down', 'sdk, collector hangs', 'sdk, 10 % of traces sampled'];
const SDK_MODES: readonly Mode[] = ['sdk, collector accepts', 'sdk, collector down', 'sdk, collector hangs'];

interface Sample {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly p50Ms: number;
  readonly errors: number;
  /** CPU (user + system, all threads) the service used per request served, in µs. */
  readonly cpuUsPerRequest: number;
}

function argsOf(mode: Mode): string[] {
  if (mode === 'uninstrumented') return [BARE_APP];
  // test-app without the hook: the SDK's RED histogram and JSON logs, no OpenTelemetry loaded.
  if (mode === 'metrics and logs, no tracing') return [TEST_APP];
  return ['--import', REGISTER, TEST_APP];
}

async function measure(mode: Mode, seconds: number, connections: number): Promise<Sample> {
  const port = await freePort();
  const sampled = mode === 'sdk, 10 % of traces sampled';
  const collector = !SDK_MODES.includes(mode) && !sampled ? undefined : await startFakeCollector(mode === 'sdk, collector down' ? 'down' : mode === 'sdk, collector hangs' ? 'hang' : 'accept');
  const service = startProcess(process.execPath, argsOf(mode), {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      OTEL_SERVICE_NAME: 'test-app',
      ...(collector ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } : {}),
      // The standard lever against tracing's cost: it shows how much of it sampling buys back.
      ...(sampled ? { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' } : {}),
    },
  });
  try {
    await waitUntil(`${mode} answers`, async () => (await fetch(`http://127.0.0.1:${port}/fast`).catch(() => undefined))?.ok, 20_000);
    const pid = service.child.pid!;
    // The CPU window holds the loadgen's warm-up too: CPU is divided by every request served.
    const cpuBefore = (await cpuSeconds(pid)) ?? 0;
    const { stdout } = await run(process.execPath, [LOADGEN, '--saturate', `http://127.0.0.1:${port}/fast`, '--connections', String(connections), '--duration', String(seconds)], { timeout: (seconds + 30) * 1000 });
    const cpuAfter = (await cpuSeconds(pid)) ?? cpuBefore;
    const result = JSON.parse(stdout) as SaturateResult;
    return { ...result, cpuUsPerRequest: ((cpuAfter - cpuBefore) * 1e6) / Math.max(1, result.served) };
  } finally {
    await service.stop(20_000);
    await collector?.close();
  }
}

/**
 * Why the throughput ratio is what it is, in the service's own CPU: at saturation requests/s is
 * the inverse of CPU per request, so a handler as cheap as /fast shows the SDK's fixed cost at its
 * largest; the same cost on a handler doing 1 ms of work is the share a user would see.
 */
function whyThroughput(bareUs: number, metricsAndLogsUs: number, sdkUs: number, sampledUs: number): string {
  const added = sdkUs - bareUs;
  const atOneMs = 1 - (1000 + bareUs) / (1000 + sdkUs);
  return (
    `the service's CPU per request is ${Math.round(bareUs)} µs in plain Express, ${Math.round(metricsAndLogsUs)} µs with the SDK's RED histogram and two JSON log lines, ${Math.round(sdkUs)} µs with tracing too ` +
    `(OpenTelemetry's HTTP and Express instrumentation, two spans, context propagation, batch export): the SDK adds ${Math.round(added)} µs of fixed cost to a handler that itself costs ${Math.round(bareUs)} µs; ` +
    `on a handler doing 1 ms of CPU work the same cost would be ${(100 * atOneMs).toFixed(0)} % of requests/s; ` +
    `sampling 10 % of traces measured ${Math.round(sampledUs)} µs, ` +
    (sampledUs < sdkUs ? `saving ${Math.round(sdkUs - sampledUs)} µs of the ${Math.round(sdkUs - metricsAndLogsUs)} µs tracing costs` : 'no saving within the noise') +
    ': most of the cost is the instrumentation, which runs on every request, sampled or not'
  );
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
    const cpu = (m: Mode): number => median(samples.get(m)!.map((s) => s.cpuUsPerRequest));
    const base = { rps: rps('uninstrumented'), p99: p99('uninstrumented'), cpu: cpu('uninstrumented') };
    const measurements: Measurement[] = [
      { name: 'uninstrumented Express /fast', unit: 'requests/s', value: base.rps },
      { name: 'uninstrumented: CPU per request', unit: 'µs', value: base.cpu, note: 'user + system CPU of the service process (all threads) over the requests it served' },
    ];
    for (const mode of MODES.slice(1)) {
      const sdk = SDK_MODES.includes(mode);
      measurements.push({
        name: `${mode}: throughput`,
        unit: 'requests/s',
        value: rps(mode),
        baseline: { label: 'uninstrumented', value: base.rps },
        ...(sdk ? { goal: { op: '>=', value: 0.95, subject: 'ratio' as const }, note: whyThroughput(base.cpu, cpu('metrics and logs, no tracing'), cpu(mode), cpu('sdk, 10 % of traces sampled')) } : {}),
      });
      measurements.push({ name: `${mode}: p99`, unit: 'ms', value: p99(mode), baseline: { label: 'uninstrumented', value: base.p99 } });
      measurements.push({ name: `${mode}: CPU per request`, unit: 'µs', value: cpu(mode), baseline: { label: 'uninstrumented', value: base.cpu } });
    }
    return {
      benchmark: 'sdk-overhead',
      measurements,
      notes: [
        `${connections} connections in a separate loadgen process (apps/loadgen --saturate), ${seconds} s per mode after a 2 s warm-up, ${rounds} alternating round(s), medians`,
        "the instrumented service is the real test-app with --import @srcobs/sdk/register: per request a server span and a route-handler span, the RED histogram, and two JSON log lines (the handler's and the access log) to stdout; the baseline is the same route in plain Express with no logging",
        "metrics and logs, no tracing: test-app without the hook, so the SDK's middleware and logger run and OpenTelemetry is not loaded: it splits the SDK's cost between tracing and the rest",
        'sdk, 10 % of traces sampled: OTEL_TRACES_SAMPLER=parentbased_traceidratio with 0.1, collector accepting: unsampled requests still run the instrumentation, with non-recording spans',
        'the load generator and the service share the 2 cores, so requests/s at saturation is bounded by both; CPU per request is the service alone',
      ],
    };
  },
};
