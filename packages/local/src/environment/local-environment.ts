import { resolve } from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../local-stack.js';
import { createLogShipper, type LogShipper } from '../playground/log-shipper.js';
import { startPlayground, type Playground } from '../playground/playground.js';
import { AlreadyRunningError } from './errors.js';
import { readRunState, removeRunState, writeRunState } from './state-file.js';

/** Options of {@link startLocalEnvironment}: the stack's, plus the playground and the state folder. */
export interface LocalEnvironmentOptions extends LocalStackOptions {
  /** Where the run state and (by default) the data live. Default `./.srcobs`. */
  readonly stateDir?: string;
  /** Run test-app, trace-app and loadgen against the stack (default true), with loadgen's rate. */
  readonly playground?: false | { readonly loadgenRate?: number; readonly testAppPort?: number; readonly traceAppPort?: number };
}

/** A running local environment: the stack, and the playground when asked for. */
export interface LocalEnvironment {
  readonly stack: LocalStack;
  readonly playground: Playground | undefined;
  /** The address to open: the console, and the one data-source URL for Grafana. */
  readonly consoleUrl: string;
  /** Stops the playground, ships its last lines, stops the stack; idempotent. */
  stop(): Promise<void>;
}

/** Stream labels of a playground program's stdout, as Alloy labels a pod's logs on Kubernetes. */
export function playgroundLogLabels(program: string): Record<string, string> {
  return { source: 'pod', cluster: 'local', namespace: 'playground', app: program, container: program, job: `playground/${program}`, service_name: program };
}

/**
 * What `srcobs up` runs locally: the stack in `./.srcobs/data`, then the playground wired to it
 * (OTLP to the stack, scraped by it, stdout shipped to it as pod logs), and a state file so
 * `srcobs status`, `down` and `verify` find it.
 */
export async function startLocalEnvironment(options: LocalEnvironmentOptions = {}): Promise<LocalEnvironment> {
  const stateDir = resolve(options.stateDir ?? '.srcobs');
  const running = readRunState(stateDir);
  if (running) throw new AlreadyRunningError(running.pid, running.urls.http);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const play = options.playground === false ? undefined : (options.playground ?? {});
  const testAppPort = play?.testAppPort ?? 3000;
  const traceAppPort = play?.traceAppPort ?? 8000;
  const stack = await startLocalStack({
    ...options,
    dataDir: options.dataDir ?? process.env['SRCOBS_DATA_DIR'] ?? resolve(stateDir, 'data'),
    log,
    scrape: options.scrape ?? {
      targets: play
        ? [
            { job: 'test-app', url: `http://127.0.0.1:${testAppPort}/metrics` },
            { job: 'trace-app', url: `http://127.0.0.1:${traceAppPort}/metrics` },
          ]
        : [],
    },
  });
  let shipper: LogShipper | undefined;
  let playground: Playground | undefined;
  const consoleUrl = stack.urls.http ?? '';
  const stop = async (): Promise<void> => {
    await playground?.stop();
    await shipper?.close();
    await stack.stop();
    removeRunState(stateDir);
  };
  try {
    if (play) {
      let reported = false;
      shipper = createLogShipper({
        write: (batch) => stack.ingestLogs(batch, 'pod'),
        labelsFor: playgroundLogLabels,
        onError: (error) => {
          if (reported) return;
          reported = true;
          log(`srcobs: playground log lines could not be stored (${error instanceof Error ? error.message : String(error)}); they are dropped and counted`);
        },
      });
      const ship = shipper;
      playground = await startPlayground({
        otlpEndpoint: stack.urls.otlpHttp ?? 'http://127.0.0.1:4318',
        testAppPort,
        traceAppPort,
        loadgen: { rate: play.loadgenRate ?? 5 },
        onLog: (service, line) => ship.push(service, line),
        onExit: (service, code) => log(`srcobs: playground ${service} exited on its own (${String(code)}); the stack keeps running`),
      });
    }
    writeRunState(stateDir, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir: stack.options.dataDir,
      urls: stack.urls,
      services: (playground?.services ?? []).filter((s) => s.url).map((s) => ({ name: s.name, url: s.url })),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return { stack, playground, consoleUrl, stop: () => (stopping ??= stop()) };
}
