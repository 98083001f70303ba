import type { Route } from './router.js';

/**
 * `GET /healthz` (the process answers) and `GET /ready` (every receiver is listening and the store
 * is open; 503 while starting or stopping), the probes a supervisor or `srcobs status` polls.
 */
export function healthRoutes(isReady: () => boolean): Route[] {
  return [
    { method: 'GET', path: '/healthz', name: '/healthz', handler: () => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok\n' }) },
    {
      method: 'GET',
      path: '/ready',
      name: '/ready',
      handler: () =>
        isReady()
          ? { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ready\n' }
          : { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }, body: 'not ready: starting or stopping\n' },
    },
  ];
}
