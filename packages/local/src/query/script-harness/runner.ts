import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ExpectationError } from './errors.js';
import { checkAnnotations, checkFailure, type Annotations } from './expectations.js';
import { checkMetric, middleStep, msOf, RANGE_CHECK_STEP_MS, type MetricExpectation, type MetricValue } from './metric.js';
import { readScript, type EvalCommand, type LoadCommand, type ScriptCommand, type ScriptDialect } from './script.js';

const RANGE_CHECK_STEP_NS = BigInt(RANGE_CHECK_STEP_MS) * 1_000_000n;

/** What the harness asks of every engine under test beyond its language's needs: to be released. */
export interface ClosableEngine {
  /** Releases the engine and its store; called after each script and at every `clear`. */
  close?(): Promise<void> | void;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateEngine<Engine> = () => Promise<Engine> | Engine;

/** Options of every language's `run…Scripts`. */
export interface ScriptRunOptions {
  /** Folder with the `*.test` scripts; default the language's folder under `packages/local/testdata/`. */
  readonly dir?: string;
  /** Only these file names (e.g. `['functions.test']`). */
  readonly files?: readonly string[];
  /** Cases this engine does not run, by file and line (or the whole file), with the reason shown as the skip message. */
  readonly skip?: ReadonlyArray<{ readonly file: string; readonly line?: number; readonly reason: string }>;
  /** Suffix for the suite names, to tell engines apart in one run (e.g. `sqlite`). */
  readonly label?: string;
}

/**
 * The instant-as-range re-check, for a language whose instant query is one step of its range
 * query: an instant eval with a vector or scalar result is re-run from a minute before to a
 * minute after, and the middle step must meet the same expectation (as Prometheus' promqltest does).
 */
export interface InstantAsRange<Engine, Expected, Result> {
  /** The result's metric form; undefined for a result that has none (log lines, a string), which is not re-checked. */
  metric(result: Result): MetricValue | undefined;
  /** What the eval expects of a metric result. */
  expectation(cmd: EvalCommand<Expected>): MetricExpectation;
  /** Runs the eval's query as a range query. */
  rangeQuery(engine: Engine, cmd: EvalCommand<Expected>, startNs: bigint, endNs: bigint, stepNs: bigint): Promise<Result> | Result;
}

/** What a query language brings to the shared harness: its script dialect, its engine adapter and its result check. */
export interface ScriptLanguage<Engine extends ClosableEngine, Item, Expected, Result> {
  /** Starts each suite's name: `promql script aggregators.test (sqlite)`. */
  readonly name: string;
  readonly dialect: ScriptDialect<Item, Expected>;
  /** Appends one load block to the engine's store. */
  load(engine: Engine, cmd: LoadCommand<Item>): Promise<void> | void;
  /** Runs the eval's query as the script gives it (instant or range). */
  query(engine: Engine, cmd: EvalCommand<Expected>): Promise<Result> | Result;
  /** The result's warnings and infos, for a language whose dialect accepts `expect warn|info`. */
  annotations?(result: Result): Annotations;
  /**
   * Compares a successful result with the eval's expected lines; throws `ExpectationError`.
   * `loaded` holds the loads since the last `clear` (what the store holds).
   */
  check(cmd: EvalCommand<Expected>, result: Result, loaded: ReadonlyArray<LoadCommand<Item>>): void;
  readonly instantAsRange?: InstantAsRange<Engine, Expected, Result>;
}

function rangeMode(error: unknown): ExpectationError {
  return new ExpectationError(`range mode: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * Runs one eval: the query, its expected failure, annotations and result; then, where the
 * language has it, the instant-as-range re-check.
 */
export async function runEval<Engine extends ClosableEngine, Item, Expected, Result>(
  language: ScriptLanguage<Engine, Item, Expected, Result>,
  engine: Engine,
  cmd: EvalCommand<Expected>,
  loaded: ReadonlyArray<LoadCommand<Item>> = [],
): Promise<void> {
  let result: Result | undefined;
  let error: unknown;
  try {
    result = await language.query(engine, cmd);
  } catch (e) {
    error = e;
  }
  if (checkFailure(cmd, error)) return;
  if (language.annotations) checkAnnotations(cmd, language.annotations(result!));
  language.check(cmd, result!, loaded);
  const again = language.instantAsRange;
  const value = again?.metric(result!);
  if (!again || !cmd.instant || cmd.ordered || value === undefined || value.kind === 'matrix') return;
  try {
    const ranged = await again.rangeQuery(engine, cmd, cmd.startNs - RANGE_CHECK_STEP_NS, cmd.startNs + RANGE_CHECK_STEP_NS, RANGE_CHECK_STEP_NS);
    const rangedValue = again.metric(ranged);
    if (!rangedValue) throw new ExpectationError('expected a matrix, got a result without samples');
    checkMetric(again.expectation(cmd), middleStep(rangedValue, msOf(cmd.startNs), value.kind));
  } catch (e) {
    throw rangeMode(e);
  }
}

/**
 * Executes a parsed script's commands in order against fresh engines: `load` appends, `clear`
 * starts over with a new engine. Evals run on demand, so each can be its own test.
 */
export class ScriptSession<Engine extends ClosableEngine, Item, Expected, Result> {
  private engine: Engine | undefined;
  private applied = 0;
  private loaded: Array<LoadCommand<Item>> = [];

  constructor(
    private readonly language: ScriptLanguage<Engine, Item, Expected, Result>,
    private readonly commands: ReadonlyArray<ScriptCommand<Item, Expected>>,
    private readonly createEngine: CreateEngine<Engine>,
  ) {}

  /** Applies every load/clear before command `index`, then runs that eval. */
  async runEvalAt(index: number): Promise<void> {
    for (; this.applied < index; this.applied++) {
      const cmd = this.commands[this.applied]!;
      if (cmd.kind === 'clear') await this.close();
      else if (cmd.kind === 'load') {
        await this.language.load(await this.current(), cmd);
        this.loaded.push(cmd);
      }
    }
    const cmd = this.commands[index]!;
    if (cmd.kind !== 'eval') throw new Error(`command ${index} is not an eval`);
    this.applied = index + 1;
    await runEval(this.language, await this.current(), cmd, this.loaded);
  }

  /** Releases the current engine; the next eval starts on a new, empty one. */
  async close(): Promise<void> {
    await this.engine?.close?.();
    this.engine = undefined;
    this.loaded = [];
  }

  private async current(): Promise<Engine> {
    this.engine ??= await this.createEngine();
    return this.engine;
  }
}

/**
 * Registers every script in the folder as a suite and every eval as its own test, named
 * `file:line expr`, so each engine (over the in-memory store, over SQLite, a reference) runs the
 * same corpus. A script that does not parse becomes one failing test naming the line.
 */
export function registerScripts<Engine extends ClosableEngine, Item, Expected, Result>(
  language: ScriptLanguage<Engine, Item, Expected, Result>,
  createEngine: CreateEngine<Engine>,
  options: ScriptRunOptions,
  defaultDir: string,
): void {
  const dir = options.dir ?? defaultDir;
  const files = (options.files ?? readdirSync(dir).filter((f) => f.endsWith('.test'))).slice().sort();
  for (const file of files) {
    const name = basename(file);
    describe(`${language.name} script ${name}${options.label ? ` (${options.label})` : ''}`, () => {
      let commands: Array<ScriptCommand<Item, Expected>>;
      try {
        commands = readScript(readFileSync(join(dir, file), 'utf8'), name, language.dialect);
      } catch (error) {
        test(`${name}: script syntax`, () => {
          throw error;
        });
        return;
      }
      const session = new ScriptSession(language, commands, createEngine);
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
