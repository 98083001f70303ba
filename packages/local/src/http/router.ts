import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { BadRequestError, type HttpErrorInfo } from './errors.js';

/** HTTP methods the local stack routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** Options for {@link RequestContext.body}. */
export interface BodyOptions {
  /**
   * Largest body accepted after decompression, in bytes (default: the server's `maxBodyBytes`).
   * A larger body fails with PayloadTooLargeError (413) without ever being held in memory whole.
   */
  readonly maxBytes?: number;
  /**
   * Decompress according to `Content-Encoding` (gzip, deflate; `identity` passes). Default true.
   * Snappy is not a Content-Encoding: remote write and Loki push decode it themselves.
   */
  readonly decode?: boolean;
}

/** What a handler gets for one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  /** For handlers that stream their answer themselves (they then return undefined). */
  readonly res: ServerResponse;
  readonly method: HttpMethod;
  readonly url: URL;
  /** Named groups of a RegExp route path (`/api\/traces\/(?<traceId>[^/]+)/` gives `params.traceId`). */
  readonly params: Readonly<Record<string, string>>;
  /** Aborted when the client goes away, so long work (a query) can stop early. */
  readonly signal: AbortSignal;
  /** The request body, decompressed and size-limited. Reads it once; later calls return the same bytes. */
  body(options?: BodyOptions): Promise<Buffer>;
  /**
   * The URL query merged with an `application/x-www-form-urlencoded` body, as Prometheus'
   * `r.ParseForm()` does for `/api/v1/query` by POST. Body values come first, then the URL's.
   */
  form(): Promise<URLSearchParams>;
}

/** A complete answer. Handlers that write to `ctx.res` themselves return undefined instead. */
export interface HttpResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: string | Uint8Array;
}

/** Handles one request. Throwing maps the error to a status through the table in `errors.ts`. */
export type RouteHandler = (ctx: RequestContext) => HttpResponse | undefined | Promise<HttpResponse | undefined>;

/**
 * Renders an error the way the route's protocol expects: Prometheus' `{"status":"error",...}`,
 * OTLP's `google.rpc.Status`, Loki's plain text. The status and the retry hint come from the one
 * error table; only the body's shape is the route's business.
 */
export type ErrorFormatter = (error: HttpErrorInfo, ctx: RequestContext) => HttpResponse;

/**
 * Takes over a connection that asked to upgrade (a WebSocket, such as Loki's `/tail`). The server
 * has matched the route (as a GET) and checked the token; the handler owns the socket from here.
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;

/** One route: registered by the module that owns it (ingest receivers, query APIs, self-metrics). */
export interface Route {
  readonly method: HttpMethod | readonly HttpMethod[];
  /** An exact path, or a RegExp tested against the whole pathname (anchor it) whose named groups become `params`. */
  readonly path: string | RegExp;
  readonly handler: RouteHandler;
  /** A low-cardinality name for request metrics (`/api/v1/query`, `/api/traces/:id`); defaults to the path. */
  readonly name?: string;
  /** How errors of this route are rendered; plain text by default. */
  readonly formatError?: ErrorFormatter;
  /**
   * True for routes that read a body the server must meter (ingest): the server admits them only
   * while in-flight request bytes and counts are under the configured limits, answering 429
   * before reading a byte otherwise. Query routes leave it false.
   */
  readonly ingest?: boolean;
  /**
   * Served without the token even when the stack has one: only for the console's static files,
   * which hold no data (every API the page then calls still needs the token).
   */
  readonly public?: boolean;
  /** Set for routes that accept `Connection: Upgrade` requests (WebSockets). */
  readonly upgrade?: UpgradeHandler;
}

/** The outcome of matching a request against the routes. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

/** A route table. */
export interface Router {
  /** Adds routes; a later route never shadows an earlier one with the same method and path. */
  add(...routes: readonly Route[]): void;
  /** Finds the route for a method and pathname (HEAD falls back to GET). */
  match(method: string, pathname: string): RouteMatch;
  /** Every route, in registration order (for tests and the console's API list). */
  routes(): readonly Route[];
}

function methodsOf(route: Route): readonly HttpMethod[] {
  return typeof route.method === 'string' ? [route.method] : route.method;
}

function matchPath(route: Route, pathname: string): Record<string, string> | undefined {
  if (typeof route.path === 'string') return route.path === pathname ? {} : undefined;
  const m = route.path.exec(pathname);
  if (!m || m.index !== 0 || m[0].length !== pathname.length) return undefined;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) {
    if (v === undefined) continue;
    try {
      params[k] = decodeURIComponent(v);
    } catch {
      // As Go's net/http (Prometheus, Loki, Tempo) answers a malformed escape: the client's mistake.
      throw new BadRequestError(`invalid URL escape in ${JSON.stringify(v)}: percent-encode the path segment (e.g. encodeURIComponent)`);
    }
  }
  return params;
}

class RouteTable implements Router {
  private readonly list: Route[] = [];
  private readonly exact = new Map<string, Route[]>();

  add(...routes: readonly Route[]): void {
    for (const r of routes) {
      this.list.push(r);
      if (typeof r.path === 'string') {
        const same = this.exact.get(r.path);
        if (same) same.push(r);
        else this.exact.set(r.path, [r]);
      }
    }
  }

  match(method: string, pathname: string): RouteMatch {
    const allow = new Set<HttpMethod>();
    // Exact paths first (a map lookup), then patterns in registration order.
    const candidates = [...(this.exact.get(pathname) ?? []), ...this.list.filter((r) => typeof r.path !== 'string')];
    for (const wanted of method === 'HEAD' ? ['HEAD', 'GET'] : [method]) {
      for (const route of candidates) {
        const params = matchPath(route, pathname);
        if (!params) continue;
        const methods = methodsOf(route);
        methods.forEach((m) => allow.add(m));
        if ((methods as readonly string[]).includes(wanted)) return { kind: 'found', route, params };
      }
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
  }

  routes(): readonly Route[] {
    return this.list;
  }
}

/**
 * Creates an empty route table. Modules contribute their routes as arrays of {@link Route}
 * (`createPrometheusApiRoutes(...)`, the receivers' routes) and the local stack adds them all.
 *
 * @example
 * ```ts
 * const router = createRouter();
 * router.add({ method: 'GET', path: '/healthz', handler: () => ({ status: 200, body: 'ok\n' }) });
 * router.add({ method: 'GET', path: /^\/api\/traces\/(?<traceId>[0-9a-fA-F]+)$/, name: '/api/traces/:id', handler: (ctx) => ... });
 * ```
 */
export function createRouter(routes: readonly Route[] = []): Router {
  const table = new RouteTable();
  table.add(...routes);
  return table;
}
