/**
 * Test fixtures for services instrumented with the SDK (`@srcobs/sdk/testing`): an OTLP/HTTP
 * receiver that decodes what the exporters send with the real protobuf definitions. Needs
 * `protobufjs` and `@srcobs/testkit`, which are development dependencies: never import this from
 * runtime code.
 */
export { startOtlpReceiver } from './otlp-receiver.js';
export type { OtlpReceiver, OtlpReceiverOptions, ReceiverMode } from './otlp-receiver.js';
export { createOtlpDecoder } from './otlp-decode.js';
export type { OtlpDecoder, ReceivedSpan, ReceivedLogRecord, AttributeValue } from './otlp-decode.js';
export { startService, REGISTER_HOOK } from './service.js';
export type { RunningService, StartServiceOptions } from './service.js';
export { samples, sampleSum } from './metrics-text.js';
export type { Sample } from './metrics-text.js';
export { captureLines } from './capture.js';
export type { CapturedLines } from './capture.js';
