import type { Ingester } from '../ingester.js';
import type { Signal } from '../observer.js';
import { filterLogs, filterMetricsByTime, summarizeDropped, timeWindow, type Dropped } from '../validate.js';
import type { OtlpRequests, OtlpSignal } from './codec.js';
import { convertLogs } from './logs.js';
import { convertMetrics } from './metrics.js';
import { convertTraces } from './traces.js';

/** What an OTLP export ended with: the `partial_success` to report (0 and '' on full success). */
export interface OtlpOutcome {
  readonly rejected: number;
  readonly errorMessage: string;
}

const SIGNAL: Readonly<Record<OtlpSignal, Signal>> = { traces: 'traces', metrics: 'metrics', logs: 'logs' };
/** Longest `error_message`: a few reasons, not one line per refused item. */
const MAX_MESSAGES = 5;

/**
 * Converts and stores one decoded OTLP export, shared by OTLP/HTTP and OTLP/gRPC. Items that
 * cannot be stored (invalid ids, delta temporality, timestamps out of range, overlong lines) are
 * refused one by one and reported as `partial_success`; the rest is stored and acknowledged once
 * safe. Store failures (overload, full, closed) reject the whole export: the caller maps them.
 */
export async function receiveOtlp<S extends OtlpSignal>(ingester: Ingester, signal: S, request: OtlpRequests[S], receiver: string): Promise<OtlpOutcome> {
  const dropped: Dropped = new Map();
  const window = timeWindow(ingester.limits);
  let rejected = 0;
  const messages: string[] = [];
  if (signal === 'traces') {
    const c = convertTraces(request as OtlpRequests['traces']);
    rejected += c.rejected;
    messages.push(...c.errors);
    await ingester.writeSpans(c.batch, receiver);
  } else if (signal === 'metrics') {
    const c = convertMetrics(request as OtlpRequests['metrics']);
    rejected += c.rejected;
    messages.push(...c.errors);
    await ingester.writeMetrics(filterMetricsByTime(c.batch, window, ingester.limits, dropped), receiver);
  } else {
    const c = convertLogs(request as OtlpRequests['logs']);
    await ingester.writeLogs(filterLogs(c.batch, window, ingester.limits, dropped), 'otlp', receiver);
  }
  if (rejected > 0) ingester.observer.rejectedItems(SIGNAL[signal], receiver, 'invalid', rejected);
  for (const [reason, d] of dropped) ingester.observer.rejectedItems(SIGNAL[signal], receiver, reason, d.count);
  const summary = summarizeDropped(dropped);
  rejected += summary.count;
  messages.push(...summary.messages);
  return { rejected, errorMessage: messages.slice(0, MAX_MESSAGES).join('; ') };
}
