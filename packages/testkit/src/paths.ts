import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder (the one with the workspaces' package.json). */
export const REPO_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'packages', 'testkit'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the srcobs repository root');
    dir = up;
  }
  return dir;
})();

/** The path of a local clone's origin (`git clone /work/main /tmp/x` gives /work/main), if it is one. */
function localOrigin(root: string): string | undefined {
  try {
    const url = execFileSync('git', ['-C', root, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return isAbsolute(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `../shared` beside the repository: the seed, charts, CRDs, protos and references. A throwaway
 * clone of a local checkout (`git clone . "$(mktemp -d)"`) has no sibling, so it uses the one
 * beside the checkout it was cloned from; `SRCOBS_SHARED_DIR` overrides both.
 */
export const SHARED_DIR: string = (() => {
  const given = process.env['SRCOBS_SHARED_DIR'];
  if (given) return resolve(given);
  const sibling = resolve(REPO_ROOT, '..', 'shared');
  if (existsSync(sibling)) return sibling;
  const origin = localOrigin(REPO_ROOT);
  const besideOrigin = origin === undefined ? undefined : resolve(origin, '..', 'shared');
  return besideOrigin !== undefined && existsSync(besideOrigin) ? besideOrigin : sibling;
})();

/** A folder for a test's artefacts (screenshots, rendered files) that CI can keep. */
export function testOutputDir(...parts: string[]): string {
  return join(REPO_ROOT, 'test-output', ...parts);
}
