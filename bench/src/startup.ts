// Start-up time of `npm start` (`srcobs up`: the stack and the playground) and of the stack alone
// (`--no-playground`), from the spawn to a console that answers and to "srcobs is up", side by
// side with the real Prometheus starting on an empty TSDB. One extra run under `node --cpu-prof`
// says where the main thread's time went. `npm run bench -- startup [--quick]`.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';
import { formatTopFiles, mainThreadProfile, profileBreakdown } from './harness/cpu-profile.js';
import { median, megabytes, memoryStatus } from '@srcobs/testkit';
import { launchPrometheus, prometheusBinary, prometheusVersion } from './servers/prometheus.js';
import { launchSrcobsUp, SRCOBS_BIN } from './servers/srcobs-up.js';

const run = promisify(execFile);
/** The goal of issue 8: `npm start` to a ready console. */
const GOAL_MS = 2000;

interface StartRun {
  readonly readyMs: number;
  readonly upMs: number;
  readonly stopMs: number;
  readonly what: 'console' | 'api';
  readonly rssBytes: number;
}

function freshDir(ctx: BenchContext, name: string): Promise<string> {
  return mkdtemp(join(ctx.workDir, `${name}-`));
}

/** One start in a fresh folder (a first `npm start`: the data folder is created), then a stop. */
async function startOnce(ctx: BenchContext, playground: boolean): Promise<StartRun> {
  const up = await launchSrcobsUp({ cwd: await freshDir(ctx, playground ? 'npm-start' : 'stack'), playground });
  try {
    const ready = await up.consoleReady;
    const upMs = await up.up;
    const rss = (await memoryStatus(up.pid))?.rssBytes ?? 0;
    return { readyMs: ready.ms, what: ready.what, upMs, rssBytes: rss, stopMs: await up.stop() };
  } finally {
    await up.proc.stop(30_000);
  }
}

