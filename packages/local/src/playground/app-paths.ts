import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where each playground program's entry script and the SDK's register hook are on disk. */
export interface AppPaths {
  readonly testApp: string;
  readonly traceApp: string;
  readonly loadgen: string;
  /** `@srcobs/sdk/register`, resolved from test-app: the SDK build the apps themselves depend on. */
  readonly registerHook: string;
}

/**
 * Resolves the apps through their packages' `./main` exports, so the playground runs whatever
 * build npm linked (a workspace in this repository, an installed package elsewhere).
 */
export function resolveAppPaths(): AppPaths {
  const testApp = fileURLToPath(import.meta.resolve('@srcobs/test-app/main'));
  return {
    testApp,
    traceApp: fileURLToPath(import.meta.resolve('@srcobs/trace-app/main')),
    loadgen: fileURLToPath(import.meta.resolve('@srcobs/loadgen/main')),
    registerHook: createRequire(testApp).resolve('@srcobs/sdk/register'),
  };
}
