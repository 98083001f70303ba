import { SrcobsError } from '@srcobs/ola';
import { dashboardDefinitions, type StackConfig } from '@srcobs/stack';
import { olaAudit } from '../checks/audit/audit.js';
import { CheckInputError } from '../checks/errors.js';
import type { LokiClient } from '../checks/query-client.js';
import { parseTimeArg } from '../checks/time.js';
import type { HttpResponse, Route } from '../http/router.js';

/** The range the OLA report covers when the request does not say: the last 7 days, as the OLA dashboard. */
export const DEFAULT_OLA_RANGE_MS = 7 * 86_400_000;

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/** Options of {@link srcobsRoutes}. */
export interface SrcobsRoutesOptions {
  /** The config the stack applied: the dashboards and the OLA report derive from it. */
  readonly config: StackConfig;
  /** The stack's own Loki API, known once the stack listens (the report reads it as any client would). */
  readonly loki: () => LokiClient | undefined;
  readonly now?: () => number;
}

/**
 * The local stack's own endpoints over the stack config:
 * - `GET /api/srcobs/dashboards` → `{ "dashboards": DashboardDefinition[] }`, exactly
 *   `dashboardDefinitions(config)`, the definitions the Grafana renderer draws on a cluster;
 * - `GET /api/srcobs/ola?from=<time>&to=<time>` → the OLA report `srcobs audit --json` prints
 *   (times as unix seconds, RFC 3339 or `now-7d`; default the last 7 days).
 */
export function srcobsRoutes(options: SrcobsRoutesOptions): Route[] {
  const now = options.now ?? Date.now;
  // The definitions are pure data of the config: computed once.
  const dashboards = JSON.stringify({ dashboards: dashboardDefinitions(options.config) });
  return [
    { method: 'GET', path: '/api/srcobs/dashboards', name: '/api/srcobs/dashboards', handler: () => ({ status: 200, headers: JSON_HEADERS, body: dashboards }) },
    {
      method: 'GET',
      path: '/api/srcobs/ola',
      name: '/api/srcobs/ola',
      handler: async (ctx) => {
        const loki = options.loki();
        if (!loki) return json(503, { error: 'the Loki API of this stack is off (loki: false): the OLA report reads it' });
        const q = ctx.url.searchParams;
        const nowMs = now();
        try {
          const toMs = q.get('to') ? parseTimeArg(q.get('to')!, nowMs, 'to') : nowMs;
          const fromMs = q.get('from') ? parseTimeArg(q.get('from')!, nowMs, 'from') : toMs - DEFAULT_OLA_RANGE_MS;
          return json(200, await olaAudit({ loki, config: options.config, fromMs, toMs, now: () => nowMs }));
        } catch (error) {
          if (error instanceof CheckInputError) return json(400, { error: error.message.replace(/^--/, '') });
          if (error instanceof SrcobsError) return json(502, { error: error.message, code: error.code });
          throw error;
        }
      },
    },
  ];
}
