/**
 * @srcobs/console: the web console the local stack serves. This entry point is the Node side only:
 * where the built browser bundle lives and which paths are the console's pages. The browser app
 * itself (`src/web/`) is bundled by esbuild and talks to the local stack over HTTP only.
 */
export { consoleAssetsDir } from './assets.js';
export { CONSOLE_CLIENT_ROUTE, PAGE_PATHS, matchPage } from './routes.js';
export type { PageId, PageMatch } from './routes.js';
