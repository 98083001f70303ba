import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/**
 * Where a test's real dependency (promtool, prometheus, chromium) lives, or undefined. On a laptop
 * a missing binary skips the test and says so; in CI (`CI=true`) it fails, because a test that CI
 * skips proves nothing.
 */
export function findBinary(name: string, candidates: readonly string[] = []): string | undefined {
  for (const path of [...candidates, name]) {
    try {
      execFileSync(path, ['--version'], { stdio: 'ignore', timeout: 10_000 });
      return path;
    } catch {
      // Not this one: try the next candidate.
    }
  }
  return undefined;
}

/**
 * Returns the binary's path, or skips the test (outside CI) / throws (in CI) with the reason.
 *
 * @example
 * ```ts
 * test('rules pass promtool', (t) => {
 *   const promtool = requireBinary(t, 'promtool');
 *   if (!promtool) return;
 *   ...
 * });
 * ```
 */
export function requireBinary(t: TestContext, name: string, install = `apt-get install -y ${name}`): string | undefined {
  const path = findBinary(name);
  if (path) return path;
  const reason = `${name} is not installed (${install})`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}: CI must install it (.ci/run does)`);
  t.skip(reason);
  return undefined;
}
