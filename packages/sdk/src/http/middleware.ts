import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import type { Audit } from '../logs/audit.js';
import type { SdkMetrics } from '../metrics/sdk-metrics.js';
import { requestInfo } from './request-info.js';
import { resolveRoute } from './route.js';

/** Connect/Express-style middleware; `next` is optional so plain `node:http` servers can call it too. */
export type HttpMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Status recorded for a request whose client went away before the response finished (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

// OTel semconv: methods outside this set are recorded as _OTHER, so a client cannot mint label values.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export interface MiddlewareDeps {
  readonly metrics: SdkMetrics;
  readonly audit: Audit;
  readonly quietPaths: readonly string[];
}

/**
 * Per request: the duration histogram (route, method, status code, trace id as exemplar) and one
 * access-log line (`api_data_access`), both when the response has finished, so the status is the
 * one the client got (seed erratum E14). Neither ever holds the URL's query, a header or a body.
 */
export function createHttpMiddleware(deps: MiddlewareDeps): HttpMiddleware {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // The request's context (its server span, and the route the Express instrumentation fills in
    // as routing proceeds); 'finish' fires outside it.
    const requestContext = context.active();
    const quiet = deps.quietPaths.includes(pathOf(req.url));
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      try {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS;
        const method = KNOWN_METHODS.has(req.method ?? '') ? (req.method as string) : '_OTHER';
        const route = resolveRoute(req, requestContext);
        const spanContext = trace.getSpan(requestContext)?.spanContext();
        const sampled = spanContext !== undefined && (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0;
        deps.metrics.observeRequest({ route, method, status_code: String(status) }, seconds, sampled ? spanContext.traceId : undefined);
        if (quiet) return;
        const { actor } = requestInfo(req);
        const clientIp = (req as IncomingMessage & { ip?: string }).ip ?? req.socket.remoteAddress;
        context.with(requestContext, () =>
          deps.audit.httpAccess({
            route,
            method,
            status_code: status,
            duration_ms: Math.round(seconds * 1e6) / 1e3,
            ...(actor ? { actor } : {}),
            ...(clientIp ? { client_ip: clientIp } : {}),
          }),
        );
      } catch {
        // Observability of a request must never fail the process that served it.
      }
    };
    res.once('finish', record);
    res.once('close', record);
    next?.();
  };
}
