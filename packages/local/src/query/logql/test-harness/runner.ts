import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { formatLabels, labelsKey } from '../../../model/labels.js';
import type { LogBatch, LogStreamInput } from '../../../model/logs.js';
import type { QueryValue } from '../../promql/eval/engine.js';
import { checkFailure, checkValue, ExpectationError } from '../../promql/test-harness/compare.js';
import type { InstantQueryParams, LogQLResult, LogQLValue, RangeQueryParams } from '../eval/engine.js';
import { parseLogScript, type ExpectedLogLine, type LogEvalCommand, type LogLoadCommand, type LogScriptCommand } from './script.js';

/** What the harness needs from an engine under test: a store to load and the two query kinds. */
export interface LogQLScriptEngine {
  append(batch: LogBatch): Promise<void>;
  rangeQuery(params: RangeQueryParams): Promise<LogQLResult> | LogQLResult;
  instantQuery(params: InstantQueryParams): Promise<LogQLResult> | LogQLResult;
  /** Releases the engine and its store; called after each script and at every `clear`. */
  close?(): Promise<void> | void;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateLogQLScriptEngine = () => Promise<LogQLScriptEngine> | LogQLScriptEngine;

export interface RunLogQLScriptsOptions {
  /** Folder with the `*.test` scripts; default `packages/local/testdata/logql`. */
  readonly dir?: string;
  readonly files?: readonly string[];
  readonly skip?: ReadonlyArray<{ readonly file: string; readonly line?: number; readonly reason: string }>;
  /** Suffix for suite names, to tell engines apart (`sqlite`). */
  readonly label?: string;
}

/** The scripts shipped with this package. */
export const DEFAULT_LOGQL_SCRIPT_DIR: string = fileURLToPath(new URL('../../../../testdata/logql/', import.meta.url));

const RANGE_CHECK_STEP_NS = 60_000_000_000n;

function loadBatch(cmd: LogLoadCommand): LogBatch {
  const streams = new Map<string, { labels: LogStreamInput['labels']; entries: LogStreamInput['entries'][number][] }>();
  for (const l of cmd.lines) {
    const key = labelsKey(l.labels);
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { labels: l.labels, entries: [] }));
    s.entries.push(l.entry);
  }
  return { streams: [...streams.values()] };
}

function show(l: ExpectedLogLine): string {
  const base = `${formatLabels(l.labels)} ${Number(l.tsNs) / 1e9}s ${JSON.stringify(l.text)}`;
  return l.metadata ? `${base} ${formatLabels(l.metadata)} ${formatLabels(l.parsed ?? {})}` : base;
}

/** Compares a streams result with the expected lines, in order. */
export function checkLogs(cmd: LogEvalCommand, value: LogQLValue): void {
  if (value.resultType !== 'streams') throw new ExpectationError(`expected log lines, got a ${value.resultType} result`);
  const got: ExpectedLogLine[] = value.result.flatMap((s) =>
    s.values.map((v) => (v.categorized ? { labels: s.labels, tsNs: v.tsNs, text: v.line, metadata: v.categorized.metadata, parsed: v.categorized.parsed } : { labels: s.labels, tsNs: v.tsNs, text: v.line })),
  );
  const want = cmd.logs;
  const a = got.map(show);
  const b = want.map(show);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      throw new ExpectationError(`log line ${i + 1}: expected ${b[i] ?? '(no more lines)'}, got ${a[i] ?? '(no more lines)'}\nall lines returned:\n  ${a.join('\n  ') || '(none)'}`);
    }
  }
}

/**
 * Runs one eval: the query, its expected failure and value; then, for a successful instant
 * query, the same query as a range query a minute either side, whose middle step must agree
 * (as the PromQL harness and Prometheus' promqltest do).
 */
export async function runLogQLEval(engine: LogQLScriptEngine, cmd: LogEvalCommand): Promise<void> {
  let result: LogQLResult | undefined;
  let error: unknown;
  try {
    result = cmd.instant
      ? await engine.instantQuery({ query: cmd.expr, timeNs: cmd.startNs, limit: cmd.limit, direction: cmd.direction })
      : await engine.rangeQuery({ query: cmd.expr, startNs: cmd.startNs, endNs: cmd.endNs, stepNs: cmd.stepNs, limit: cmd.limit, direction: cmd.direction, categorize: cmd.categorize });
  } catch (e) {
    error = e;
  }
  if (checkFailure(cmd.metric, error)) return;
  const value = result!.value;
  if (value.resultType === 'streams' || cmd.logs.length > 0) {
    checkLogs(cmd, value);
    return;
  }
  checkValue(cmd.metric, value as QueryValue);
  if (!cmd.instant || cmd.metric.ordered || value.resultType !== 'vector') return;
  let ranged: LogQLResult;
  try {
    ranged = await engine.rangeQuery({ query: cmd.expr, startNs: cmd.startNs - RANGE_CHECK_STEP_NS, endNs: cmd.startNs + RANGE_CHECK_STEP_NS, stepNs: RANGE_CHECK_STEP_NS, limit: cmd.limit, direction: cmd.direction });
  } catch (e) {
    throw new ExpectationError(`range mode: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (ranged.value.resultType !== 'matrix') throw new ExpectationError(`range mode: expected a matrix, got ${ranged.value.resultType}`);
  const t = cmd.metric.start;
  const mid = ranged.value.result.flatMap((s) => s.points.filter(([pt]) => pt === t).map(([, v]) => ({ metric: s.metric, t, v })));
  try {
    checkValue(cmd.metric, { resultType: 'vector', result: mid });
  } catch (e) {
    throw new ExpectationError(`range mode: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Applies loads and clears in order on fresh engines; evals run on demand, one test each. */
class LogScriptSession {
  private engine: LogQLScriptEngine | undefined;
  private applied = 0;

  constructor(
    private readonly commands: readonly LogScriptCommand[],
    private readonly createEngine: CreateLogQLScriptEngine,
  ) {}

  async runEvalAt(index: number): Promise<void> {
    for (; this.applied < index; this.applied++) {
      const cmd = this.commands[this.applied]!;
      if (cmd.kind === 'clear') {
        await this.engine?.close?.();
        this.engine = undefined;
      } else if (cmd.kind === 'load') await (await this.current()).append(loadBatch(cmd));
    }
    const cmd = this.commands[index]!;
    if (cmd.kind !== 'eval') throw new Error(`command ${index} is not an eval`);
    this.applied = index + 1;
    await runLogQLEval(await this.current(), cmd);
  }

  async close(): Promise<void> {
    await this.engine?.close?.();
    this.engine = undefined;
  }

  private async current(): Promise<LogQLScriptEngine> {
    this.engine ??= await this.createEngine();
    return this.engine;
  }
}

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
  const dir = options.dir ?? DEFAULT_LOGQL_SCRIPT_DIR;
  const files = (options.files ?? readdirSync(dir).filter((f) => f.endsWith('.test'))).slice().sort();
  for (const file of files) {
    const name = basename(file);
    describe(`logql script ${name}${options.label ? ` (${options.label})` : ''}`, () => {
      let commands: LogScriptCommand[];
      try {
        commands = parseLogScript(readFileSync(join(dir, file), 'utf8'), name);
      } catch (error) {
        test(`${name}: script syntax`, () => {
          throw error;
        });
        return;
      }
      const session = new LogScriptSession(commands, createEngine);
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
