import type { TestContext } from 'node:test';

/**
 * True when the test runs as root (it mounts a real filesystem). Otherwise it skips on a laptop,
 * saying why, and fails in CI (`CI=true`), where `.ci/run` runs as root: a test CI skips proves
 * nothing. The same rule as `requireBinary` of @srcobs/testkit.
 */
export function requireRoot(t: TestContext, what: string): boolean {
  if (process.getuid?.() === 0) return true;
  const reason = `${what} needs root (it mounts a tmpfs); run the tests as root to include it`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}: CI runs .ci/run as root, so this must not be skipped there`);
  t.skip(reason);
  return false;
}
