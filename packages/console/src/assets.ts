import { fileURLToPath } from 'node:url';

/**
 * The built console: `index.html` and `assets/` (one hashed JS and one hashed CSS file), written by
 * `npm run build -w @srcobs/console` (the root build runs it after `tsc -b`). The local stack
 * serves this folder at `/` on port 3300.
 */
export const consoleAssetsDir: string = fileURLToPath(new URL('./public/', import.meta.url));
