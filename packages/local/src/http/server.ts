import { createServer, maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Admission, AdmissionTicket } from './admission.js';
import { requestToken, tokenMatches } from './auth.js';
import { readBody } from './body.js';
import { MethodNotAllowedError, NotFoundError, PayloadTooLargeError, TooManyRequestsError, UnauthorizedError, describeError, errorHeaders, type HttpErrorInfo } from './errors.js';
import type { BodyOptions, ErrorFormatter, HttpMethod, HttpResponse, RequestContext, Route, Router } from './router.js';

/** Seconds a client refused for in-flight limits should wait. */
const OVERLOAD_RETRY_AFTER_SECONDS = 1;
/** Largest form body a query route reads: Go's `ParseForm` limit (10 MiB), which Prometheus and Loki inherit. */
const MAX_FORM_BODY_BYTES = 10 * 1024 * 1024;
/** How long `close()` lets in-flight requests finish before cutting connections. */
const CLOSE_GRACE_MS = 5_000;
const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);

/** Receives one observation per request, for self-metrics. */
export interface HttpObserver {
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** An unexpected (500) error, with its cause: goes to the stack's log. */
  internalError?(route: string, error: unknown): void;
}

/** Options of one listening server. */
export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly router: Router;
  /** When set, every request needs this token. */
  readonly token?: string;
  readonly admission: Admission;
  /** Default body limit for `ctx.body()`, after decompression. */
  readonly maxBodyBytes: number;
  readonly observer?: HttpObserver;
}

/** A listening server. */
export interface RunningHttpServer {
  readonly port: number;
  /** `http://host:port` (IPv6 hosts bracketed). */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish (a few seconds at most), then closes every connection. */
  close(): Promise<void>;
}

