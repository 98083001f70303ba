// `srcobs up` as a user starts it (the built CLI, a folder of its own, every port free), watched
// from outside: when the console answers, when "srcobs is up" is printed, how long it takes to stop.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, REPO_ROOT, startProcess, type RunningProcess } from '@srcobs/testkit';

/** The CLI `npm start` runs after its build step. */
export const SRCOBS_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'srcobs.js');
/** How often readiness is polled: small next to the times measured, cheap next to a starting process. */
const POLL_MS = 10;
const START_TIMEOUT_MS = 90_000;

/** Options of {@link launchSrcobsUp}. */
export interface SrcobsUpOptions {
  /** The folder `srcobs up` runs in (its `.srcobs/` goes there). */
  readonly cwd: string;
  /** Start test-app, trace-app and loadgen too (`npm start`'s default). */
  readonly playground: boolean;
  /** loadgen's requests per second (`--rate`). */
  readonly rate?: number;
  /** Flags for node itself, before the script (`--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

/** A running `srcobs up`. Times are ms since the spawn. */
export interface LaunchedSrcobs {
  readonly proc: RunningProcess;
  readonly pid: number;
  /** The console and every API (Prometheus, Loki, Tempo, remote write). */
  readonly httpUrl: string;
  readonly otlpHttpUrl: string;
  /** process.hrtime (monotonic, ns) just before the spawn: CPU profiles use the same clock. */
  readonly spawnedAtNs: bigint;
  /** Resolves when GET / returns the console's HTML (or, when the console is not built, GET /ready is 200). */
  readonly consoleReady: Promise<{ readonly ms: number; readonly what: 'console' | 'api' }>;
  /** Resolves when "srcobs is up" is printed. */
  readonly up: Promise<number>;
  /** SIGTERM (what Ctrl-C and `srcobs down` do) and the ms until the process exited; throws unless it exited 0. */
  stop(): Promise<number>;
}

function sinceMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

async function get(url: string): Promise<{ status: number; type: string; text: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  } catch {
    return undefined; // not listening yet
  }
}

async function pollConsole(base: string, startNs: bigint, exited: () => boolean): Promise<{ ms: number; what: 'console' | 'api' }> {
  for (;;) {
    const page = await get(`${base}/`);
    if (page?.status === 200 && page.type.startsWith('text/html') && /<!doctype html/i.test(page.text)) return { ms: sinceMs(startNs), what: 'console' };
    // 503 with a "not built" page: the console is missing, so the API's readiness is what a user gets.
    if (page?.status === 503 && (await get(`${base}/ready`))?.status === 200) return { ms: sinceMs(startNs), what: 'api' };
    if (exited()) throw new Error('srcobs up exited before the console answered');
    if (sinceMs(startNs) > START_TIMEOUT_MS) throw new Error(`the console at ${base}/ did not answer within ${START_TIMEOUT_MS} ms`);
    await sleep(POLL_MS);
  }
}

/**
 * Starts `node packages/cli/bin/srcobs.js up` on free ports in `cwd` and watches it. The caller
 * stops it. Nothing else runs in the process, so its memory and CPU are the stack's own.
 */
export async function launchSrcobsUp(options: SrcobsUpOptions): Promise<LaunchedSrcobs> {
  const [http, otlpHttp, otlpGrpc, testApp, traceApp] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const args = [
    ...(options.nodeArgs ?? []),
    SRCOBS_BIN,
    'up',
    '--port', String(http),
    '--otlp-http-port', String(otlpHttp),
    '--otlp-grpc-port', String(otlpGrpc),
    ...(options.playground ? ['--test-app-port', String(testApp), '--trace-app-port', String(traceApp), '--rate', String(options.rate ?? 5)] : ['--no-playground']),
  ];
  const spawnedAtNs = process.hrtime.bigint();
  const proc = startProcess(process.execPath, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' } });
  let exited = false;
  proc.child.once('exit', () => (exited = true));
  const httpUrl = `http://127.0.0.1:${http}`;
  const consoleReady = pollConsole(httpUrl, spawnedAtNs, () => exited);
  const up = proc.waitFor(/srcobs is up/, START_TIMEOUT_MS).then(() => sinceMs(spawnedAtNs));
  // Whoever awaits only one of them must not leave the other rejecting unhandled.
  consoleReady.catch(() => {});
  up.catch(() => {});
  return {
    proc,
    pid: proc.child.pid!,
    httpUrl,
    otlpHttpUrl: `http://127.0.0.1:${otlpHttp}`,
    spawnedAtNs,
    consoleReady,
    up,
    async stop() {
      const started = process.hrtime.bigint();
      const code = await proc.stop(60_000);
      const ms = sinceMs(started);
      // A stop that is not clean (a crash, a signal's default action) is no time to report.
      if (code !== 0) throw new Error(`srcobs up did not stop cleanly (${String(code)}):\n${proc.stderr().slice(-2000)}`);
      return ms;
    },
  };
}
