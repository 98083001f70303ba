import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import { CROSS_CHECKS } from './checks.js';
import { toConfigIssues } from './issues.js';
import { resolveConfig } from './resolve.js';
import { stackConfigSchema } from './schema.js';
import type { StackConfigInput } from './schema.js';
import type { StackConfig } from './types.js';

/**
 * Every problem in a user's config, or none. Field errors come from the schema; cross-field
 * errors come from `CROSS_CHECKS`, each run on the keys it reads whenever those are valid, so a
 * typo in one section never hides a rule broken in another.
 */
export function configIssues(input: unknown): ConfigIssue[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ path: '', problem: `expected an object, got ${Array.isArray(input) ? 'a list' : JSON.stringify(input) ?? 'nothing'}`, fix: 'write an object (YAML mapping), e.g. { loki: { mode: "Monolithic" } }; {} gives the default stack' }];
  }
  const result = stackConfigSchema.safeParse(input, { reportInput: true });
  const issues = result.success ? [] : toConfigIssues(result.error.issues);
  const record = input as Record<string, unknown>;
  for (const check of CROSS_CHECKS) {
    // Every key is optional, so the full schema parses a subset and fills the rest with defaults.
    const subset = Object.fromEntries(check.reads.filter((k) => k in record).map((k) => [k, record[k]]));
    const partial = stackConfigSchema.safeParse(subset);
    if (partial.success) issues.push(...check.run(resolveConfig(partial.data)));
  }
  return issues;
}

/**
 * Validates a user's config and fills every default. Throws `ConfigError` listing every problem.
 *
 * @example
 * ```ts
 * const config = parseConfig({ loki: { mode: 'Monolithic' }, storage: { storageClassName: 'nfs-default' } });
 * config.namespaces.monitoring; // 'monitoring'
 * ```
 */
export function parseConfig(input: unknown, source?: string): StackConfig {
  const issues = configIssues(input);
  if (issues.length > 0) throw new ConfigError(issues, source);
  // configIssues found nothing, so this parse succeeds.
  return resolveConfig(stackConfigSchema.parse(input));
}

/** The default stack: the seed's architecture with its errata corrected. */
export function defaultConfig(): StackConfig {
  return parseConfig({});
}

/**
 * Types a `srcobs.config.ts` without changing it.
 *
 * @example
 * ```ts
 * // srcobs.config.ts
 * import { defineConfig } from '@srcobs/stack';
 * export default defineConfig({ storage: { storageClassName: 'nfs-default' } });
 * ```
 */
export function defineConfig(input: StackConfigInput): StackConfigInput {
  return input;
}
