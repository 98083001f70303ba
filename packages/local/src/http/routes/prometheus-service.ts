import type { Labels } from '../../model/labels.js';
import type { Store } from '../../model/store.js';
import { applyEngineDefaults, type PromQLEngineOptions } from '../../query/promql/eval/engine.js';
import { formatDuration } from '../../query/promql/syntax/lexical.js';
import { createQueryRunner, PROMQL_JOB_MODULE, type QueryRunner } from '../../query/runner/runner.js';
import type { JobModuleSpec } from '../../query/runner/worker-main.js';
import { createRuleManager, runnerRuleQuery, type RuleManager } from '../../rules/manager.js';
import { loadRuleFile } from '../../rules/rule-file.js';
import type { Route } from '../router.js';
import { createPrometheusApiRoutes } from './prometheus-api.js';

/** Options of the local stack's Prometheus side: query limits, workers, rules. */
export interface PrometheusServiceOptions {
  /** Query worker threads (SQLite store only). Default 2 on machines with more than 2 cores, else 1. */
  readonly workers?: number;
  /** PromQL engine limits: lookback delta, max samples, max series, max range, timeout. */
  readonly engine?: Omit<PromQLEngineOptions, 'reader'>;
  /** Prometheus rule files to load and evaluate (the files the Kubernetes renderer writes work as they are). */
  readonly ruleFiles?: readonly string[];
  /** Interval of rule groups without their own. Default 1m. */
  readonly evaluationIntervalMs?: number;
  /** `$externalLabels` in alert templates. */
  readonly externalLabels?: Labels;
  /** `$externalURL` in alert templates. */
  readonly externalUrl?: string;
  /** More job modules for the shared query runner (LogQL, TraceQL). */
  readonly extraJobModules?: readonly JobModuleSpec[];
}

/** The running Prometheus side: routes for port 3300, the shared query runner, the rules. */
export interface PrometheusService {
  readonly routes: readonly Route[];
  readonly runner: QueryRunner;
  readonly rules: RuleManager | undefined;
  /** Stops rule evaluation, then the query workers. */
  stop(): Promise<void>;
}

/**
 * Starts what the local stack needs to answer as a Prometheus: the query runner (worker threads
 * on the SQLite store's read-only connections; inline on the in-memory store), the rule manager
 * when rule files are given, and the `/api/v1/*` routes over both.
 */
export async function startPrometheusService(store: Store, options: PrometheusServiceOptions = {}, log: (line: string) => void = () => {}): Promise<PrometheusService> {
  const engine = options.engine ?? {};
  const resolved = applyEngineDefaults({ ...engine, reader: store.metrics });
  const modules: JobModuleSpec[] = [{ url: PROMQL_JOB_MODULE, options: { ...engine } }, ...(options.extraJobModules ?? [])];
  const dataDir = (store as Partial<{ dataDir: string }>).dataDir;
  const runner = createQueryRunner({
    ...(dataDir !== undefined ? { dataDir } : { readers: store }),
    modules,
    timeoutMs: resolved.timeoutMs,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  let rules: RuleManager | undefined;
  try {
    if (options.ruleFiles?.length) {
      const groups = (await Promise.all(options.ruleFiles.map((f) => loadRuleFile(f)))).flat();
      rules = createRuleManager({
        groups,
        query: runnerRuleQuery(runner),
        append: (batch) => store.appendMetrics(batch),
        log,
        ...(options.evaluationIntervalMs !== undefined ? { evaluationIntervalMs: options.evaluationIntervalMs } : {}),
        ...(options.externalLabels ? { externalLabels: options.externalLabels } : {}),
        ...(options.externalUrl !== undefined ? { externalUrl: options.externalUrl } : {}),
      });
      rules.start();
    }
  } catch (error) {
    await runner.close();
    throw error;
  }
  const flags: Record<string, string> = {
    'query.lookback-delta': formatDuration(resolved.lookbackDeltaMs),
    'query.max-samples': String(resolved.maxSamples),
    'query.timeout': formatDuration(resolved.timeoutMs),
    'rules.evaluation-interval': formatDuration(options.evaluationIntervalMs ?? 60_000),
    'storage.backend': dataDir !== undefined ? 'srcobs-sqlite' : 'srcobs-memory',
  };
  const routes = createPrometheusApiRoutes({ runner, flags, ...(rules ? { rules } : {}) });
  return {
    routes,
    runner,
    rules,
    stop: async () => {
      await rules?.stop();
      await runner.close();
    },
  };
}
