import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RequestContext, HttpResponse, Route } from './router.js';

/** The built console as `@srcobs/console` describes it. */
export interface ConsoleAssets {
  /** The folder with `index.html` and `assets/`; undefined when the console cannot be found. */
  readonly dir: string | undefined;
  /** Client-side routes answered with `index.html` (deep links such as `/traces/<id>`). */
  readonly clientRoute: RegExp;
  /** Why the console cannot be found, for the page `/` shows instead. */
  readonly missing?: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
/** Smallest file worth compressing. */
const GZIP_MIN_BYTES = 1024;
/**
 * What the page may load: only this origin (the APIs, the WebSocket tail). Inline styles are
 * allowed because CodeMirror and uPlot set styles from script.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface CachedFile {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly etag: string;
  readonly type: string;
}

function load(path: string): CachedFile | undefined {
  if (!existsSync(path)) return undefined;
  const body = readFileSync(path);
  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  const compressible = body.length >= GZIP_MIN_BYTES && /^(text\/|application\/json|image\/svg)/.test(type);
  return { body, gzip: compressible ? gzipSync(body, { level: 9 }) : undefined, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, type };
}

function respond(ctx: RequestContext, file: CachedFile, cacheControl: string, extra: Record<string, string> = {}): HttpResponse {
  const headers: Record<string, string | number> = { 'content-type': file.type, 'cache-control': cacheControl, etag: file.etag, vary: 'accept-encoding', 'x-content-type-options': 'nosniff', ...extra };
  if (ctx.req.headers['if-none-match'] === file.etag) return { status: 304, headers };
  const gzip = file.gzip && /\bgzip\b/.test(String(ctx.req.headers['accept-encoding'] ?? ''));
  return { status: 200, headers: gzip ? { ...headers, 'content-encoding': 'gzip' } : headers, body: gzip ? file.gzip : file.body };
}

/**
 * The routes that serve the web console on port 3300: `/assets/<file>` (content-hashed, so cached
 * for a year), `index.html` for `/` and every client route (revalidated on each load, so a new
 * build shows at once), with a content security policy. Files are read once and kept compressed in
 * memory: the console is a few hundred KiB. They are public: they hold no data, and every API the
 * page calls still needs the token when the stack has one.
 */
export function consoleRoutes(assets: ConsoleAssets): Route[] {
  const cache = new Map<string, CachedFile>();
  const file = (name: string): CachedFile | undefined => {
    if (assets.dir === undefined) return undefined;
    const cached = cache.get(name);
    if (cached) return cached;
    // Only found files are kept, so a console built after the stack started still shows.
    const found = load(join(assets.dir, name));
    if (found) cache.set(name, found);
    return found;
  };
  const indexHtml = (ctx: RequestContext): HttpResponse => {
    const index = file('index.html');
    if (!index) {
      return { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `The console is not built: run \`npm run build\` at the repository root, then reload. The APIs on this port work without it.${assets.missing ? ` (${assets.missing})` : ''}\n` };
    }
    return respond(ctx, index, 'no-cache', { 'content-security-policy': CSP, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
  };
  return [
    {
      method: 'GET',
      path: /^\/assets\/(?<file>[A-Za-z0-9_-][A-Za-z0-9_.-]*)$/,
      name: '/assets/:file',
      public: true,
      handler: (ctx) => {
        const name = ctx.params['file'] ?? '';
        const found = name.includes('..') ? undefined : file(join('assets', name));
        if (!found) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `no console asset ${name}: reload the page to get the current build\n` };
        return respond(ctx, found, 'public, max-age=31536000, immutable');
      },
    },
    { method: 'GET', path: assets.clientRoute, name: 'console', public: true, handler: indexHtml },
  ];
}
