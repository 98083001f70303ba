/** Which service a target is, so loadgen sends requests that service serves. */
export type TargetKind = 'test-app' | 'trace-app' | 'generic';

/** One service to send traffic to. */
export interface LoadTarget {
  readonly kind: TargetKind;
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
}

/** One thing a user does: one or more HTTP requests. */
export interface Action {
  readonly name: string;
  readonly weight: number;
  readonly requests: (pick: () => number) => ReadonlyArray<{ readonly path: string; readonly init?: RequestInit }>;
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// The playground's demo accounts (see test-app's DEMO_USERS): not secrets.
const GOOD_LOGIN = json({ username: 'alice', password: 'wonderland' });
const BAD_LOGIN = json({ username: 'mallory', password: 'guess' });

/**
 * What each kind of target gets, by weight. test-app's mix reaches every OLA category: logins
 * that succeed and fail (auth_access), a rare burst of failures that trips its limiter
 * (network_security), admin exports by an admin and a non-admin (endpoint_user_activity,
 * api_data_access), and plain traffic whose access log is api_data_access.
 */
export const MIX: Readonly<Record<TargetKind, readonly Action[]>> = {
  'test-app': [
    { name: 'fast', weight: 30, requests: () => [{ path: '/fast' }] },
    { name: 'slow', weight: 4, requests: () => [{ path: '/slow' }] },
    { name: 'item', weight: 15, requests: (pick) => [{ path: `/items/${Math.floor(pick() * 7)}` }] },
    { name: 'login', weight: 8, requests: () => [{ path: '/login', init: GOOD_LOGIN }] },
    { name: 'bad login', weight: 3, requests: () => [{ path: '/login', init: BAD_LOGIN }] },
    { name: 'login burst', weight: 0.5, requests: () => Array.from({ length: 7 }, () => ({ path: '/login', init: BAD_LOGIN })) },
    { name: 'admin export', weight: 4, requests: () => [{ path: '/admin/export', init: { headers: { 'x-user': 'alice' } } }] },
    { name: 'export denied', weight: 2, requests: () => [{ path: '/admin/export', init: { headers: { 'x-user': 'bob' } } }] },
    { name: 'failure', weight: 1, requests: () => [{ path: '/fail' }] },
    { name: 'not found', weight: 1, requests: () => [{ path: '/favicon.ico' }] },
  ],
  'trace-app': [
    { name: 'fast', weight: 20, requests: () => [{ path: '/fast' }] },
    { name: 'slow', weight: 4, requests: () => [{ path: '/slow' }] },
  ],
  generic: [
    { name: 'fast', weight: 4, requests: () => [{ path: '/fast' }] },
    { name: 'slow', weight: 1, requests: () => [{ path: '/slow' }] },
  ],
};

/** Picks a target and one of its actions, weighted (target weight = the sum of its mix's). */
export function chooseAction(targets: readonly LoadTarget[], pick: () => number): { target: LoadTarget; action: Action } {
  const entries = targets.flatMap((target) => MIX[target.kind].map((action) => ({ target, action })));
  const total = entries.reduce((sum, e) => sum + e.action.weight, 0);
  let r = pick() * total;
  for (const entry of entries) {
    r -= entry.action.weight;
    if (r < 0) return entry;
  }
  return entries[entries.length - 1]!;
}

/** `test-app=http://127.0.0.1:3000`, `trace-app=…`, or a bare URL (generic: /fast and /slow). */
export function parseTarget(spec: string): LoadTarget {
  const eq = spec.indexOf('=');
  const kind = eq > 0 ? spec.slice(0, eq) : 'generic';
  const url = eq > 0 ? spec.slice(eq + 1) : spec;
  if (kind !== 'test-app' && kind !== 'trace-app' && kind !== 'generic') {
    throw new Error(`unknown target kind ${JSON.stringify(kind)} in ${JSON.stringify(spec)}: use test-app=URL, trace-app=URL or a bare URL`);
  }
  try {
    const { protocol } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error();
  } catch {
    throw new Error(`target ${JSON.stringify(spec)} has no http(s) URL, e.g. test-app=http://127.0.0.1:3000`);
  }
  return { kind, url: url.replace(/\/$/, '') };
}
