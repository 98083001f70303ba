import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMiddleware } from './http/middleware.js';
import type { Audit } from './logs/audit.js';
import type { LogFields, Logger } from './logs/logger.js';
import { getSdk } from './sdk.js';

/**
 * The process's logger: the instrumented service's, created from the environment on first use
 * if `instrument()` has not run. Import it anywhere; no instance needs to be passed around.
 */
export const logger: Logger = {
  debug: (msg: string, fields?: LogFields) => getSdk().logger.debug(msg, fields),
  info: (msg: string, fields?: LogFields) => getSdk().logger.info(msg, fields),
  warn: (msg: string, fields?: LogFields) => getSdk().logger.warn(msg, fields),
  error: (msg: string, fields?: LogFields) => getSdk().logger.error(msg, fields),
  child: (fields: LogFields) => getSdk().logger.child(fields),
};

/** The process's OLA audit API (see {@link Audit}). */
export const audit: Audit = {
  auth: (event) => getSdk().audit.auth(event),
  security: (event) => getSdk().audit.security(event),
  userActivity: (event) => getSdk().audit.userActivity(event),
  dataAccess: (event) => getSdk().audit.dataAccess(event),
  httpAccess: (event) => getSdk().audit.httpAccess(event),
};

/** The process's request middleware: `app.use(httpMiddleware)` before the routes. */
export const httpMiddleware: HttpMiddleware = (req, res, next) => getSdk().httpMiddleware(req, res, next);

/** The process's `/metrics` handler: `app.get('/metrics', metricsHandler)`. */
export const metricsHandler = (req: IncomingMessage, res: ServerResponse): void => getSdk().metricsHandler(req, res);

/** Flushes the process's telemetry (bounded, idempotent); see `Sdk.shutdown`. */
export function shutdown(): Promise<void> {
  return getSdk().shutdown();
}
