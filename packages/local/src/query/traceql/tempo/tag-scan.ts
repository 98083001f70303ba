import type { TraceReader } from '../../../model/store.js';
import { QueryTimeoutError } from '../../../model/errors.js';
import { arraySafeFilter } from '../eval/pushdown.js';
import { planTraceQL, type SearchPlan } from '../eval/search.js';
import { buildTraceContext, type SpanView } from '../eval/trace-context.js';
import type { Stage } from '../syntax/ast.js';
import { parseTraceQL } from '../syntax/parser.js';

/** Traces a tag lookup reads at most when it has to look at spans (a `q` filter, span names): the most recent ones. */
export const TAG_SCAN_TRACES = 1000;

/** Where a tag lookup looks. */
export interface TagWindow {
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly deadline?: number;
}

function isMatchAll(stage: Stage): boolean {
  return (stage.kind === 'filter' && stage.expr === undefined) || (stage.kind === 'pipeline' && stage.stages.length === 1 && isMatchAll(stage.stages[0]!));
}

/**
 * The plan that narrows a tag lookup, from the `q` Grafana sends with autocomplete requests
 * (`{ resource.service.name = "api" }`). Undefined when there is no `q`, it matches everything,
 * or it does not parse: Grafana sends the query being typed, and an unfinished query should not
 * empty the suggestions, so then every value is offered (as Tempo's lenient extraction does).
 */
export function tagFilterPlan(q: string | undefined): SearchPlan | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  try {
    const parsed = parseTraceQL(q);
    return isMatchAll(parsed.root) ? undefined : planTraceQL(parsed);
  } catch {
    return undefined;
  }
}

/**
 * The spans of the most recent traces in the window, only those the plan matches when one is
 * given (every span otherwise): what tag names and values are collected from when the tag index
 * cannot answer alone.
 */
export function* scanSpans(reader: TraceReader, plan: SearchPlan | undefined, w: TagWindow): Generator<SpanView> {
  const hints = w.deadline !== undefined ? { deadline: w.deadline } : {};
  const filter = plan ? arraySafeFilter(reader, plan.filter, w.startNs, w.endNs) : {};
  for (const id of reader.findTraceIds(filter, w.startNs, w.endNs, TAG_SCAN_TRACES, hints)) {
    if (w.deadline !== undefined && Date.now() > w.deadline) throw new QueryTimeoutError();
    const ctx = buildTraceContext(id, reader.trace(id));
    if (!plan) {
      yield* ctx.spans;
      continue;
    }
    const seen = new Set<SpanView>();
    for (const ss of plan.evaluate(ctx)) for (const s of ss.spans) if (!seen.has(s)) (seen.add(s), yield s);
  }
}