/** Errors render as one plain-text line unless the route knows better. */
function plainText(info: HttpErrorInfo): HttpResponse {
  return { status: info.status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${info.message}\n` };
}

function writeResponse(req: IncomingMessage, res: ServerResponse, response: HttpResponse, extraHeaders?: Record<string, string>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = response.status;
  for (const [k, v] of Object.entries({ ...response.headers, ...extraHeaders })) res.setHeader(k, v);
  const body = response.body ?? '';
  if (!res.hasHeader('content-length')) res.setHeader('content-length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

class RequestHandler {
  constructor(private readonly options: HttpServerOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    let routeName = 'unmatched';
    let ticket: AdmissionTicket | undefined;
    let bodyRead = false;
    let ctx: RequestContext | undefined;
    let formatter: ErrorFormatter | undefined;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = this.options.router.match(req.method ?? 'GET', url.pathname);
      // The token is checked before anything else is said about the path, public routes aside.
      const isPublic = match.kind === 'found' && match.route.public === true;
      if (this.options.token !== undefined && !isPublic && !tokenMatches(this.options.token, requestToken(req, url))) throw new UnauthorizedError();
      if (match.kind === 'not-found') throw new NotFoundError(`no endpoint at ${url.pathname}`);
      if (match.kind === 'method-not-allowed') throw new MethodNotAllowedError(match.allow);
      const route: Route = match.route;
      routeName = route.name ?? (typeof route.path === 'string' ? route.path : String(route.path));
      formatter = route.formatError;
      ctx = this.context(req, res, url, match.params, () => ticket, () => (bodyRead = true));
      if (route.ingest) {
        const declared = Number(req.headers['content-length'] ?? 0);
        ticket = this.options.admission.tryAcquire(Number.isFinite(declared) ? declared : 0);
        if (!ticket) throw new TooManyRequestsError('too many ingest requests in flight: retry after the Retry-After delay, or send smaller batches', OVERLOAD_RETRY_AFTER_SECONDS);
      }
      const response = await route.handler(ctx);
      if (response) writeResponse(req, res, response);
    } catch (error) {
      const info: HttpErrorInfo = describeError(error);
      if (info.status >= 500 && info.errorType === 'internal') this.options.observer?.internalError?.(routeName, error);
      const response = ctx && formatter ? formatter(info, ctx) : plainText(info);
      // A body left unread (refused early) is not drained: the connection closes after the answer.
      writeResponse(req, res, response, { ...errorHeaders(info), ...(bodyRead || req.readableEnded ? {} : { connection: 'close' }) });
    } finally {
      ticket?.release();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.observer?.observeRequest(routeName, req.method ?? '', res.statusCode, seconds);
    }
  }

  /** A `Connection: Upgrade` request: token, route (as GET) and its upgrade handler, or a plain HTTP refusal. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, reason: string, message: string): void => {
      const body = `${message}\n`;
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (this.options.token !== undefined && !tokenMatches(this.options.token, requestToken(req, url))) return refuse(401, 'Unauthorized', new UnauthorizedError().message);
      const match = this.options.router.match('GET', url.pathname);
      if (match.kind !== 'found' || !match.route.upgrade) return refuse(404, 'Not Found', `no WebSocket endpoint at ${url.pathname}`);
      match.route.upgrade(req, socket, head, url);
    } catch (error) {
      this.options.observer?.internalError?.('upgrade', error);
      socket.destroy();
    }
  }

  private context(req: IncomingMessage, res: ServerResponse, url: URL, params: Readonly<Record<string, string>>, ticketOf: () => AdmissionTicket | undefined, markRead: () => void): RequestContext {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let body: Promise<Buffer> | undefined;
    const readOnce = (options?: BodyOptions): Promise<Buffer> => {
      const ticket = ticketOf();
      body ??= readBody(req, {
        maxBytes: options?.maxBytes ?? this.options.maxBodyBytes,
        decode: options?.decode ?? true,
        ...(ticket ? { onBytes: (n: number) => ticket.add(n), overloadError: () => new TooManyRequestsError('ingest memory budget is in use: retry after the Retry-After delay', OVERLOAD_RETRY_AFTER_SECONDS) } : {}),
      }).finally(markRead);
      return body;
    };
    return {
      req,
      res,
      method: (METHODS.has(req.method ?? '') ? req.method : 'GET') as HttpMethod,
      url,
      params,
      signal: controller.signal,
      body: readOnce,
      form: async () => {
        const merged = new URLSearchParams();
        const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (req.method === 'POST' && type === 'application/x-www-form-urlencoded') {
          const maxBytes = Math.min(this.options.maxBodyBytes, MAX_FORM_BODY_BYTES);
          const form = await readOnce({ maxBytes }).catch((error: unknown) => {
            throw error instanceof PayloadTooLargeError ? new PayloadTooLargeError(maxBytes, `the form body is larger than ${maxBytes} bytes: a query that long cannot be meant; send fewer or shorter parameters`) : error;
          });
          for (const [k, v] of new URLSearchParams(form.toString('utf8'))) merged.append(k, v);
        }
        for (const [k, v] of url.searchParams) if (k !== 'token') merged.append(k, v);
        return merged;
      },
    };
  }
}

/**
 * The answer to a request Node's parser refused before any route saw it. An over-long URL is 414,
 * as nginx answers (Go servers say 431): either way the client must not retry the same request,
 * and the message says what to do instead.
 */
function clientErrorAnswer(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): { status: number; reason: string; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const raw = err.rawPacket;
    const requestLineEnded = raw !== undefined && raw.includes('\r\n');
    if (!requestLineEnded)
      return { status: 414, reason: 'URI Too Long', message: `the request URL is longer than ${maxHeaderSize} bytes: send a long query as a POST form body (Content-Type: application/x-www-form-urlencoded)` };
    return { status: 431, reason: 'Request Header Fields Too Large', message: `the request line and headers are longer than ${maxHeaderSize} bytes` };
  }
  return { status: 400, reason: 'Bad Request', message: `malformed HTTP request (${err.code ?? 'parse error'})` };
}

/**
 * Starts one HTTP server over a route table. Every request: token check (when the server has a
 * token), route match (404/405), admission for ingest routes (429 with Retry-After before the body
 * is read), the handler, errors mapped through the one table in `errors.ts` and rendered by the
 * route's formatter, and one self-metrics observation.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const handler = new RequestHandler(options);
  const server: Server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 120_000 }, (req, res) => void handler.handle(req, res));
  // A client error (malformed request line, oversized headers) gets a 400, never a crash.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => handler.upgrade(req, socket, head));
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy(err);
    const { status, reason, message } = clientErrorAnswer(err);
    const body = `${message}\n`;
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
