import { fileURLToPath } from 'node:url';
import { freePort, startProcess, type RunningProcess } from '@srcobs/testkit';

/** The register hook of this SDK build, as an absolute path (no resolution from the cwd needed). */
export const REGISTER_HOOK = fileURLToPath(new URL('../register.js', import.meta.url));

/** An instrumented service started as its own process, the way a user starts it. */
export interface RunningService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly process: RunningProcess;
  /** Every stdout line so far that is JSON (the service's log lines), parsed. */
  logLines(): Array<Record<string, unknown>>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | NodeJS.Signals | null>;
}

/** Options of {@link startService}. */
export interface StartServiceOptions {
  /** The service's entry script (e.g. the path `import.meta.resolve('@srcobs/test-app/main')` names). */
  readonly main: string;
  /** Extra environment (OTEL_*, TEST_APP_URL …) over the test's own. */
  readonly env?: Readonly<Record<string, string>>;
  /** Port to listen on (default: a free one). */
  readonly port?: number;
}

/**
 * Starts `node --import @srcobs/sdk/register <main>` with PORT set, and resolves once the
 * service logged `listening`. Fast export settings are the default so a test does not wait for
 * the 5 s batch delay; `env` overrides them.
 */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const port = options.port ?? (await freePort());
  const proc = startProcess(process.execPath, ['--import', REGISTER_HOOK, options.main], {
    env: {
      ...process.env,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
      ...options.env,
      PORT: String(port),
    },
  });
  await proc.waitFor(/"msg":"listening"/, 20_000);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: proc,
    logLines() {
      const out: Array<Record<string, unknown>> = [];
      for (const line of proc.stdout().split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          out.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // A line cut mid-write: the next read has it whole.
        }
      }
      return out;
    },
    stop: (graceMs) => proc.stop(graceMs),
  };
}
