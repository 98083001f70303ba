// The real Prometheus (Debian's 2.x), started empty as a reference in the same run: how long it
// takes to be ready, what it holds in memory idle, how fast it takes a remote-write stream.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findBinary, freePort, startProcess, type RunningProcess } from '@srcobs/testkit';

const POLL_MS = 10;
const START_TIMEOUT_MS = 60_000;

/** A running Prometheus on 127.0.0.1. Times are ms since the spawn. */
export interface LaunchedPrometheus {
  readonly proc: RunningProcess;
  readonly pid: number;
  readonly url: string;
  /** The TSDB folder. */
  readonly dataDir: string;
  /** Resolves when GET /-/ready is 200. */
  readonly ready: Promise<number>;
  /** SIGTERM and the ms until it exited. */
  stop(): Promise<number>;
}

/** `prometheus, version 2.42.0 (...)` → `2.42.0`; undefined when it is not installed. */
export function prometheusVersion(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.replace(/^prometheus, version /, '').split(' ')[0]!;
}

/** The prometheus binary, or undefined (the benchmark then says there is no baseline). */
export function prometheusBinary(): string | undefined {
  return findBinary('prometheus');
}

/**
 * Starts Prometheus with an empty TSDB in `dir` and no scrape targets (nothing else to do but
 * serve and, with `remoteWrite`, take `POST /api/v1/write`; `adminApi` allows TSDB snapshots).
 */
export async function launchPrometheus(binary: string, dir: string, options: { readonly remoteWrite?: boolean; readonly adminApi?: boolean } = {}): Promise<LaunchedPrometheus> {
  const dataDir = join(dir, 'tsdb');
  await mkdir(dataDir, { recursive: true });
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, 'global: {}\n');
  const port = await freePort();
  const startNs = process.hrtime.bigint();
  const proc = startProcess(binary, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...(options.remoteWrite ? ['--web.enable-remote-write-receiver'] : []),
    ...(options.adminApi ? ['--web.enable-admin-api'] : []),
  ]);
  let exited = false;
  proc.child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (;;) {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (res) await res.arrayBuffer();
      if (res?.status === 200) return Number(process.hrtime.bigint() - startNs) / 1e6;
      if (exited) throw new Error(`prometheus exited before it was ready:\n${proc.stderr().slice(-2000)}`);
      if (Number(process.hrtime.bigint() - startNs) / 1e6 > START_TIMEOUT_MS) throw new Error(`prometheus was not ready within ${START_TIMEOUT_MS} ms`);
      await sleep(POLL_MS);
    }
  })();
  ready.catch(() => {});
  return {
    proc,
    pid: proc.child.pid!,
    url,
    dataDir,
    ready,
    async stop() {
      const started = process.hrtime.bigint();
      await proc.stop(30_000);
      return Number(process.hrtime.bigint() - started) / 1e6;
    },
  };
}
