import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { findConfigFile, loadConfig, type StackConfig } from '@srcobs/stack';
import { createQueryClient, type LokiClient } from '../checks/query-client.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../local-stack.js';
import { createLogShipper, type LogShipper } from '../playground/log-shipper.js';
import { startPlayground, type Playground } from '../playground/playground.js';
import { AlreadyRunningError } from './errors.js';
import { localStackSettings } from './stack-config.js';
import { srcobsRoutes } from './srcobs-routes.js';
import { readRunState, removeRunState, writeRunState } from './state-file.js';

/** Options of {@link startLocalEnvironment}: the stack's, plus the playground and the state folder. */
export interface LocalEnvironmentOptions extends LocalStackOptions {
  /** Where the run state and (by default) the data live. Default `./.srcobs`. */
  readonly stateDir?: string;
  /** Run test-app, trace-app and loadgen against the stack (default true), with loadgen's rate. */
  readonly playground?: false | { readonly loadgenRate?: number; readonly testAppPort?: number; readonly traceAppPort?: number };
  /**
   * The stack config the local stack previews: its log retention per OLA category, metrics and
   * traces retention, the Prometheus and Loki rules and the dashboards `srcobs render` writes for
   * the cluster. Default: `configFile`, else srcobs.config.ts / srcobs.yaml / srcobs.json in the
   * current folder, else the defaults. An explicit `retention` option wins over the config's.
   */
  readonly config?: StackConfig;
  /** The config file to load when `config` is not given. */
  readonly configFile?: string;
}

/** A running local environment: the stack, and the playground when asked for. */
export interface LocalEnvironment {
  readonly stack: LocalStack;
  readonly playground: Playground | undefined;
  /** The address to open: the console, and the one data-source URL for Grafana. */
  readonly consoleUrl: string;
  /** The stack config in effect. */
  readonly config: StackConfig;
  /** Stops the playground, ships its last lines, stops the stack; idempotent. */
  stop(): Promise<void>;
}

/** Stream labels of a playground program's stdout, as Alloy labels a pod's logs on Kubernetes. */
export function playgroundLogLabels(program: string): Record<string, string> {
  return { source: 'pod', cluster: 'local', namespace: 'playground', app: program, container: program, job: `playground/${program}`, service_name: program };
}

/** A free TCP port on 127.0.0.1 when `port` is 0: scrape targets need the real port before the apps start. */
async function portOrFree(port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no free port'))));
    });
  });
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
  const testAppPort = await portOrFree(play?.testAppPort ?? 3000);
  const traceAppPort = await portOrFree(play?.traceAppPort ?? 8000);
  const configFile = options.config ? undefined : options.configFile ? resolve(options.configFile) : findConfigFile(process.cwd());
  const config = options.config ?? (await loadConfig(configFile ? { file: configFile } : {}));
  const settings = localStackSettings(config, stateDir);
  // The labels a ServiceMonitor gives the playground's targets on the cluster, so the rendered
  // rules that match on them (`up{job="test-app", namespace="playground"}`) hold here too.
  const targetLabels = (service: string): Record<string, string> => ({ namespace: config.namespaces.playground, service });
  let loki: LokiClient | undefined;
  const stack = await startLocalStack({
    ...options,
    dataDir: options.dataDir ?? process.env['SRCOBS_DATA_DIR'] ?? resolve(stateDir, 'data'),
    log,
    retention: options.retention ?? settings.retention,
    prometheus: options.prometheus === false ? false : { ...options.prometheus, ruleFiles: [...(options.prometheus?.ruleFiles ?? []), ...settings.prometheusRuleFiles] },
    loki: options.loki === false ? false : { ...options.loki, ruleTexts: [...(options.loki?.ruleTexts ?? []), ...settings.lokiRuleTexts] },
    routes: (store) => [...srcobsRoutes({ config, loki: () => loki }), ...(options.routes?.(store) ?? [])],
    scrape: options.scrape ?? {
      targets: play
        ? [
            { job: 'test-app', url: `http://127.0.0.1:${testAppPort}/metrics`, labels: targetLabels('test-app') },
            { job: 'trace-app', url: `http://127.0.0.1:${traceAppPort}/metrics`, labels: targetLabels('trace-app') },
          ]
        : [],
    },
  });
  // The OLA report reads the stack's Loki API over HTTP, exactly as `srcobs audit` does.
  if (stack.urls.http && options.loki !== false) {
    const url = stack.urls.http;
    loki = createQueryClient({ prometheus: url, loki: url, tempo: url }, stack.token ? { token: stack.token } : {}).loki;
  }
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
      ...(configFile ? { configFile } : {}),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return { stack, playground, consoleUrl, config, stop: () => (stopping ??= stop()) };
}
