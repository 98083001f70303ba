import type { Server } from 'node:http';
import { getSdk } from './sdk.js';

/** Options of {@link handleShutdownSignals}. */
export interface ShutdownSignalOptions {
  /** How long in-flight requests may take to finish after the signal, in ms (default 10000). */
  readonly graceMillis?: number;
  /** Runs after the server stopped and before telemetry is flushed (close a database, say). */
  readonly beforeFlush?: () => Promise<void> | void;
}

const DEFAULT_GRACE_MILLIS = 10_000;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish (cut after
 * `graceMillis`), flush telemetry within the SDK's shutdown bound, then exit 0. This is what
 * Kubernetes expects between SIGTERM and its kill, and what Ctrl-C should do locally. Signals
 * that arrive while stopping are ignored: Ctrl-C reaches a supervised service both from the
 * terminal and from its supervisor, and the stop is bounded anyway.
 *
 * @example
 * ```ts
 * handleShutdownSignals(app.listen(3000, '127.0.0.1'));
 * ```
 */
export function handleShutdownSignals(server: Server, options: ShutdownSignalOptions = {}): void {
  const grace = options.graceMillis ?? DEFAULT_GRACE_MILLIS;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const sdk = getSdk();
    sdk.logger.info('stopping', { signal });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), grace);
    cut.unref();
    void closed
      .then(() => options.beforeFlush?.())
      .catch((error: unknown) => sdk.logger.error('shutdown step failed', { err: error }))
      .then(() => sdk.shutdown())
      .finally(() => {
        clearTimeout(cut);
        sdk.logger.info('stopped', { signal });
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
