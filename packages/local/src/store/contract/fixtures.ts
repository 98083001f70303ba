import type { Labels, LabelMatcher } from '../../model/labels.js';
import type { KeyValue, SpanRecord } from '../../model/spans.js';

/** A matcher, shorter to write in tables. */
export function m(name: string, op: LabelMatcher['op'], value: string): LabelMatcher {
  return { name, op, value };
}

/** A string attribute. */
export function attr(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

let spanCounter = 0;

/** A span with sensible defaults: a server span of `svc` taking 10 ms. */
export function span(overrides: Partial<SpanRecord> & { traceId: string }): SpanRecord {
  spanCounter++;
  const startNs = overrides.startNs ?? 1_700_000_000_000_000_000n;
  return {
    spanId: spanCounter.toString(16).padStart(16, '0'),
    parentSpanId: '',
    traceState: '',
    name: 'GET /',
    kind: 2,
    startNs,
    endNs: overrides.endNs ?? startNs + 10_000_000n,
    statusCode: 0,
    statusMessage: '',
    attributes: [],
    events: [],
    links: [],
    resource: [attr('service.name', overrides.serviceName ?? 'svc')],
    scope: { name: 'test', version: '1.0.0' },
    serviceName: 'svc',
    ...overrides,
  };
}

/** A 32-hex-digit trace id from a small number. */
export function traceId(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** Label sets compared regardless of key order. */
export function sortedLabels(list: readonly Labels[]): string[] {
  return list.map((l) => JSON.stringify(Object.fromEntries(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : 1))))).sort();
}
