import type { Route } from './router.js';

/** What `GET /api/srcobs/status` reports: the console's status page and `srcobs status` read it. */
export interface StackStatus {
  readonly version: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly urls: Readonly<Record<string, string | undefined>>;
  /** The store's own counters (series, streams, spans, bytes on disk, WAL, ingested, rejected…). */
  readonly store: unknown;
  readonly scrape: ReadonlyArray<{ readonly job: string; readonly url: string; readonly up: boolean | null; readonly error?: string; readonly samples?: number; readonly durationSeconds?: number }>;
  /** Retention in effect. */
  readonly retention: unknown;
}

/** The local stack's version, reported by the status and build-info endpoints. */
export const LOCAL_STACK_VERSION = '0.1.0';

/** `GET /api/srcobs/status`: the stack's state as JSON. */
export function statusRoute(status: () => StackStatus): Route {
  return {
    method: 'GET',
    path: '/api/srcobs/status',
    name: '/api/srcobs/status',
    handler: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(status()) }),
  };
}
