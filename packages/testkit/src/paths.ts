import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** `../shared` beside the repository: the seed, charts, CRDs, protos and references. */
export const SHARED_DIR: string = resolve(REPO_ROOT, '..', 'shared');

/** A folder for a test's artefacts (screenshots, rendered files) that CI can keep. */
export function testOutputDir(...parts: string[]): string {
  return join(REPO_ROOT, 'test-output', ...parts);
}
