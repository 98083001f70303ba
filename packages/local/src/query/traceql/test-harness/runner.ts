import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import type { SpanBatch } from '../../../model/spans.js';
import type { TraceSearchResponse } from '../eval/search.js';
import { renderResult, type ScriptNames } from './render.js';
import { parseScript, type EvalCommand, type LoadCommand, type ScriptCommand } from './script.js';

/** What the harness needs from an engine under test: a store to load and a search. */
export interface TraceScriptEngine {
  /** Appends spans to the (initially empty) store the engine reads. */
  append(batch: SpanBatch): Promise<void>;
  search(query: string, options: { readonly startNs: bigint; readonly endNs: bigint; readonly limit: number; readonly spss: number }): Promise<TraceSearchResponse> | TraceSearchResponse;
  /** Releases the engine and its store; called after each script and at every `clear`. */
  close?(): Promise<void> | void;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateTraceScriptEngine = () => Promise<TraceScriptEngine> | TraceScriptEngine;

/** Options of {@link runTraceQLScripts}. */
export interface RunTraceQLScriptsOptions {
  /** Folder with the `*.test` scripts; default `packages/local/testdata/traceql`. */
  readonly dir?: string;
  /** Only these file names. */
  readonly files?: readonly string[];
  /** Cases this engine does not run, by file and line (or the whole file), with the reason shown. */
  readonly skip?: ReadonlyArray<{ readonly file: string; readonly line?: number; readonly reason: string }>;
  /** Suffix for the suite names, to tell engines apart in one run (e.g. `sqlite`). */
  readonly label?: string;
}

/** The scripts shipped with this package. */
export const DEFAULT_TRACEQL_SCRIPT_DIR: string = fileURLToPath(new URL('../../../../testdata/traceql/', import.meta.url));

/** Executes a script's commands in order against fresh engines, keeping the names each load gave its ids. */
export class TraceScriptSession {
  private engine: TraceScriptEngine | undefined;
  private applied = 0;
  private readonly traces = new Map<string, string>();
  private readonly spans = new Map<string, string>();

  constructor(
    private readonly commands: readonly ScriptCommand[],
    private readonly createEngine: CreateTraceScriptEngine,
  ) {}

  /** Applies every load/clear before command `index`, then runs that eval. */
  async runEvalAt(index: number): Promise<void> {
    for (; this.applied < index; this.applied++) {
      const cmd = this.commands[this.applied]!;
      if (cmd.kind === 'clear') {
        await this.engine?.close?.();
        this.engine = undefined;
        this.traces.clear();
        this.spans.clear();
      } else if (cmd.kind === 'load') await this.load(cmd);
    }
    const cmd = this.commands[index]!;
    if (cmd.kind !== 'eval') throw new Error(`command ${index} is not an eval`);
    this.applied = index + 1;
    await this.runEval(await this.current(), cmd);
  }

  /** The names loads gave to ids so far. */
  names(): ScriptNames {
    return { traces: this.traces, spans: this.spans };
  }

  async close(): Promise<void> {
    await this.engine?.close?.();
    this.engine = undefined;
  }

  private async load(cmd: LoadCommand): Promise<void> {
    for (const s of cmd.spans) {
      this.traces.set(s.record.traceId, s.trace);
      this.spans.set(`${s.record.traceId}/${s.record.spanId}`, s.span);
    }
    await (await this.current()).append({ spans: cmd.spans.map((s) => s.record) });
  }

  private async runEval(engine: TraceScriptEngine, cmd: EvalCommand): Promise<void> {
    let result: TraceSearchResponse | undefined;
    let error: unknown;
    try {
      result = await engine.search(cmd.query, { startNs: cmd.startNs, endNs: cmd.endNs, limit: cmd.limit, spss: cmd.spss });
    } catch (e) {
      error = e;
    }
    if (cmd.fail) {
      assert.ok(error !== undefined, `expected the query to fail, but it returned ${JSON.stringify(result && renderResult(result, this.names(), cmd.showAttributes))}`);
      const message = error instanceof Error ? error.message : String(error);
      if (cmd.fail.message !== undefined) assert.equal(message, cmd.fail.message);
      if (cmd.fail.regex) assert.match(message, cmd.fail.regex);
      return;
    }
    if (error !== undefined) throw error;
    assert.deepEqual(renderResult(result!, this.names(), cmd.showAttributes), cmd.expected);
  }

  private async current(): Promise<TraceScriptEngine> {
    this.engine ??= await this.createEngine();
    return this.engine;
  }
}

/**
 * Registers every TraceQL script in the folder as a suite and every eval as its own test, named
 * `file:line query`, so the engine over the in-memory store and over SQLite run the same corpus.
 * A script that does not parse becomes one failing test naming the line.
 *
 * @example
 * ```ts
 * runTraceQLScripts(() => {
 *   const store = createInMemoryStore();
 *   const engine = createTraceQLEngine({ reader: store.traces });
 *   return { append: (b) => store.appendSpans(b), search: (q, o) => engine.search({ q, ...o }) };
 * });
 * ```
 */
export function runTraceQLScripts(createEngine: CreateTraceScriptEngine, options: RunTraceQLScriptsOptions = {}): void {
  const dir = options.dir ?? DEFAULT_TRACEQL_SCRIPT_DIR;
  const files = (options.files ?? readdirSync(dir).filter((f) => f.endsWith('.test'))).slice().sort();
  for (const file of files) {
    const name = basename(file);
    describe(`traceql script ${name}${options.label ? ` (${options.label})` : ''}`, () => {
      let commands: ScriptCommand[];
      try {
        commands = parseScript(readFileSync(join(dir, file), 'utf8'), name);
      } catch (error) {
        test(`${name}: script syntax`, () => {
          throw error;
        });
        return;
      }
      const session = new TraceScriptSession(commands, createEngine);
      after(() => session.close());
      const fileSkip = options.skip?.find((s) => s.file === name && s.line === undefined);
      commands.forEach((cmd, index) => {
        if (cmd.kind !== 'eval') return;
        const skip = fileSkip ?? options.skip?.find((s) => s.file === name && s.line === cmd.line);
        test(`${name}:${cmd.line} ${cmd.query}`, skip ? { skip: skip.reason } : {}, () => session.runEvalAt(index));
      });
    });
  }
}
