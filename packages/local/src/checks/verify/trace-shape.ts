import type { TempoTrace } from '../query-client.js';

/** A span of a fetched trace, ids as lowercase hex. */
export interface FoundSpan {
  readonly service: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: string;
}

/** Tempo writes ids in base64 (protobuf JSON); proxies and other stores write hex. Both become hex. */
export function idToHex(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 16 || id.length === 32)) return id.toLowerCase();
  const hex = Buffer.from(id, 'base64').toString('hex');
  return /^0+$/.test(hex) ? undefined : hex;
}

function kindName(kind: string | number | undefined): string {
  if (typeof kind === 'number') return ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'][kind] ?? String(kind);
  return String(kind ?? 'UNSPECIFIED').replace(/^SPAN_KIND_/, '');
}

/** The spans of a Tempo trace, each with its resource's `service.name`. */
export function spansOf(trace: TempoTrace): FoundSpan[] {
  const out: FoundSpan[] = [];
  for (const batch of trace.batches ?? []) {
    const service = batch.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown';
    for (const scope of [...(batch.scopeSpans ?? []), ...(batch.instrumentationLibrarySpans ?? [])]) {
      for (const s of scope.spans ?? []) {
        out.push({ service, spanId: idToHex(s.spanId) ?? '', parentSpanId: idToHex(s.parentSpanId), name: s.name, kind: kindName(s.kind) });
      }
    }
  }
  return out;
}

/** What the trace hop needs to see: the caller's server span under our span, and the callee's server span under a caller span. */
export interface TraceShape {
  readonly complete: boolean;
  /** One line for the report: what was found, or what is missing. */
  readonly detail: string;
}

/**
 * Checks that a trace went through both services as the request did: `caller`'s server span is a
 * child of the span verify sent in `traceparent`, and `callee`'s server span is a child of one of
 * `caller`'s spans (its outgoing HTTP client span), so context propagated across the call.
 */
export function checkTraceShape(spans: readonly FoundSpan[], rootSpanId: string, caller: string, callee: string): TraceShape {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const services = [...new Set(spans.map((s) => s.service))].sort();
  const callerServer = spans.find((s) => s.service === caller && s.kind === 'SERVER' && s.parentSpanId === rootSpanId);
  const calleeServer = spans.find((s) => s.service === callee && s.kind === 'SERVER' && s.parentSpanId !== undefined && byId.get(s.parentSpanId)?.service === caller);
  const seen = `${spans.length} span${spans.length === 1 ? '' : 's'} from ${services.join(', ') || 'no service'}`;
  if (!callerServer) return { complete: false, detail: `${seen}; no ${caller} server span whose parent is the span verify sent` };
  if (!calleeServer) return { complete: false, detail: `${seen}; no ${callee} server span whose parent is a ${caller} span (context did not propagate, or ${callee}'s spans are not in yet)` };
  return { complete: true, detail: `${seen}: ${caller} "${callerServer.name}" → ${callee} "${calleeServer.name}"` };
}
