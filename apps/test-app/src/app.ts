import { setTimeout as sleep } from 'node:timers/promises';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { audit, getSdk, logger, setActor } from '@srcobs/sdk';
import { checkPassword, isAdmin } from './demo-users.js';
import { createFailureLimiter } from './failure-limiter.js';

/** Options of {@link createApp}. */
export interface TestAppOptions {
  /** How long `/slow` waits, in ms (default 3000, the seed's). */
  readonly slowMillis?: number;
  /** Failed logins per client address per window before `/login` answers 429 (default 5). */
  readonly loginFailureLimit?: number;
  /** The window of that limit, in ms (default 10000). */
  readonly loginWindowMillis?: number;
}

const ITEMS = ['keyboard', 'mouse', 'monitor', 'cable', 'dock'];

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
}

/**
 * The seed's Node service done right: `/fast`, `/slow` (a real wait that does not block the event
 * loop), `/metrics`, `/healthz`, and one producer per OLA category: `POST /login` (auth_access,
 * and network_security once an address fails too often), `GET /admin/export` (endpoint_user_activity
 * and api_data_access), the access log of every request (api_data_access), and its own logs
 * (system_application), errors included (seed erratum E14).
 */
export function createApp(options: TestAppOptions = {}): Express {
  const slowMillis = options.slowMillis ?? 3_000;
  const limiter = createFailureLimiter(options.loginFailureLimit ?? 5, options.loginWindowMillis ?? 10_000);
  const sdk = getSdk();
  const app = express();
  app.disable('x-powered-by');
  app.use(sdk.httpMiddleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', sdk.metricsHandler);

  app.get('/fast', (_req, res) => {
    logger.info('fast request served');
    res.type('text/plain').send('This is a fast request!');
  });

  app.get('/slow', async (_req, res) => {
    await sleep(slowMillis);
    logger.info('slow request served', { waited_ms: slowMillis });
    res.type('text/plain').send('This is a slow request!');
  });

  app.get('/items/:id', (req, res) => {
    const item = ITEMS[Number(req.params.id)];
    if (item === undefined) {
      res.status(404).json({ error: 'no such item' });
      return;
    }
    res.json({ id: Number(req.params.id), name: item });
  });

  // The body is parsed only here, read for two fields, and never logged.
  app.post('/login', express.json({ limit: '4kb' }), (req, res) => {
    const address = clientAddress(req);
    if (limiter.isBlocked(address)) {
      audit.security({ kind: 'rate_limited', source_ip: address, detail: 'too many failed logins' });
      res.status(429).json({ error: 'too many failed logins, try again later' });
      return;
    }
    const body: unknown = req.body;
    const username = text((body as { username?: unknown } | undefined)?.username);
    const password = text((body as { password?: unknown } | undefined)?.password);
    if (!username || !password) {
      limiter.recordFailure(address);
      audit.auth({ action: 'login', outcome: 'failure', principal: username ?? 'unknown', method: 'password', reason: 'missing username or password' });
      res.status(400).json({ error: 'send {"username": ..., "password": ...}' });
      return;
    }
    const result = checkPassword(username, password);
    if (!result.ok) {
      limiter.recordFailure(address);
      audit.auth({ action: 'login', outcome: 'failure', principal: username, method: 'password', reason: result.reason });
      res.status(401).json({ error: 'invalid username or password' });
      return;
    }
    setActor(req, username);
    audit.auth({ action: 'login', outcome: 'success', principal: username, method: 'password' });
    res.json({ user: username, admin: result.admin });
  });

  // The demo trusts an identity header set by a gateway in front of it (as oauth2-proxy does).
  app.get('/admin/export', (req, res) => {
    const user = text(req.get('x-user'));
    if (!user || !isAdmin(user)) {
      audit.auth({ action: 'permission_denied', outcome: 'failure', principal: user ?? 'anonymous', method: 'header', reason: 'admin role required' });
      res.status(403).json({ error: 'admin role required' });
      return;
    }
    setActor(req, user);
    const rows = ITEMS.map((name, id) => ({ id, name }));
    audit.userActivity({ actor: user, action: 'export', target: 'items' });
    audit.dataAccess({ actor: user, resource: 'items', operation: 'export', records: rows.length });
    res.json({ items: rows });
  });

  app.get('/fail', () => {
    throw new Error('simulated failure');
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    logger.error('request failed', { err: error });
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  };
  app.use(onError);
  return app;
}
