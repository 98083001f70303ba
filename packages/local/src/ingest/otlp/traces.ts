import type { KeyValue, SpanBatch, SpanEvent, SpanLink, SpanRecord } from '../../model/spans.js';
import type { Conversion, PbExportTraceRequest, PbSpan } from './otlp-types.js';
import { attributeString, bytesToHex, isAllZero, toModelAttributes, toUint64 } from './values.js';

/** The service name OTel SDKs report when none is configured, and what the store gets when none is sent. */
export const UNKNOWN_SERVICE = 'unknown_service';

/** Why a span cannot be stored: ids that are not ids. Undefined when it is fine. */
function invalidSpanReason(span: PbSpan): string | undefined {
  if (!span.traceId || span.traceId.length !== 16 || isAllZero(span.traceId)) return 'trace_id must be 16 bytes and not all zero';
  if (!span.spanId || span.spanId.length !== 8 || isAllZero(span.spanId)) return 'span_id must be 8 bytes and not all zero';
  if (span.parentSpanId && span.parentSpanId.length !== 0 && span.parentSpanId.length !== 8) return 'parent_span_id must be empty or 8 bytes';
  return undefined;
}

/**
 * Converts an ExportTraceServiceRequest into the store's spans. Spans with invalid ids are
 * refused one by one (reported through `partial_success`), the rest are kept; nanosecond times
 * stay exact bigints all the way.
 */
export function convertTraces(req: PbExportTraceRequest): Conversion<SpanBatch> {
  const spans: SpanRecord[] = [];
  let rejected = 0;
  const errors = new Set<string>();
  for (const rs of req.resourceSpans ?? []) {
    const resource: KeyValue[] = toModelAttributes(rs.resource?.attributes);
    const serviceName = attributeString(rs.resource?.attributes, 'service.name') || UNKNOWN_SERVICE;
    for (const ss of rs.scopeSpans ?? []) {
      const scope = { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' };
      for (const span of ss.spans ?? []) {
        const reason = invalidSpanReason(span);
        if (reason) {
          rejected++;
          errors.add(reason);
          continue;
        }
        const parent = span.parentSpanId && span.parentSpanId.length === 8 && !isAllZero(span.parentSpanId) ? bytesToHex(span.parentSpanId) : '';
        const events: SpanEvent[] = (span.events ?? []).map((e) => ({ timeNs: toUint64(e.timeUnixNano), name: e.name ?? '', attributes: toModelAttributes(e.attributes) }));
        const links: SpanLink[] = (span.links ?? []).map((l) => ({
          traceId: bytesToHex(l.traceId),
          spanId: bytesToHex(l.spanId),
          traceState: l.traceState ?? '',
          attributes: toModelAttributes(l.attributes),
        }));
        spans.push({
          traceId: bytesToHex(span.traceId),
          spanId: bytesToHex(span.spanId),
          parentSpanId: parent,
          traceState: span.traceState ?? '',
          name: span.name ?? '',
          kind: span.kind ?? 0,
          startNs: toUint64(span.startTimeUnixNano),
          endNs: toUint64(span.endTimeUnixNano),
          statusCode: span.status?.code ?? 0,
          statusMessage: span.status?.message ?? '',
          attributes: toModelAttributes(span.attributes),
          events,
          links,
          resource,
          scope,
          serviceName,
        });
      }
    }
  }
  return { batch: { spans }, accepted: spans.length, rejected, errors: [...errors] };
}
