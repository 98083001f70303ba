import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOKI_RULES_FILE, PROMETHEUS_RULES_FILE, lokiRuleFile, prometheusRuleFile, type StackConfig } from '@srcobs/stack';
import { stringify } from 'yaml';
import { parseDuration } from '../query/promql/syntax/lexical.js';
import type { RuleFileText } from '../rules/loki/loki-ruler.js';
import type { RetentionOptions } from '../store/sqlite/options.js';
import { ConfigApplyError } from './errors.js';

const DAY_MS = 86_400_000;

/** What the local stack takes from the stack config, so local mode previews the cluster. */
export interface LocalStackSettings {
  /** The store's retention: logs per OLA category, metrics and traces as the cluster keeps them. */
  readonly retention: RetentionOptions;
  /** The Prometheus rule file the cluster gets, written where the local rule manager reads it. */
  readonly prometheusRuleFiles: readonly string[];
  /** The Loki ruler rules the cluster gets (the OLA silence alerts), as text. */
  readonly lokiRuleTexts: readonly RuleFileText[];
}

/** Days in a Prometheus/Go duration (`30d`, `336h`, `2w`), as the store counts retention. */
export function durationDays(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new ConfigApplyError(`${field} is ${JSON.stringify(text)}, not a duration such as 30d or 336h: fix it in the stack config`);
  return ms / DAY_MS;
}

/** The store retention a config asks for. */
export function retentionFromConfig(config: StackConfig): RetentionOptions {
  return {
    metricsDays: durationDays(config.retention.metrics, 'retention.metrics'),
    tracesDays: durationDays(config.retention.traces, 'retention.traces'),
    logCategoryDays: { ...config.retention.logsDays },
  };
}

/**
 * Applies a config to the local stack: the retention, and the same Prometheus and Loki rules
 * `srcobs render` writes for the cluster. The Prometheus rule file is written under
 * `<stateDir>/rules/` (the rule manager reads files, as Prometheus does), so a user can read
 * exactly what is evaluated.
 */
export function localStackSettings(config: StackConfig, stateDir: string): LocalStackSettings {
  const dir = join(stateDir, 'rules');
  mkdirSync(dir, { recursive: true });
  const promFile = join(dir, PROMETHEUS_RULES_FILE.split('/').pop() ?? 'srcobs.rules.yaml');
  // Written atomically: a rule manager of another run never reads half a file.
  const tmp = `${promFile}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify(prometheusRuleFile(config), { lineWidth: 0 }));
  renameSync(tmp, promFile);
  return {
    retention: retentionFromConfig(config),
    prometheusRuleFiles: [promFile],
    lokiRuleTexts: [{ name: LOKI_RULES_FILE.split('/').pop() ?? 'srcobs-ola.yaml', text: stringify(lokiRuleFile(config), { lineWidth: 0 }) }],
  };
}
