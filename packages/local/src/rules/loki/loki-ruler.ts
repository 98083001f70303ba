import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { QueryValue } from '../../query/promql/eval/engine.js';
import type { LogQLValue } from '../../query/logql/eval/engine.js';
import { parseLogQL } from '../../query/logql/syntax/parser.js';
import type { QueryRunner } from '../../query/runner/runner.js';
import type { RuleAppend, RuleQuery } from '../group.js';
import { createRuleManager, type RuleManager } from '../manager.js';
import { parseRuleFile, type RuleGroupSpec } from '../rule-file.js';

/** A rule file given as text (e.g. the one `@srcobs/stack` renders), with the name it is known by. */
export interface RuleFileText {
  /** File name; its base name is the Loki ruler namespace. */
  readonly name: string;
  readonly text: string;
}

/** Options of {@link createLokiRuler}. */
export interface LokiRulerOptions {
  /** Rule files on disk (Loki's rule file format, LogQL expressions). */
  readonly files?: readonly string[];
  /** Rule files as text. */
  readonly texts?: readonly RuleFileText[];
  /** Evaluates expressions off the ingest thread; it must load the LogQL job module. */
  readonly runner: QueryRunner;
  /** Where alert state series (`ALERTS`) and recorded series go, as a Loki ruler's remote write. Default: nowhere. */
  readonly append?: RuleAppend;
  /** Interval of groups without their own (Loki's `evaluation_interval`). Default 1m. */
  readonly evaluationIntervalMs?: number;
  /** The clock (tests pin it). */
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/** The Loki ruler: the rule manager plus what Loki's own ruler API shows. */
export interface LokiRuler extends RuleManager {
  /** `/loki/api/v1/rules`: the rule groups by namespace as YAML; narrowed to a namespace (and a group). */
  rulesYaml(namespace?: string, group?: string): string | undefined;
}

/** Parses a rule file whose expressions are LogQL. */
export function parseLokiRuleFile(text: string, file: string): RuleGroupSpec[] {
  return parseRuleFile(text, file, { checkExpr: (expr) => void parseLogQL(expr) });
}

/** A {@link RuleQuery} that runs LogQL on the query runner (`logql.query_raw`). */
export function logqlRuleQuery(runner: QueryRunner): RuleQuery {
  return async (expr, timeMs) => {
    const { value } = await runner.run<{ value: LogQLValue }>('logql.query_raw', { query: expr, timeMs });
    return value as QueryValue;
  };
}

function namespaceOf(file: string): string {
  return basename(file);
}

function groupYaml(g: RuleGroupSpec, defaultIntervalMs: number): Record<string, unknown> {
  const interval = g.intervalMs ?? defaultIntervalMs;
  return {
    name: g.name,
    interval: interval % 60_000 === 0 ? `${interval / 60_000}m` : `${interval / 1000}s`,
    ...(g.limit ? { limit: g.limit } : {}),
    rules: g.rules.map((r) => ({
      [r.kind]: r.name,
      expr: r.expr,
      ...(r.kind === 'alert' && r.forMs ? { for: r.forMs % 60_000 === 0 ? `${r.forMs / 60_000}m` : `${r.forMs / 1000}s` } : {}),
      ...(Object.keys(r.labels).length ? { labels: r.labels } : {}),
      ...(r.kind === 'alert' && Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
    })),
  };
}

/**
 * Creates the Loki ruler: loads rule files with LogQL expressions (the OLA silence alerts the
 * stack renders work as they are), evaluates them on their intervals with Prometheus' alert state
 * machine (pending, firing, `for`), and answers Loki's rules API and the Prometheus-compatible
 * `/prometheus/api/v1/rules` and `/alerts` Grafana reads. Call `start()` to run the timers.
 *
 * @example
 * ```ts
 * const ruler = await createLokiRuler({ runner, texts: [{ name: 'srcobs-ola.yaml', text }] });
 * ruler.start();
 * ```
 */
export async function createLokiRuler(options: LokiRulerOptions): Promise<LokiRuler> {
  const groups: RuleGroupSpec[] = [];
  for (const f of options.files ?? []) groups.push(...parseLokiRuleFile(await readFile(f, 'utf8'), f));
  for (const t of options.texts ?? []) groups.push(...parseLokiRuleFile(t.text, t.name));
  const interval = options.evaluationIntervalMs ?? 60_000;
  const manager = createRuleManager({
    groups,
    query: logqlRuleQuery(options.runner),
    append: options.append ?? (async () => {}),
    evaluationIntervalMs: interval,
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const rulesYaml = (namespace?: string, group?: string): string | undefined => {
    const byNamespace = new Map<string, Record<string, unknown>[]>();
    for (const g of groups) {
      const ns = namespaceOf(g.file);
      if (namespace !== undefined && ns !== namespace) continue;
      if (group !== undefined && g.name !== group) continue;
      let list = byNamespace.get(ns);
      if (!list) byNamespace.set(ns, (list = []));
      list.push(groupYaml(g, interval));
    }
    if (group !== undefined) {
      const only = [...byNamespace.values()][0]?.[0];
      return only ? stringify(only, { lineWidth: 0 }) : undefined;
    }
    if (namespace !== undefined && byNamespace.size === 0) return undefined;
    return stringify(Object.fromEntries(byNamespace), { lineWidth: 0 });
  };
  return Object.assign(manager, { rulesYaml });
}
