import type { Intrinsic } from './ast.js';

/** The static type an intrinsic evaluates to, for the type checker. */
export type IntrinsicType = 'string' | 'int' | 'duration' | 'status' | 'kind';

interface IntrinsicRow {
  readonly intrinsic: Intrinsic;
  readonly type: IntrinsicType;
}

/**
 * Every intrinsic spelling TraceQL accepts, unscoped (`name`) and scoped (`span:name`), as in
 * Tempo's `enum_attributes.go`. One row per spelling; adding an intrinsic means a row here and
 * a case in the evaluator's `intrinsicValue`.
 */
export const INTRINSICS: Readonly<Record<string, IntrinsicRow>> = {
  name: { intrinsic: 'name', type: 'string' },
  'span:name': { intrinsic: 'name', type: 'string' },
  status: { intrinsic: 'status', type: 'status' },
  'span:status': { intrinsic: 'status', type: 'status' },
  statusMessage: { intrinsic: 'statusMessage', type: 'string' },
  'span:statusMessage': { intrinsic: 'statusMessage', type: 'string' },
  kind: { intrinsic: 'kind', type: 'kind' },
  'span:kind': { intrinsic: 'kind', type: 'kind' },
  duration: { intrinsic: 'duration', type: 'duration' },
  'span:duration': { intrinsic: 'duration', type: 'duration' },
  childCount: { intrinsic: 'childCount', type: 'int' },
  'span:childCount': { intrinsic: 'childCount', type: 'int' },
  'span:id': { intrinsic: 'spanID', type: 'string' },
  'span:parentID': { intrinsic: 'parentID', type: 'string' },
  rootName: { intrinsic: 'rootName', type: 'string' },
  'trace:rootName': { intrinsic: 'rootName', type: 'string' },
  rootServiceName: { intrinsic: 'rootServiceName', type: 'string' },
  'trace:rootService': { intrinsic: 'rootServiceName', type: 'string' },
  traceDuration: { intrinsic: 'traceDuration', type: 'duration' },
  'trace:duration': { intrinsic: 'traceDuration', type: 'duration' },
  'trace:id': { intrinsic: 'traceID', type: 'string' },
  'event:name': { intrinsic: 'eventName', type: 'string' },
  'event:timeSinceStart': { intrinsic: 'eventTimeSinceStart', type: 'duration' },
  'link:traceID': { intrinsic: 'linkTraceID', type: 'string' },
  'link:spanID': { intrinsic: 'linkSpanID', type: 'string' },
  'instrumentation:name': { intrinsic: 'instrumentationName', type: 'string' },
  'instrumentation:version': { intrinsic: 'instrumentationVersion', type: 'string' },
};

/** The name a span attribute gets in search results when a query reads or selects this intrinsic (Tempo uses the unscoped name). */
export const INTRINSIC_RESULT_NAME: Readonly<Record<Intrinsic, string>> = {
  name: 'name',
  status: 'status',
  statusMessage: 'statusMessage',
  kind: 'kind',
  duration: 'duration',
  childCount: 'childCount',
  spanID: 'span:id',
  parentID: 'span:parentID',
  rootName: 'rootName',
  rootServiceName: 'rootServiceName',
  traceDuration: 'traceDuration',
  traceID: 'trace:id',
  eventName: 'event:name',
  eventTimeSinceStart: 'event:timeSinceStart',
  linkTraceID: 'link:traceID',
  linkSpanID: 'link:spanID',
  instrumentationName: 'instrumentation:name',
  instrumentationVersion: 'instrumentation:version',
};

/** The intrinsic tag names `/api/v2/search/tags` lists under the `intrinsic` scope, sorted. */
export const INTRINSIC_TAG_NAMES: readonly string[] = Object.keys(INTRINSICS).sort();
