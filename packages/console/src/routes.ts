/*
 * The console's pages and their paths, shared by the browser router and by the local stack, which
 * answers these paths with index.html so a shared link opens the right page (the SPA fallback).
 * None of them may collide with an API of port 3300 (`/metrics`, `/api/*`, `/loki/*`, `/ready`).
 */

/** Every page of the console. */
export type PageId = 'home' | 'metrics' | 'logs' | 'traces' | 'trace' | 'dashboards' | 'dashboard' | 'ola' | 'status';

/** The path of each page without parameters. */
export const PAGE_PATHS = {
  home: '/',
  metrics: '/explore/metrics',
  logs: '/explore/logs',
  traces: '/traces',
  dashboards: '/dashboards',
  ola: '/ola',
  status: '/status',
} as const;

/** Paths the local stack answers with the console's index.html. */
export const CONSOLE_CLIENT_ROUTE = /^\/(?:explore\/(?:metrics|logs)\/?|traces(?:\/[0-9a-fA-F]{1,32})?\/?|dashboards(?:\/[A-Za-z0-9_-]+)?\/?|ola\/?|status\/?)?$/;

/** A page and its path parameters. */
export interface PageMatch {
  readonly page: PageId;
  /** The trace id of `/traces/<id>`, the dashboard uid of `/dashboards/<uid>`. */
  readonly id?: string;
}

/** The page a pathname shows, or undefined for a path the console does not know. */
export function matchPage(pathname: string): PageMatch | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { page: 'home' };
  if (path === PAGE_PATHS.metrics) return { page: 'metrics' };
  if (path === PAGE_PATHS.logs) return { page: 'logs' };
  if (path === PAGE_PATHS.traces) return { page: 'traces' };
  if (path === PAGE_PATHS.dashboards) return { page: 'dashboards' };
  if (path === PAGE_PATHS.ola) return { page: 'ola' };
  if (path === PAGE_PATHS.status) return { page: 'status' };
  const trace = /^\/traces\/([0-9a-fA-F]{1,32})$/.exec(path);
  if (trace) return { page: 'trace', id: trace[1]!.toLowerCase() };
  const dash = /^\/dashboards\/([A-Za-z0-9_-]+)$/.exec(path);
  if (dash) return { page: 'dashboard', id: dash[1]! };
  return undefined;
}
