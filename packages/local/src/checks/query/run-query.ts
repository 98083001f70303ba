import { parseLogQL } from '../../query/logql/syntax/parser.js';
import type { LokiQueryData, PromQueryData, QueryClient, TempoSearchResponse } from '../query-client.js';
import { guessLanguage, type QueryLang } from './language.js';

/** The range log and trace searches cover when no `from` is given. */
export const DEFAULT_SEARCH_RANGE_MS = 3_600_000;
/** Points per series a range query aims at when no step is given (Grafana draws about as many). */
const TARGET_POINTS = 250;

/** One query from the terminal. Times are ms since the epoch. */
export interface QueryRequest {
  readonly expr: string;
  /** Guessed from the expression when absent. */
  readonly lang?: QueryLang;
  /** Given: a range query (PromQL, LogQL metrics) or the search's start. Absent: an instant query, a search over the last hour. */
  readonly fromMs?: number;
  /** Default: now. */
  readonly toMs?: number;
  readonly stepMs?: number;
  /** Log lines (default 100) or traces (default 20). */
  readonly limit?: number;
  readonly nowMs?: number;
}

/** What came back, with how it was asked. `data` is the API's own `data` (Tempo: the whole answer). */
export type QueryOutcome =
  | { readonly lang: 'promql'; readonly kind: 'instant' | 'range'; readonly data: PromQueryData }
  | { readonly lang: 'logql'; readonly kind: 'instant' | 'range'; readonly data: LokiQueryData }
  | { readonly lang: 'traceql'; readonly kind: 'search'; readonly data: TempoSearchResponse };

function defaultStep(fromMs: number, toMs: number): number {
  return Math.max(1000, Math.ceil((toMs - fromMs) / TARGET_POINTS / 1000) * 1000);
}

/** True for LogQL that selects lines rather than computing numbers; unparseable text goes to the server as is. */
function isLogQuery(expr: string): boolean {
  try {
    return parseLogQL(expr).kind === 'log';
  } catch {
    // The server's parser has the last word, and its message is the one to show.
    return true;
  }
}

/**
 * Runs PromQL, LogQL or TraceQL against the query APIs as Grafana's Explore does: an instant
 * query unless a range is asked for, log lines newest first, a TraceQL search. Errors are the
 * server's own (a parse error keeps its position), as QueryApiError.
 *
 * @example
 * ```ts
 * const r = await runQuery(client, { expr: 'sum by (job) (up)' });
 * ```
 */
export async function runQuery(client: QueryClient, request: QueryRequest): Promise<QueryOutcome> {
  const now = request.nowMs ?? Date.now();
  const toMs = request.toMs ?? now;
  const lang = request.lang ?? guessLanguage(request.expr);
  const { expr } = request;
  if (lang === 'traceql') {
    const fromMs = request.fromMs ?? toMs - DEFAULT_SEARCH_RANGE_MS;
    return { lang, kind: 'search', data: await client.tempo.search(expr, fromMs, toMs, request.limit ?? 20) };
  }
  if (lang === 'logql') {
    if (isLogQuery(expr) || request.fromMs !== undefined) {
      const fromMs = request.fromMs ?? toMs - DEFAULT_SEARCH_RANGE_MS;
      const data = await client.loki.queryRange(expr, fromMs, toMs, { limit: request.limit ?? 100, direction: 'backward', stepMs: request.stepMs ?? defaultStep(fromMs, toMs) });
      return { lang, kind: 'range', data };
    }
    return { lang, kind: 'instant', data: await client.loki.query(expr, toMs, { limit: request.limit ?? 100 }) };
  }
  if (request.fromMs !== undefined) {
    return { lang, kind: 'range', data: await client.prometheus.queryRange(expr, request.fromMs, toMs, request.stepMs ?? defaultStep(request.fromMs, toMs)) };
  }
  return { lang, kind: 'instant', data: await client.prometheus.query(expr, toMs) };
}
