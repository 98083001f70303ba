import type { IncomingMessage } from 'node:http';

interface RequestInfo {
  actor?: string;
  route?: string;
}

// Keyed by the request object, so the information dies with the request and no field is added
// to a framework's object.
const INFO = new WeakMap<IncomingMessage, RequestInfo>();

function info(req: IncomingMessage): RequestInfo {
  let found = INFO.get(req);
  if (!found) {
    found = {};
    INFO.set(req, found);
  }
  return found;
}

/**
 * Names who made the request (a user name or client id, never a credential) for the access log's
 * `actor` field.
 *
 * @example
 * ```ts
 * app.post('/login', (req, res) => { ...; setActor(req, user.name); res.json({ ok: true }); });
 * ```
 */
export function setActor(req: IncomingMessage, actor: string): void {
  info(req).actor = actor;
}

/**
 * Names the route template of a request for services on plain `node:http`, where there is no
 * router to ask. Express routes are found without this.
 *
 * @example
 * ```ts
 * if (url.pathname.startsWith('/items/')) { setRoute(req, '/items/:id'); ... }
 * ```
 */
export function setRoute(req: IncomingMessage, route: string): void {
  info(req).route = route;
}

/** What {@link setActor} and {@link setRoute} recorded for this request. */
export function requestInfo(req: IncomingMessage): Readonly<RequestInfo> {
  return INFO.get(req) ?? {};
}