/** The time node needs to load the CLI and every module it imports, then exit: the floor of any command. */
async function importFloorMs(): Promise<number> {
  const started = process.hrtime.bigint();
  await run(process.execPath, [SRCOBS_BIN, '--version']);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function profiledStart(ctx: BenchContext): Promise<string> {
  const profileDir = join(ctx.workDir, 'cpu-profile');
  const up = await launchSrcobsUp({ cwd: await freshDir(ctx, 'profiled'), playground: false, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
  let readyNs: bigint;
  try {
    const ready = await up.consoleReady;
    readyNs = up.spawnedAtNs + BigInt(Math.round(ready.ms * 1e6));
    await up.up;
  } finally {
    await up.stop(); // the profile is written as the process exits
  }
  const file = await mainThreadProfile(profileDir);
  if (!file) return 'no CPU profile was written';
  const b = await profileBreakdown(file, { toNs: readyNs });
  const r = (x: number): string => `${Math.round(x)} ms`;
  const top = formatTopFiles(b);
  return (
    'where the time to a ready console goes (one run under node --cpu-prof, stack alone, main thread; the profiler slows it down): ' +
    `node bootstrap ${r(Number(b.profileStartNs - up.spawnedAtNs) / 1e6)}, module loading (resolve, compile, evaluate) ${r(b.moduleLoadingMs)}, GC ${r(b.gcMs)}, ` +
    `start-up code ${r(b.codeMs)}${top ? ` (most in ${top})` : ''}, idle/waiting ${r(b.idleMs)} (disk, worker threads)`
  );
}

export const startup: Benchmark = {
  name: 'startup',
  description: 'srcobs up (npm start) and the stack alone, spawn to a ready console and to "srcobs is up", side by side with Prometheus starting empty',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const rounds = ctx.quick ? 2 : 5;
    const prometheus = prometheusBinary();
    const stack: StartRun[] = [];
    const full: StartRun[] = [];
    const prom: Array<{ readyMs: number; stopMs: number }> = [];
    const floor: number[] = [];
    // Rounds alternate the kinds of start so that drift on a shared machine falls on all alike.
    for (let r = 0; r < rounds; r++) {
      ctx.progress(`round ${r + 1}/${rounds}: the stack alone, npm start with the playground${prometheus ? ', prometheus' : ''}, srcobs --version`);
      stack.push(await startOnce(ctx, false));
      full.push(await startOnce(ctx, true));
      if (prometheus) {
        const p = await launchPrometheus(prometheus, await freshDir(ctx, 'prometheus'));
        try {
          const readyMs = await p.ready;
          prom.push({ readyMs, stopMs: await p.stop() });
        } finally {
          await p.proc.stop();
        }
      }
      floor.push(await importFloorMs());
    }
    ctx.progress('one more start of the stack alone under node --cpu-prof');
    const why = await profiledStart(ctx).catch((error: unknown) => `the profiled run failed: ${error instanceof Error ? error.message : String(error)}`);

    const m = (xs: readonly StartRun[], k: 'readyMs' | 'upMs' | 'stopMs'): number => Math.round(median(xs.map((x) => x[k])));
    const promLabel = prometheus ? `Prometheus ${prometheusVersion(prometheus)}, empty TSDB` : '';
    const promReady = prom.length ? { baseline: { label: `${promLabel}, to /-/ready`, value: Math.round(median(prom.map((p) => p.readyMs))) } } : {};
    const consoleWhat = [...stack, ...full].some((s) => s.what === 'api') ? 'GET /ready (the console is not built)' : 'GET / returns the console HTML';
    const floorMs = Math.round(median(floor));
    const missedWhy = `node and the CLI's imports alone take ${floorMs} ms (srcobs --version); ${why}`;
    const measurements: Measurement[] = [
      {
        name: 'npm start (srcobs up with the playground): spawn to a ready console',
        unit: 'ms',
        value: m(full, 'readyMs'),
        ...promReady,
        goal: { op: '<=', value: GOAL_MS, subject: 'value' },
        ...(m(full, 'readyMs') > GOAL_MS ? { note: missedWhy } : {}),
      },
      {
        name: 'npm start: spawn to "srcobs is up" printed',
        unit: 'ms',
        value: m(full, 'upMs'),
        note: `after the console answers, the playground starts: test-app and trace-app side by side (each a node process loading the OpenTelemetry SDK) until both answer /healthz, then loadgen; that is ${m(full, 'upMs') - m(full, 'readyMs')} ms here`,
      },
      {
        name: 'stack alone (srcobs up --no-playground): spawn to a ready console',
        unit: 'ms',
        value: m(stack, 'readyMs'),
        ...promReady,
        goal: { op: '<=', value: GOAL_MS, subject: 'value' },
        ...(m(stack, 'readyMs') > GOAL_MS ? { note: missedWhy } : {}),
      },
      { name: 'stack alone: spawn to "srcobs is up" printed', unit: 'ms', value: m(stack, 'upMs') },
      {
        name: 'stack alone: stop (SIGTERM to exit, head flushed to disk)',
        unit: 'ms',
        value: m(stack, 'stopMs'),
        ...(prom.length ? { baseline: { label: promLabel, value: Math.round(median(prom.map((p) => p.stopMs))) } } : {}),
      },
      { name: 'npm start: stop (the playground, then the stack)', unit: 'ms', value: m(full, 'stopMs') },
      { name: 'node + every module the CLI imports (srcobs --version)', unit: 'ms', value: floorMs, note: 'the floor under any srcobs command: node bootstrap plus loading the CLI, @srcobs/local and @srcobs/stack' },
      { name: 'stack alone: resident memory when up', unit: 'MB', value: megabytes(median(stack.map((s) => s.rssBytes))), note: 'VmRSS of the srcobs process, its worker threads included' },
    ];
    return {
      benchmark: 'startup',
      measurements,
      notes: [
        `${rounds} round(s), each: the stack alone, npm start with the playground (loadgen at 5/s)${prometheus ? ', Prometheus on an empty TSDB' : ''}, srcobs --version; medians. Every start is in a fresh folder (a first start: the SQLite database is created)`,
        `"ready" is the first answer of polls every 10 ms from outside the process: ${consoleWhat}; "srcobs is up" is the line the CLI prints when the playground is healthy too`,
        'the time is node packages/cli/bin/srcobs.js up on free ports, as npm start runs it after its build step (an up-to-date `npm run build` adds its own seconds before that; not measured here)',
        why,
      ],
    };
  },
};
