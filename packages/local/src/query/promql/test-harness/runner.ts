import { fileURLToPath } from 'node:url';
import type { MetricBatch, MetricSeriesInput } from '../../../model/metrics.js';
import { ExpectationError } from '../../script-harness/errors.js';
import { checkMetric, metricExpectation, msOf as ms, vectorValue, type MetricValue } from '../../script-harness/metric.js';
import { registerScripts, type ClosableEngine, type CreateEngine, type ScriptLanguage, type ScriptRunOptions } from '../../script-harness/runner.js';
import type { LoadCommand } from '../../script-harness/script.js';
import { sampleValue, type SeriesDescription } from '../../script-harness/series-notation.js';
import type { QueryResult, QueryValue } from '../eval/engine.js';
import { PROMQL_DIALECT, type PromQLEvalCommand, type PromQLExpected } from './script.js';

/** What the harness needs from an engine under test: a store to load and the two query kinds. */
export interface ScriptEngine extends ClosableEngine {
  /** Appends samples to the (initially empty) store the engine reads. */
  append(batch: MetricBatch): Promise<void>;
  instantQuery(query: string, timeMs: number): Promise<QueryResult> | QueryResult;
  rangeQuery(query: string, startMs: number, endMs: number, stepMs: number): Promise<QueryResult> | QueryResult;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateScriptEngine = CreateEngine<ScriptEngine>;

/** Options of {@link runScripts}; `dir` defaults to `packages/local/testdata/promql`. */
export type RunScriptsOptions = ScriptRunOptions;

/** The scripts shipped with this package. */
export const DEFAULT_SCRIPT_DIR: string = fileURLToPath(new URL('../../../../testdata/promql/', import.meta.url));

function loadBatch(cmd: LoadCommand<SeriesDescription>): MetricBatch {
  const intervalMs = ms(cmd.intervalNs!);
  const series: MetricSeriesInput[] = cmd.items.map((s) => ({
    labels: s.labels,
    samples: s.values.flatMap((sv, k) => {
      const v = sampleValue(sv);
      return v === undefined ? [] : [{ t: k * intervalMs, v }];
    }),
  }));
  return { series: series.filter((s) => s.samples.length > 0) };
}

function metricOf(value: QueryValue): MetricValue | undefined {
  switch (value.resultType) {
    case 'scalar':
      return { kind: 'scalar', v: value.v };
    case 'vector':
      return vectorValue(value.result);
    case 'matrix':
      return { kind: 'matrix', series: value.result.map((s) => ({ labels: s.metric, points: Array.from({ length: s.t.length }, (_, k) => [s.t[k]!, s.v[k]!] as const) })) };
    default:
      return undefined;
  }
}

/** Compares a query value with the expected series, scalar or string of an eval; throws `ExpectationError`. */
export function checkValue(cmd: PromQLEvalCommand, value: QueryValue): void {
  const string = cmd.results.flatMap((r) => (r.kind === 'string' ? [r.v] : [])).at(-1);
  if (value.resultType === 'string') {
    if (string === undefined) throw new ExpectationError(`got string ${JSON.stringify(value.v)}, but the script expects no string`);
    if (string !== value.v) throw new ExpectationError(`expected string ${JSON.stringify(string)}, got ${JSON.stringify(value.v)}`);
    return;
  }
  if (string !== undefined) throw new ExpectationError(`expected string ${JSON.stringify(string)}, got a ${value.resultType}`);
  checkMetric(metricExpectation(cmd), metricOf(value)!);
}

/** PromQL in the shared script harness: samples in, Prometheus' result shapes out, with annotations. */
export const PROMQL_SCRIPTS: ScriptLanguage<ScriptEngine, SeriesDescription, PromQLExpected, QueryResult> = {
  name: 'promql',
  dialect: PROMQL_DIALECT,
  load: (engine, cmd) => engine.append(loadBatch(cmd)),
  query: (engine, cmd) => (cmd.instant ? engine.instantQuery(cmd.expr, ms(cmd.startNs)) : engine.rangeQuery(cmd.expr, ms(cmd.startNs), ms(cmd.endNs), ms(cmd.stepNs))),
  annotations: (result) => ({ warnings: result.warnings, infos: result.infos }),
  check: (cmd, result) => checkValue(cmd, result.value),
  instantAsRange: {
    metric: (result) => metricOf(result.value),
    expectation: metricExpectation,
    rangeQuery: (engine, cmd, startNs, endNs, stepNs) => engine.rangeQuery(cmd.expr, ms(startNs), ms(endNs), ms(stepNs)),
  },
};

/**
 * Registers every script in the folder as a suite and every eval as its own test, named
 * `file:line expr`, so the SQLite-backed engine, the in-memory one and any reference engine run
 * the same corpus. A script that does not parse becomes one failing test naming the line.
 *
 * @example
 * ```ts
 * runScripts(() => {
 *   const store = createInMemoryStore();
 *   const engine = createPromQLEngine({ reader: store.metrics });
 *   return { append: (b) => store.appendMetrics(b), instantQuery: (q, t) => engine.instantQuery(q, t),
 *            rangeQuery: (q, s, e, st) => engine.rangeQuery(q, s, e, st) };
 * });
 * ```
 */
export function runScripts(createEngine: CreateScriptEngine, options: RunScriptsOptions = {}): void {
  registerScripts(PROMQL_SCRIPTS, createEngine, options, DEFAULT_SCRIPT_DIR);
}
