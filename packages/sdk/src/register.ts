/**
 * `node --import @srcobs/sdk/register dist/main.js`: instruments the service before its own
 * modules load, which ESM requires (a static `import express` is resolved before any line of
 * `main.js` runs, so instrumenting from `main.js` would be too late).
 *
 * It registers import-in-the-middle's loader hook restricted to the modules the instrumentations
 * ask for (http, express …; every other module loads untouched), then calls `instrument()`
 * configured from the `OTEL_*` variables. When neither `OTEL_SERVICE_NAME` nor
 * `OTEL_RESOURCE_ATTRIBUTES` names the service, it is named after the package of the started
 * script (`@srcobs/test-app` → `test-app`).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { instrumentFromHook } from './sdk.js';

function packageNameOf(script: string | undefined): string | undefined {
  if (!script) return undefined;
  let dir = dirname(resolve(script));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const name: unknown = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
        return typeof name === 'string' && name ? name.replace(/^@[^/]+\//, '') : undefined;
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
instrumentFromHook(packageNameOf(process.argv[1]));
// The loader runs on its own thread: wait until it knows every module to hook before the
// application's imports start.
await waitForAllMessagesAcknowledged();
