import type { Job, JobContext } from '../runner/jobs.js';
import { createTraceQLEngine, type TraceQLLimits } from './eval/engine.js';
import { traceToOtlpJson } from './tempo/trace-otlp.js';
import { encodeTraceByIdResponseProto, encodeTraceProto } from './tempo/trace-proto.js';
import { tagNamesV1, tagNamesV2, tagValuesV1, tagValuesV2 } from './tempo/tags.js';

const MAX_NS = 2n ** 63n - 1n;

/** Nanosecond bounds travel as decimal strings (they exceed 2^53). */
export interface WindowParams {
  readonly startNs?: string | undefined;
  readonly endNs?: string | undefined;
}

export interface SearchJobParams extends WindowParams {
  readonly q?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly limit?: number | undefined;
  readonly spss?: number | undefined;
  readonly minDurationNs?: number | undefined;
  readonly maxDurationNs?: number | undefined;
}

/** Which answer `/api/traces/<id>` (v1) or `/api/v2/traces/<id>` (v2) gives, in JSON or protobuf. */
export type TraceFormat = 'json-v1' | 'json-v2' | 'proto-v1' | 'proto-v2';

export interface TraceJobParams extends WindowParams {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  readonly format: TraceFormat;
}

/** A trace-by-id answer: the encoded body, or not found. */
export type TraceJobResult = { readonly found: false } | { readonly found: true; readonly body: string | Uint8Array };

export interface TagNamesJobParams extends WindowParams {
  readonly version: 1 | 2;
  readonly scope?: string | undefined;
  readonly q?: string | undefined;
}

export interface TagValuesJobParams extends WindowParams {
  readonly version: 1 | 2;
  readonly tag: string;
  readonly q?: string | undefined;
}

function window(p: WindowParams, timeoutMs: number): { startNs: bigint; endNs: bigint; deadline: number } {
  return { startNs: p.startNs ? BigInt(p.startNs) : 0n, endNs: p.endNs ? BigInt(p.endNs) : MAX_NS, deadline: Date.now() + timeoutMs };
}

/**
 * The TraceQL/Tempo jobs the query runner loads in its workers: `traceql.search`, `traceql.trace`,
 * `traceql.tag_names` and `traceql.tag_values`. Results are encoded bodies (JSON text, protobuf
 * bytes), so the HTTP thread only copies them out. Options: {@link TraceQLLimits} fields.
 */
export function createJobs(ctx: JobContext): Readonly<Record<string, Job>> {
  const engine = createTraceQLEngine({ reader: ctx.traces, limits: ctx.options as Partial<TraceQLLimits> });
  const reader = ctx.traces;
  const timeoutMs = engine.limits.timeoutMs;
  return {
    'traceql.search': ((p: SearchJobParams) =>
      JSON.stringify(
        engine.search({
          q: p.q,
          tags: p.tags,
          startNs: p.startNs ? BigInt(p.startNs) : undefined,
          endNs: p.endNs ? BigInt(p.endNs) : undefined,
          limit: p.limit,
          spss: p.spss,
          minDurationNs: p.minDurationNs,
          maxDurationNs: p.maxDurationNs,
        }),
      )) as Job,
    'traceql.trace': ((p: TraceJobParams): TraceJobResult => {
      const spans = reader.trace(p.traceId);
      const w = window(p, timeoutMs);
      // Like Tempo's start/end on trace by id: only a trace with a span in the window is found.
      if (spans.length === 0 || !spans.some((s) => s.endNs >= w.startNs && s.startNs < w.endNs)) return { found: false };
      const batches = traceToOtlpJson(spans);
      switch (p.format) {
        case 'json-v1':
          return { found: true, body: JSON.stringify({ batches }) };
        case 'json-v2':
          return { found: true, body: JSON.stringify({ trace: { resourceSpans: batches }, status: 'COMPLETE' }) };
        case 'proto-v1':
          return { found: true, body: encodeTraceProto(batches) };
        case 'proto-v2':
          return { found: true, body: encodeTraceByIdResponseProto(batches) };
      }
    }) as Job,
    'traceql.tag_names': ((p: TagNamesJobParams) =>
      JSON.stringify(p.version === 1 ? tagNamesV1(reader, window(p, timeoutMs)) : tagNamesV2(reader, window(p, timeoutMs), p.scope, p.q))) as Job,
    'traceql.tag_values': ((p: TagValuesJobParams) =>
      JSON.stringify(p.version === 1 ? tagValuesV1(reader, window(p, timeoutMs), p.tag) : tagValuesV2(reader, window(p, timeoutMs), p.tag, p.q))) as Job,
  };
}

/** The URL the query runner imports these jobs from. */
export const TRACEQL_JOB_MODULE: string = import.meta.url;
