import { fileURLToPath } from 'node:url';
import { formatLabels, labelsKey } from '../../../model/labels.js';
import type { LogBatch, LogStreamInput } from '../../../model/logs.js';
import { ExpectationError } from '../../script-harness/errors.js';
import { checkLines } from '../../script-harness/expectations.js';
import { checkMetric, metricExpectation, vectorValue, type MetricValue } from '../../script-harness/metric.js';
import { registerScripts, type ClosableEngine, type CreateEngine, type ScriptLanguage, type ScriptRunOptions } from '../../script-harness/runner.js';
import type { LoadCommand } from '../../script-harness/script.js';
import type { InstantQueryParams, LogQLResult, LogQLValue, RangeQueryParams } from '../eval/engine.js';
import { LOGQL_DIALECT, type ExpectedLogLine, type LoadLine, type LogEvalCommand, type LogQLExpected } from './script.js';

/** What the harness needs from an engine under test: a store to load and the two query kinds. */
export interface LogQLScriptEngine extends ClosableEngine {
  append(batch: LogBatch): Promise<void>;
  rangeQuery(params: RangeQueryParams): Promise<LogQLResult> | LogQLResult;
  instantQuery(params: InstantQueryParams): Promise<LogQLResult> | LogQLResult;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateLogQLScriptEngine = CreateEngine<LogQLScriptEngine>;

/** Options of {@link runLogQLScripts}; `dir` defaults to `packages/local/testdata/logql`. */
export type RunLogQLScriptsOptions = ScriptRunOptions;

/** The scripts shipped with this package. */
export const DEFAULT_LOGQL_SCRIPT_DIR: string = fileURLToPath(new URL('../../../../testdata/logql/', import.meta.url));

function loadBatch(cmd: LoadCommand<LoadLine>): LogBatch {
  const streams = new Map<string, { labels: LogStreamInput['labels']; entries: LogStreamInput['entries'][number][] }>();
  for (const l of cmd.items) {
    const key = labelsKey(l.labels);
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { labels: l.labels, entries: [] }));
    s.entries.push(l.entry);
  }
  return { streams: [...streams.values()] };
}

/** The query's limit and direction: the eval's options, else Loki's API defaults. */
function queryOptions(cmd: LogEvalCommand): { limit: number; direction: 'forward' | 'backward' } {
  return { limit: Number(cmd.options.get('limit') ?? 100), direction: cmd.options.get('direction') === 'forward' ? 'forward' : 'backward' };
}

function show(l: ExpectedLogLine): string {
  const base = `${formatLabels(l.labels)} ${Number(l.tsNs) / 1e9}s ${JSON.stringify(l.text)}`;
  return l.metadata ? `${base} ${formatLabels(l.metadata)} ${formatLabels(l.parsed ?? {})}` : base;
}

/** Compares a streams result with the expected lines, in order. */
function checkLogs(cmd: LogEvalCommand, value: LogQLValue): void {
  if (value.resultType !== 'streams') throw new ExpectationError(`expected log lines, got a ${value.resultType} result`);
  const got: ExpectedLogLine[] = value.result.flatMap((s) =>
    s.values.map((v) => (v.categorized ? { labels: s.labels, tsNs: v.tsNs, text: v.line, metadata: v.categorized.metadata, parsed: v.categorized.parsed } : { labels: s.labels, tsNs: v.tsNs, text: v.line })),
  );
  const want = cmd.results.flatMap((r) => (r.kind === 'log' ? [r.log] : []));
  checkLines('log line', want.map(show), got.map(show));
}

function metricOf(value: LogQLValue): MetricValue | undefined {
  switch (value.resultType) {
    case 'scalar':
      return { kind: 'scalar', v: value.v };
    case 'vector':
      return vectorValue(value.result);
    case 'matrix':
      return { kind: 'matrix', series: value.result.map((s) => ({ labels: s.metric, points: s.points })) };
    default:
      return undefined;
  }
}

/** LogQL in the shared script harness: log lines in; log lines or Prometheus-shaped samples out. */
export const LOGQL_SCRIPTS: ScriptLanguage<LogQLScriptEngine, LoadLine, LogQLExpected, LogQLResult> = {
  name: 'logql',
  dialect: LOGQL_DIALECT,
  load: (engine, cmd) => engine.append(loadBatch(cmd)),
  query: (engine, cmd) =>
    cmd.instant
      ? engine.instantQuery({ query: cmd.expr, timeNs: cmd.startNs, ...queryOptions(cmd) })
      : engine.rangeQuery({ query: cmd.expr, startNs: cmd.startNs, endNs: cmd.endNs, stepNs: cmd.stepNs, ...queryOptions(cmd), categorize: cmd.options.has('categorize') }),
  check: (cmd, result) => {
    const value = result.value;
    if (value.resultType === 'streams' || cmd.results.some((r) => r.kind === 'log')) checkLogs(cmd, value);
    else checkMetric(metricExpectation(cmd), metricOf(value)!);
  },
  instantAsRange: {
    metric: (result) => metricOf(result.value),
    expectation: metricExpectation,
    rangeQuery: (engine, cmd, startNs, endNs, stepNs) => engine.rangeQuery({ query: cmd.expr, startNs, endNs, stepNs, ...queryOptions(cmd) }),
  },
};

/**
 * Registers every script of the folder as a suite and each eval as its own test named
 * `file:line query`, so the in-memory and the SQLite-backed engines run the same corpus.
 *
 * @example
 * ```ts
 * runLogQLScripts(() => {
 *   const store = createInMemoryStore();
 *   const engine = createLogQLEngine({ reader: store.logs });
 *   return { append: (b) => store.appendLogs(b), rangeQuery: (p) => engine.rangeQuery(p), instantQuery: (p) => engine.instantQuery(p) };
 * });
 * ```
 */
export function runLogQLScripts(createEngine: CreateLogQLScriptEngine, options: RunLogQLScriptsOptions = {}): void {
  registerScripts(LOGQL_SCRIPTS, createEngine, options, DEFAULT_LOGQL_SCRIPT_DIR);
}
