import { startLocalEnvironment } from '@srcobs/local';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { paint } from '../output.js';
import { progress } from '../progress.js';
import { KUBERNETES_OPTIONS, runKubernetes } from './kubernetes.js';
import { TARGET_OPTION, targetOf } from './target.js';

function port(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be a port number (0 picks a free one), not "${String(raw)}"`);
  return n;
}

/** `srcobs up`: the local stack with the playground, or the stack on a cluster. */
export const upCommand: Command = {
  name: 'up',
  summary: 'start the local stack with the playground (default), or install the stack on Kubernetes',
  usage: 'srcobs up [--target local|kubernetes] [options]',
  description: `
Local (the default): starts the embedded stack in this terminal (Ctrl-C stops it) with its data in
./.srcobs/data, and the playground services wired to it: test-app on :3000 and trace-app on :8000
send traces over OTLP to :4318, are scraped for metrics, and their stdout is stored as logs; a
load generator sends steady traffic. One address, printed when everything is ready, serves the
console and every API (Prometheus /api/v1, Loki /loki/api/v1, Tempo /api): use it as the URL of
all three Grafana data sources. The stack config (--config, else srcobs.config.ts / srcobs.yaml /
srcobs.json here, else the defaults) is applied as on the cluster: log retention per OLA
category, metrics and traces retention, the Prometheus and Loki rules (written to
./.srcobs/rules/), and the dashboards. The stack binds 127.0.0.1; with --host 0.0.0.0 every request
needs the token it prints.

Kubernetes: renders the stack from your config, validates it (nothing invalid is applied), then
runs helm and kubectl in dependency order against the kube context it names first, waiting for
each rollout. --dry-run prints every command and file and touches nothing.`,
  options: {
    ...TARGET_OPTION,
    'no-playground': { type: 'boolean', description: '(local) run the stack alone, without test-app, trace-app and loadgen' },
    rate: { type: 'string', default: '5', description: "(local) loadgen's requests per second (0 for no traffic)", valueName: 'n' },
    host: { type: 'string', description: '(local) the address to bind (default 127.0.0.1; anything else requires a token)', valueName: 'addr' },
    port: { type: 'string', description: '(local) the port of the console and every API (default 3300)', valueName: 'n' },
    'otlp-http-port': { type: 'string', description: '(local) the OTLP/HTTP port (default 4318)', valueName: 'n' },
    'otlp-grpc-port': { type: 'string', description: '(local) the OTLP/gRPC port (default 4317)', valueName: 'n' },
    'test-app-port': { type: 'string', description: "(local) test-app's port (default 3000)", valueName: 'n' },
    'trace-app-port': { type: 'string', description: "(local) trace-app's port (default 8000)", valueName: 'n' },
    'data-dir': { type: 'string', description: '(local) where the data lives (default ./.srcobs/data, or $SRCOBS_DATA_DIR)', valueName: 'dir' },
    ...KUBERNETES_OPTIONS,
  },
  examples: [
    ['srcobs up', 'the local stack and the playground; open the printed address'],
    ['srcobs up --no-playground --port 9300', 'only the stack, on another port, for your own services'],
    ['srcobs up -c srcobs.yaml', 'preview your config: its retention, rules and dashboards'],
    ['srcobs up --target kubernetes --dry-run', 'every helm and kubectl command the cluster install would run'],
    ['srcobs up --target kubernetes -c srcobs.yaml --kube-context prod', 'install on a named cluster'],
  ],
  async run({ values }, output) {
    if (targetOf(values) === 'kubernetes') return runKubernetes('up', values, output);
    const rate = Number(values['rate']);
    if (!Number.isFinite(rate) || rate < 0) throw new UsageError(`--rate must be a number of requests per second, not "${String(values['rate'])}"`);
    const ports = { http: port(values, 'port'), otlpHttp: port(values, 'otlp-http-port'), otlpGrpc: port(values, 'otlp-grpc-port') };
    const testAppPort = port(values, 'test-app-port');
    const traceAppPort = port(values, 'trace-app-port');
    progress(output, 'Starting the local stack and the playground…');
    const env = await startLocalEnvironment({
      ...(values['host'] ? { host: String(values['host']) } : {}),
      ...(values['data-dir'] ? { dataDir: String(values['data-dir']) } : {}),
      ...(values['config'] ? { configFile: String(values['config']) } : {}),
      ports: Object.fromEntries(Object.entries(ports).filter(([, v]) => v !== undefined)),
      playground: values['no-playground']
        ? false
        : { loadgenRate: rate, ...(testAppPort !== undefined ? { testAppPort } : {}), ...(traceAppPort !== undefined ? { traceAppPort } : {}) },
      log: (line) => void output.err.write(`${line}\n`),
    });
    const services = env.playground?.services.filter((s) => s.url).map((s) => `${s.name} ${s.url}`) ?? [];
    // The handlers go in before the line is printed: a supervisor (or a script) that waits for
    // "srcobs is up" and then sends SIGTERM must get a clean stop, not the default action that
    // kills the stack unflushed and leaves the playground apps running.
    const signalled = new Promise<void>((resolve) => {
      const onSignal = (): void => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        output.err.write('Stopping: the playground, then the stack (flushing to disk)…\n');
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    output.out.write(`${paint(output, 'green', 'srcobs is up')}: open ${paint(output, 'bold', env.consoleUrl)}${services.length ? ` (playground: ${services.join(', ')})` : ''}. Ctrl-C stops it.\n`);
    await signalled;
    await env.stop();
    output.err.write('Stopped.\n');
  },
};
