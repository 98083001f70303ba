import type { Store } from '../../model/store.js';
import type { LogQLEngineOptions } from '../../query/logql/eval/engine.js';
import { LOGQL_JOB_MODULE } from '../../query/logql/jobs.js';
import type { QueryRunner } from '../../query/runner/runner.js';
import type { JobModuleSpec } from '../../query/runner/worker-main.js';
import { createLokiRuler, type LokiRuler, type RuleFileText } from '../../rules/loki/loki-ruler.js';
import type { Route } from '../router.js';
import { createLokiApi } from './loki-api.js';

/** Options of the local stack's Loki side: LogQL limits and the ruler's rule files. */
export interface LokiServiceOptions {
  /** LogQL engine limits (entries per query, series, range, timeout, bytes read). */
  readonly engine?: Omit<LogQLEngineOptions, 'reader'>;
  /** Loki rule files (LogQL expressions) to evaluate, e.g. the OLA silence alerts `srcobs render` writes. */
  readonly ruleFiles?: readonly string[];
  /** Rule files given as text. */
  readonly ruleTexts?: readonly RuleFileText[];
  /** Interval of rule groups without their own. Default 1m. */
  readonly evaluationIntervalMs?: number;
  /** Write the ruler's `ALERTS` series into the metric store, as a Loki ruler with remote write to Prometheus does. Default false. */
  readonly alertsToMetrics?: boolean;
  /** How often a live tail polls for new lines (ms). Default 1s. */
  readonly tailPollMs?: number;
}

/** The running Loki side: routes for port 3300 and the ruler. */
export interface LokiService {
  readonly routes: readonly Route[];
  readonly ruler: LokiRuler | undefined;
  /** Closes live tails and stops rule evaluation. */
  stop(): Promise<void>;
}

/** The job module (with its engine options) the shared query runner must load for the Loki API. */
export function lokiJobModule(options: LokiServiceOptions = {}): JobModuleSpec {
  return { url: LOGQL_JOB_MODULE, options: { ...(options.engine ?? {}) } };
}

/**
 * Starts what the local stack needs to answer as a Loki: the API routes over a query runner that
 * loads {@link lokiJobModule}, and the ruler when rule files are given.
 */
export async function startLokiService(store: Store, runner: QueryRunner, options: LokiServiceOptions = {}, log: (line: string) => void = () => {}): Promise<LokiService> {
  let ruler: LokiRuler | undefined;
  if (options.ruleFiles?.length || options.ruleTexts?.length) {
    ruler = await createLokiRuler({
      runner,
      ...(options.ruleFiles ? { files: options.ruleFiles } : {}),
      ...(options.ruleTexts ? { texts: options.ruleTexts } : {}),
      ...(options.alertsToMetrics ? { append: (batch) => store.appendMetrics(batch) } : {}),
      ...(options.evaluationIntervalMs !== undefined ? { evaluationIntervalMs: options.evaluationIntervalMs } : {}),
      log,
    });
    ruler.start();
  }
  const api = createLokiApi({ runner, ...(options.engine ? { engine: options.engine } : {}), ...(ruler ? { ruler } : {}), ...(options.tailPollMs !== undefined ? { tailPollMs: options.tailPollMs } : {}) });
  return {
    routes: api.routes,
    ruler,
    stop: async () => {
      api.tail.close();
      await ruler?.stop();
    },
  };
}
