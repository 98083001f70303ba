import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import type { MetricBatch, MetricSeriesInput } from '../../../model/metrics.js';
import type { QueryResult, QueryValue } from '../eval/engine.js';
import { checkAnnotationExpectations, checkFailure, checkValue, ExpectationError } from './compare.js';
import { parseScript, type EvalCommand, type LoadCommand, type ScriptCommand } from './script.js';
import { sampleValue } from './series-notation.js';

/** What the harness needs from an engine under test: a store to load and the two query kinds. */
export interface ScriptEngine {
  /** Appends samples to the (initially empty) store the engine reads. */
  append(batch: MetricBatch): Promise<void>;
  instantQuery(query: string, timeMs: number): Promise<QueryResult> | QueryResult;
  rangeQuery(query: string, startMs: number, endMs: number, stepMs: number): Promise<QueryResult> | QueryResult;
  /** Releases the engine and its store; called after each script and at every `clear`. */
  close?(): Promise<void> | void;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateScriptEngine = () => Promise<ScriptEngine> | ScriptEngine;

/** Options of {@link runScripts}. */
export interface RunScriptsOptions {
  /** Folder with the `*.test` scripts; default `packages/local/testdata/promql`. */
  readonly dir?: string;
  /** Only these file names (e.g. `['functions.test']`). */
  readonly files?: readonly string[];
  /** Cases this engine does not run, by file and line (or the whole file), with the reason shown as the skip message. */
  readonly skip?: ReadonlyArray<{ readonly file: string; readonly line?: number; readonly reason: string }>;
  /** Suffix for the suite names, to tell engines apart in one run (e.g. `sqlite`). */
  readonly label?: string;
}

/** The scripts shipped with this package. */
export const DEFAULT_SCRIPT_DIR: string = fileURLToPath(new URL('../../../../testdata/promql/', import.meta.url));

function loadBatch(cmd: LoadCommand): MetricBatch {
  const series: MetricSeriesInput[] = cmd.series.map((s) => ({
    labels: s.labels,
    samples: s.values.flatMap((sv, k) => {
      const v = sampleValue(sv);
      return v === undefined ? [] : [{ t: k * cmd.intervalMs, v }];
    }),
  }));
  return { series: series.filter((s) => s.samples.length > 0) };
}

const RANGE_CHECK_STEP_MS = 60_000;

function middleStep(value: QueryValue, t: number): QueryValue {
  if (value.resultType !== 'matrix') return value;
  const result = value.result.flatMap((s) => {
    const k = Array.prototype.indexOf.call(s.t, t);
    return k < 0 ? [] : [{ metric: s.metric, t, v: s.v[k]! }];
  });
  return { resultType: 'vector', result };
}

/**
 * Runs one eval command: the query, its expected failure, annotations and values; then, for a
 * successful instant query of a vector or scalar, the same query as a range query from 1m before
 * to 1m after, whose middle step must give the same result (Prometheus' promqltest does the same).
 */
export async function runEval(engine: ScriptEngine, cmd: EvalCommand): Promise<void> {
  let result: QueryResult | undefined;
  let error: unknown;
  try {
    result = cmd.instant ? await engine.instantQuery(cmd.expr, cmd.start) : await engine.rangeQuery(cmd.expr, cmd.start, cmd.end, cmd.step);
  } catch (e) {
    error = e;
  }
  if (checkFailure(cmd, error)) return;
  checkAnnotationExpectations(cmd, result!);
  checkValue(cmd, result!.value);
  const type = result!.value.resultType;
  if (!cmd.instant || cmd.ordered || (type !== 'vector' && type !== 'scalar')) return;
  let ranged: QueryResult;
  try {
    ranged = await engine.rangeQuery(cmd.expr, cmd.start - RANGE_CHECK_STEP_MS, cmd.start + RANGE_CHECK_STEP_MS, RANGE_CHECK_STEP_MS);
  } catch (e) {
    throw new ExpectationError(`range mode: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const mid = middleStep(ranged.value, cmd.start);
  try {
    if (type === 'scalar') {
      const first = mid.resultType === 'vector' ? mid.result[0] : undefined;
      if (!first) throw new ExpectationError('no value at the middle step');
      checkValue(cmd, { resultType: 'scalar', t: cmd.start, v: first.v });
    } else checkValue(cmd, mid);
  } catch (e) {
    throw new ExpectationError(`range mode: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Executes a parsed script's commands in order against fresh engines: `load` appends, `clear`
 * starts over with a new engine. Evals run on demand, so each can be its own test.
 */
export class ScriptSession {
  private engine: ScriptEngine | undefined;
  private applied = 0;

  constructor(
    private readonly commands: readonly ScriptCommand[],
    private readonly createEngine: CreateScriptEngine,
  ) {}

  /** Applies every load/clear before command `index`, then runs that eval. */
  async runEvalAt(index: number): Promise<void> {
    for (; this.applied < index; this.applied++) {
      const cmd = this.commands[this.applied]!;
      if (cmd.kind === 'clear') {
        await this.engine?.close?.();
        this.engine = undefined;
      } else if (cmd.kind === 'load') {
        await (await this.current()).append(loadBatch(cmd));
      }
    }
    const cmd = this.commands[index]!;
    if (cmd.kind !== 'eval') throw new Error(`command ${index} is not an eval`);
    this.applied = index + 1;
    await runEval(await this.current(), cmd);
  }

  async close(): Promise<void> {
    await this.engine?.close?.();
    this.engine = undefined;
  }

  private async current(): Promise<ScriptEngine> {
    this.engine ??= await this.createEngine();
    return this.engine;
  }
}

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
  const dir = options.dir ?? DEFAULT_SCRIPT_DIR;
  const files = (options.files ?? readdirSync(dir).filter((f) => f.endsWith('.test'))).slice().sort();
  for (const file of files) {
    const name = basename(file);
    describe(`promql script ${name}${options.label ? ` (${options.label})` : ''}`, () => {
      let commands: ScriptCommand[];
      try {
        commands = parseScript(readFileSync(join(dir, file), 'utf8'), name);
      } catch (error) {
        test(`${name}: script syntax`, () => {
          throw error;
        });
        return;
      }
      const session = new ScriptSession(commands, createEngine);
      after(() => session.close());
      const fileSkip = options.skip?.find((s) => s.file === name && s.line === undefined);
      commands.forEach((cmd, index) => {
        if (cmd.kind !== 'eval') return;
        const skip = fileSkip ?? options.skip?.find((s) => s.file === name && s.line === cmd.line);
        test(`${name}:${cmd.line} ${cmd.expr}`, skip ? { skip: skip.reason } : {}, () => session.runEvalAt(index));
      });
    });
  }
}
