import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveAppPaths, type AppPaths } from './app-paths.js';
import { spawnChild, type ChildService, type OutputStream } from './child-service.js';
import { PlaygroundStartError } from './errors.js';

/** The programs the playground runs. */
export type PlaygroundServiceName = 'test-app' | 'trace-app' | 'loadgen';

/** Options of {@link startPlayground}; every field has a default. */
export interface PlaygroundOptions {
  /** Where the apps send OTLP/HTTP (default `http://127.0.0.1:4318`, the local stack's). */
  readonly otlpEndpoint?: string;
  /** test-app's port (default 3000; 0 picks a free one). */
  readonly testAppPort?: number;
  /** trace-app's port (default 8000; 0 picks a free one). */
  readonly traceAppPort?: number;
  /** The address the apps bind (default 127.0.0.1). */
  readonly host?: string;
  /** loadgen's actions per second, or `false` for no traffic (default `{ rate: 5 }`). */
  readonly loadgen?: { readonly rate: number } | false;
  /** Each output line of each program, as it is written (default: dropped). */
  readonly onLog?: (service: PlaygroundServiceName, line: string, stream: OutputStream) => void;
  /** Called when a program exits on its own (not by `stop()`): a crash the user should hear of. */
  readonly onExit?: (service: PlaygroundServiceName, code: number | NodeJS.Signals | null) => void;
  /** Extra environment for every program, over the defaults (`OTEL_TRACES_SAMPLER`, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long each app may take to answer `/healthz`, in ms (default 20000). */
  readonly startTimeoutMillis?: number;
  /**
   * How long each program may take to exit after SIGTERM before SIGKILL, in ms (default 20000:
   * longer than an app's own bound, 10 s for in-flight requests plus 5 s to flush telemetry).
   */
  readonly stopTimeoutMillis?: number;
}

/** A program of the playground, as `srcobs up` prints it. */
export interface PlaygroundService {
  readonly name: PlaygroundServiceName;
  /** Base URL (`http://127.0.0.1:3000`); empty for loadgen, which serves nothing. */
  readonly url: string;
  readonly pid: number;
}

/** The running playground. */
export interface Playground {
  readonly services: readonly PlaygroundService[];
  /** Where the apps send telemetry. */
  readonly otlpEndpoint: string;
  /** Stops loadgen, then both apps (SIGTERM, SIGKILL after the timeout). Idempotent. */
  stop(): Promise<void>;
}

const DEFAULTS = {
  otlpEndpoint: 'http://127.0.0.1:4318',
  testAppPort: 3000,
  traceAppPort: 8000,
  host: '127.0.0.1',
  loadgen: { rate: 5 },
  startTimeoutMillis: 20_000,
  stopTimeoutMillis: 20_000,
} as const;

async function portOrFree(port: number, host: string): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

async function waitHealthy(service: ChildService, url: string, timeoutMillis: number): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  let exited = false;
  void service.exited.then(() => (exited = true));
  for (;;) {
    if (exited) {
      const inUse = /EADDRINUSE/.test(service.tail());
      throw new PlaygroundStartError(
        service.name,
        `${service.name} exited before it was healthy${inUse ? ` (its port is in use: stop what listens on ${url} or choose another port)` : ''}; its last output:\n${service.tail()}`,
      );
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new PlaygroundStartError(service.name, `${service.name} did not answer ${url}/healthz within ${timeoutMillis} ms; its last output:\n${service.tail()}`);
    }
    await sleep(100);
  }
}

function appEnv(base: NodeJS.ProcessEnv, name: string, port: number, host: string, otlpEndpoint: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return {
    ...base,
    PORT: String(port),
    HOST: host,
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=playground,deployment.environment.name=local',
    ...extra,
  };
}

/**
 * Starts the playground: test-app and trace-app side by side as child processes instrumented
 * with `--import @srcobs/sdk/register` and sending OTLP to `otlpEndpoint`, waits until both answer
 * `/healthz`, then starts loadgen against both. Every output line goes to `onLog` (the local stack
 * ingests them as the pods' logs). When the collector is absent, the apps keep serving and count
 * the telemetry they drop.
 *
 * @example
 * ```ts
 * const playground = await startPlayground({ onLog: (service, line) => console.log(`[${service}] ${line}`) });
 * for (const s of playground.services) console.log(s.name, s.url);
 * process.once('SIGINT', () => void playground.stop());
 * ```
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const o = { ...DEFAULTS, ...options };
  const paths: AppPaths = resolveAppPaths();
  const extra = o.env ?? {};
  const running: ChildService[] = [];
  // onExit reports crashes of a running playground; a failure while starting is the thrown error.
  let started = false;
  let stopping = false;
  const onLine = (name: PlaygroundServiceName) => (line: string, stream: OutputStream) => o.onLog?.(name, line, stream);
  const start = (name: PlaygroundServiceName, args: readonly string[], env: NodeJS.ProcessEnv): ChildService => {
    const service = spawnChild(name, args, env, onLine(name));
    running.push(service);
    void service.exited.then((code) => {
      if (started && !stopping) o.onExit?.(name, code);
    });
    return service;
  };
  // If this process exits without stop() (an uncaught error), do not leave the apps holding ports.
  const killOnExit = (): void => {
    for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);

  const stopAll = async (): Promise<void> => {
    stopping = true;
    const loadgen = running.filter((s) => s.name === 'loadgen');
    await Promise.all(loadgen.map((s) => s.stop(o.stopTimeoutMillis)));
    await Promise.all(running.filter((s) => s.name !== 'loadgen').map((s) => s.stop(o.stopTimeoutMillis)));
    process.off('exit', killOnExit);
  };

  try {
    const testPort = await portOrFree(o.testAppPort, o.host);
    const testUrl = `http://${o.host}:${testPort}`;
    const tracePort = await portOrFree(o.traceAppPort, o.host);
    const traceUrl = `http://${o.host}:${tracePort}`;
    // Side by side: each app spends about a second loading the OpenTelemetry SDK, and trace-app
    // needs only test-app's URL to start (it calls test-app per request), not test-app itself.
    const testApp = start('test-app', ['--import', paths.registerHook, paths.testApp], appEnv(process.env, 'test-app', testPort, o.host, o.otlpEndpoint, extra));
    const traceApp = start('trace-app', ['--import', paths.registerHook, paths.traceApp], {
      ...appEnv(process.env, 'trace-app', tracePort, o.host, o.otlpEndpoint, extra),
      TEST_APP_URL: testUrl,
    });
    await Promise.all([waitHealthy(testApp, testUrl, o.startTimeoutMillis), waitHealthy(traceApp, traceUrl, o.startTimeoutMillis)]);

    const services: PlaygroundService[] = [
      { name: 'test-app', url: testUrl, pid: testApp.child.pid ?? 0 },
      { name: 'trace-app', url: traceUrl, pid: traceApp.child.pid ?? 0 },
    ];
    if (o.loadgen !== false) {
      const loadgen = start('loadgen', [paths.loadgen, '--rate', String(o.loadgen.rate), '--target', `trace-app=${traceUrl}`, '--target', `test-app=${testUrl}`], { ...process.env, ...extra });
      services.push({ name: 'loadgen', url: '', pid: loadgen.child.pid ?? 0 });
    }
    let stopped: Promise<void> | undefined;
    started = true;
    return { services, otlpEndpoint: o.otlpEndpoint, stop: () => (stopped ??= stopAll()) };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
