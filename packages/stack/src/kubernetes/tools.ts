import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MissingToolError } from '../errors.js';
import type { Tool } from './plan.js';

/** Where to get each tool, for the "install it" error. */
export const INSTALL_HINTS: Readonly<Record<Tool, string>> = {
  helm: 'Helm 3.13 or newer: https://helm.sh/docs/intro/install/',
  kubectl: 'kubectl: https://kubernetes.io/docs/tasks/tools/',
};

/** The executable `name` on `path` (a PATH string), or undefined. */
export function findExecutable(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: try the next folder.
    }
  }
  return undefined;
}

/**
 * Absolute paths of the tools, or one error naming every missing tool and how to install it
 * (both missing is one message, not two runs).
 */
export function requireTools(tools: readonly Tool[], path: string | undefined): Record<Tool, string> {
  const found: Partial<Record<Tool, string>> = {};
  const missing: Tool[] = [];
  for (const tool of tools) {
    const at = findExecutable(tool, path);
    if (at) found[tool] = at;
    else missing.push(tool);
  }
  if (missing.length > 0) {
    const lines = missing.map((t) => `  - ${t} is not on PATH: install ${INSTALL_HINTS[t]}`);
    throw new MissingToolError(missing, [`--target kubernetes needs ${missing.join(' and ')}:`, ...lines, 'Or run with --dry-run to print the plan without a cluster.'].join('\n'));
  }
  return found as Record<Tool, string>;
}
