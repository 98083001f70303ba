import { ApiUnreachableError, QueryApiError, UnexpectedResponseError, type ApiKind } from './errors.js';

/** How long one API request may take before it counts as unreachable. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** One GET to a query API. */
export interface ApiRequest {
  readonly api: ApiKind;
  /** The data source's base URL (`http://127.0.0.1:3300`, `http://grafana/api/datasources/proxy/uid/loki`). */
  readonly base: string;
  readonly path: string;
  readonly params?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends API requests: bearer token, time-out, and every failure as a typed error. */
export interface ApiTransport {
  /** The parsed JSON body of a 2xx answer; `undefined` for a 404 when `allowNotFound`. */
  getJson<T>(request: ApiRequest, options?: { readonly allowNotFound?: boolean }): Promise<T | undefined>;
}

/** Options of {@link createApiTransport}. */
export interface ApiTransportOptions {
  /** Sent as `Authorization: Bearer <token>` (the local stack's token, or a Grafana service-account token). */
  readonly token?: string;
  readonly timeoutMs?: number;
  /** The fetch to use (tests). Default: the global one. */
  readonly fetch?: typeof fetch;
}

function buildUrl(base: string, path: string, params: ApiRequest['params']): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) url.searchParams.append(k, one);
  }
  return url.toString();
}

function causeText(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

/** The message inside an error body: Prometheus' `{"error": …}`, else the text (Loki, Tempo, proxies). */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Plain text, as Loki and Tempo answer.
  }
  const trimmed = text.trim();
  return trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed || '(empty body)';
}

/**
 * The HTTP side of every check: plain GETs with query parameters, as Grafana's data sources send
 * them, so a check that passes here passes through Grafana's proxy too.
 */
export function createApiTransport(options: ApiTransportOptions = {}): ApiTransport {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    async getJson<T>(request: ApiRequest, opts: { readonly allowNotFound?: boolean } = {}): Promise<T | undefined> {
      const url = buildUrl(request.base, request.path, request.params);
      const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (error) {
        throw new ApiUnreachableError(request.api, request.base, causeText(error), { cause: error });
      }
      if (response.status === 404 && opts.allowNotFound) return undefined;
      if (!response.ok) throw new QueryApiError(request.api, response.status, errorMessage(text), url);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new UnexpectedResponseError(request.api, request.base, `${response.headers.get('content-type') ?? 'no content type'}, not JSON`);
      }
    },
  };
}
