import type { PrometheusRulesApi, RulesFilter } from '../http/routes/prometheus-api.js';
import type { Labels } from '../model/labels.js';
import type { QueryResult } from '../query/promql/eval/engine.js';
import type { QueryRunner } from '../query/runner/runner.js';
import { alertsJson, rulesJson } from './api-json.js';
import { RuleGroup, type RuleAppend, type RuleQuery } from './group.js';
import type { RuleGroupSpec } from './rule-file.js';

/** Options of {@link createRuleManager}. */
export interface RuleManagerOptions {
  /** The groups to evaluate (from {@link loadRuleFile}). */
  readonly groups: readonly RuleGroupSpec[];
  /** Evaluates an expression at a time (the query runner's `promql.query_raw`). */
  readonly query: RuleQuery;
  /** Writes recorded series, `ALERTS` and `ALERTS_FOR_STATE` (the store's `appendMetrics`). */
  readonly append: RuleAppend;
  /** Interval of groups without their own (Prometheus' `evaluation_interval`). Default 1m. */
  readonly evaluationIntervalMs?: number;
  /** `$externalLabels` in templates. */
  readonly externalLabels?: Labels;
  /** `$externalURL` in templates. */
  readonly externalUrl?: string;
  /** The clock (tests pin it). Default `Date.now`. */
  readonly now?: () => number;
  /** Where evaluation failures that are not a rule's own (a failed write) are reported. */
  readonly log?: (line: string) => void;
}

/** Evaluates rule groups on their intervals and answers `/api/v1/rules` and `/api/v1/alerts`. */
export interface RuleManager extends PrometheusRulesApi {
  /** Starts the evaluation timers (each group at multiples of its interval). */
  start(): void;
  /** Stops the timers and waits for a running evaluation. Idempotent. */
  stop(): Promise<void>;
  /** Evaluates every group once at `ts` (ms), in order: the deterministic path for tests and promtool comparisons. */
  evaluateAt(ts: number): Promise<void>;
  readonly groups: readonly RuleGroup[];
}

class Manager implements RuleManager {
  readonly groups: RuleGroup[];
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<void>>();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: RuleManagerOptions) {
    const interval = o.evaluationIntervalMs ?? 60_000;
    const env = { externalLabels: o.externalLabels ?? {}, externalURL: o.externalUrl ?? '' };
    this.groups = o.groups.map((g) => new RuleGroup(g, g.intervalMs ?? interval, env));
    this.now = o.now ?? Date.now;
  }

  private async evalGroup(g: RuleGroup, ts: number): Promise<void> {
    const p = g.evaluate(ts, this.o.query, this.o.append).catch((error: unknown) => {
      this.o.log?.(`srcobs rules: group ${JSON.stringify(g.spec.name)} failed at ${new Date(ts).toISOString()}: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.running.add(p);
    await p;
    this.running.delete(p);
  }

  async evaluateAt(ts: number): Promise<void> {
    for (const g of this.groups) await this.evalGroup(g, ts);
  }

  start(): void {
    for (const g of this.groups) this.schedule(g);
  }

  private schedule(g: RuleGroup): void {
    if (this.stopped) return;
    const now = this.now();
    // Evaluate at multiples of the interval, so restarts and replicas agree on the times.
    const next = Math.floor(now / g.intervalMs) * g.intervalMs + g.intervalMs;
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      void this.evalGroup(g, next).then(() => this.schedule(g));
    }, next - now);
    timer.unref();
    this.timers.push(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await Promise.all([...this.running]);
  }

  rules(filter: RulesFilter): unknown {
    return rulesJson(this.groups, filter);
  }

  alerts(): unknown {
    return alertsJson(this.groups);
  }
}

/**
 * Creates a rule manager over loaded rule groups.
 *
 * @example
 * ```ts
 * const groups = await loadRuleFile('rules.yml');
 * const rules = createRuleManager({ groups, query: (e, t) => ..., append: (b) => store.appendMetrics(b) });
 * rules.start();
 * ```
 */
export function createRuleManager(options: RuleManagerOptions): RuleManager {
  return new Manager(options);
}

/** A {@link RuleQuery} that runs on the query runner, off the ingest thread. */
export function runnerRuleQuery(runner: QueryRunner): RuleQuery {
  return async (expr, timeMs) => (await runner.run<QueryResult>('promql.query_raw', { query: expr, time: timeMs })).value;
}
