import { SrcobsError } from '@srcobs/ola';

/** Which query API a request went to. */
export type ApiKind = 'prometheus' | 'loki' | 'tempo' | 'srcobs';

const API_NAMES: Readonly<Record<ApiKind, string>> = { prometheus: 'Prometheus', loki: 'Loki', tempo: 'Tempo', srcobs: 'srcobs' };

/** The API answered with an error: a bad query (with the server's message and position), a limit, a refused token. */
export class QueryApiError extends SrcobsError {
  override readonly name = 'QueryApiError';
  constructor(
    readonly api: ApiKind,
    readonly status: number,
    /** The server's own message, as it wrote it (Prometheus' `error`, Loki's and Tempo's text body). */
    readonly serverMessage: string,
    readonly url: string,
  ) {
    super(status === 401 || status === 403 ? 'api_unauthorized' : 'query_failed', QueryApiError.describe(api, status, serverMessage));
  }

  private static describe(api: ApiKind, status: number, message: string): string {
    const name = API_NAMES[api];
    if (status === 401 || status === 403) return `the ${name} API refused the request (${status}: ${message}): pass the token with --token or SRCOBS_TOKEN`;
    if (status === 404) return `the ${name} API answered 404 (${message}): is the URL the ${name} data source's, without a path such as /api/v1?`;
    return `${name} (${status}): ${message}`;
  }
}

/** Nothing answers at the URL (refused, timed out, not HTTP). */
export class ApiUnreachableError extends SrcobsError {
  override readonly name = 'ApiUnreachableError';
  constructor(
    readonly api: ApiKind,
    readonly url: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super('api_unreachable', `cannot reach the ${API_NAMES[api]} API at ${url} (${reason}): is it running, and is the URL right?`, options);
  }
}

/** The API answered something that is not the documented shape (a proxy's HTML page, another product). */
export class UnexpectedResponseError extends SrcobsError {
  override readonly name = 'UnexpectedResponseError';
  constructor(
    readonly api: ApiKind,
    readonly url: string,
    detail: string,
  ) {
    super('api_unexpected', `the ${API_NAMES[api]} API at ${url} answered something unexpected (${detail}): check that the URL points at a ${API_NAMES[api]} data source`);
  }
}

/** A command-line or query-string value that cannot be used (a time, a duration, a step). */
export class CheckInputError extends SrcobsError {
  override readonly name = 'CheckInputError';
  constructor(message: string) {
    super('bad_input', message);
  }
}
