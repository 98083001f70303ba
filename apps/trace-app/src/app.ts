import { setTimeout as sleep } from 'node:timers/promises';
import express, { type ErrorRequestHandler, type Express, type Response } from 'express';
import { getSdk, logger } from '@srcobs/sdk';

/** Options of {@link createApp}. */
export interface TraceAppOptions {
  /** test-app's base URL (default `http://127.0.0.1:3000`). */
  readonly testAppUrl?: string;
  /** The extra wait of `/slow` after its call, as [min, max] ms (default [1000, 3000], the seed's). */
  readonly slowExtraMillis?: readonly [number, number];
  /** How long a call to test-app may take before it is abandoned, in ms (default 10000). */
  readonly upstreamTimeoutMillis?: number;
}

/** The upstream call failed: test-app was down, slow past the timeout, or answered 5xx. */
class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

/**
 * The seed's FastAPI trace service in TypeScript (seed erratum E15): `/fast` and `/slow` call
 * test-app with `fetch` (non-blocking, and instrumented, so the call is a client span in the same
 * trace and test-app's server span is its child), then `/slow` waits 1-3 s without blocking the
 * event loop.
 */
export function createApp(options: TraceAppOptions = {}): Express {
  const testAppUrl = (options.testAppUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const [minExtra, maxExtra] = options.slowExtraMillis ?? [1_000, 3_000];
  const timeout = options.upstreamTimeoutMillis ?? 10_000;
  const sdk = getSdk();
  const app = express();
  app.disable('x-powered-by');
  app.use(sdk.httpMiddleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', sdk.metricsHandler);

  const callTestApp = async (path: string): Promise<number> => {
    let response: globalThis.Response;
    try {
      response = await fetch(`${testAppUrl}${path}`, { signal: AbortSignal.timeout(timeout) });
      await response.arrayBuffer();
    } catch (cause) {
      throw new UpstreamError(`cannot reach test-app at ${testAppUrl}${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (response.status >= 500) throw new UpstreamError(`test-app answered ${response.status} to ${path}`);
    return response.status;
  };

  const reply = (res: Response, message: string, upstream: number): void => {
    res.json({ message, upstream_status: upstream });
  };

  app.get('/fast', async (_req, res) => {
    const upstream = await callTestApp('/fast');
    logger.info('fast request completed', { upstream_status: upstream });
    reply(res, 'Fast response', upstream);
  });

  app.get('/slow', async (_req, res) => {
    const upstream = await callTestApp('/slow');
    const extra = Math.round(minExtra + Math.random() * (maxExtra - minExtra));
    await sleep(extra);
    logger.info('slow request completed', { upstream_status: upstream, extra_wait_ms: extra });
    reply(res, 'Slow response', upstream);
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const upstream = error instanceof UpstreamError;
    logger.error(upstream ? 'call to test-app failed' : 'request failed', { err: error });
    if (!res.headersSent) res.status(upstream ? 502 : 500).json({ error: upstream ? 'test-app unavailable' : 'internal error' });
  };
  app.use(onError);
  return app;
}
