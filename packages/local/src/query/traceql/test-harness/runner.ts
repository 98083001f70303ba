import { fileURLToPath } from 'node:url';
import type { SpanBatch } from '../../../model/spans.js';
import { checkLines } from '../../script-harness/expectations.js';
import { registerScripts, type ClosableEngine, type CreateEngine, type ScriptLanguage, type ScriptRunOptions } from '../../script-harness/runner.js';
import type { LoadCommand } from '../../script-harness/script.js';
import type { TraceSearchResponse } from '../eval/search.js';
import { renderResult, type ScriptNames } from './render.js';
import { searchParams, TRACEQL_DIALECT } from './script.js';
import type { NotatedSpan } from './span-notation.js';

/** What the harness needs from an engine under test: a store to load and a search. */
export interface TraceScriptEngine extends ClosableEngine {
  /** Appends spans to the (initially empty) store the engine reads. */
  append(batch: SpanBatch): Promise<void>;
  search(query: string, options: { readonly startNs: bigint; readonly endNs: bigint; readonly limit: number; readonly spss: number }): Promise<TraceSearchResponse> | TraceSearchResponse;
}

/** Creates an engine on an empty store: once per script, and again after every `clear`. */
export type CreateTraceScriptEngine = CreateEngine<TraceScriptEngine>;

/** Options of {@link runTraceQLScripts}; `dir` defaults to `packages/local/testdata/traceql`. */
export type RunTraceQLScriptsOptions = ScriptRunOptions;

/** The scripts shipped with this package. */
export const DEFAULT_TRACEQL_SCRIPT_DIR: string = fileURLToPath(new URL('../../../../testdata/traceql/', import.meta.url));

/** The names the loads since the last `clear` gave to the ids now in the store. */
function scriptNames(loaded: ReadonlyArray<LoadCommand<NotatedSpan>>): ScriptNames {
  const traces = new Map<string, string>();
  const spans = new Map<string, string>();
  for (const s of loaded.flatMap((l) => l.items)) {
    traces.set(s.record.traceId, s.trace);
    spans.set(`${s.record.traceId}/${s.record.spanId}`, s.span);
  }
  return { traces, spans };
}

/** TraceQL in the shared script harness: spans in, one rendered line per spanset out. */
export const TRACEQL_SCRIPTS: ScriptLanguage<TraceScriptEngine, NotatedSpan, string, TraceSearchResponse> = {
  name: 'traceql',
  dialect: TRACEQL_DIALECT,
  load: (engine, cmd) => engine.append({ spans: cmd.items.map((s) => s.record) }),
  query: (engine, cmd) => engine.search(cmd.expr, searchParams(cmd)),
  check: (cmd, result, loaded) => checkLines('result line', cmd.results, renderResult(result, scriptNames(loaded), cmd.flags.has('attributes'))),
};

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
  registerScripts(TRACEQL_SCRIPTS, createEngine, options, DEFAULT_TRACEQL_SCRIPT_DIR);
}
