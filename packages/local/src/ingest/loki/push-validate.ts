import { InvalidBatchError } from '../../model/errors.js';
import { LABEL_NAME_PATTERN } from '../../model/labels.js';
import type { LogBatch, LogStreamInput } from '../../model/logs.js';
import type { IngestLimits } from '../limits.js';
import { logEntryProblem, timeWindow } from '../validate.js';
import type { PushedStream } from './push-decode.js';

/**
 * Labels Loki 3 looks at, in order, to fill `service_name` when a push has none
 * (`limits_config.discover_service_name`); `unknown_service` when none is there either.
 */
export const DISCOVER_SERVICE_NAME: readonly string[] = [
  'service',
  'app',
  'application',
  'app_name',
  'name',
  'app_kubernetes_io_name',
  'container',
  'container_name',
  'k8s_container_name',
  'component',
  'workload',
  'job',
  'k8s_job_name',
];

/** A pushed batch refused as a whole, with a reason Loki would give (400) and its counting key. */
export class PushRejectedError extends InvalidBatchError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function streamLabels(stream: PushedStream, limits: IngestLimits): Record<string, string> {
  const out: Record<string, string> = {};
  const at = `stream ${stream.labelText.slice(0, 200)}`;
  for (const [name, value] of stream.labels) {
    if (!LABEL_NAME_PATTERN.test(name)) throw new PushRejectedError('invalid_labels', `${at}: invalid label name ${JSON.stringify(name)} (must match ${LABEL_NAME_PATTERN.source})`);
    if (name.length > limits.maxLabelNameLength) throw new PushRejectedError('invalid_labels', `${at}: label name ${name.slice(0, 40)}… is longer than ${limits.maxLabelNameLength}`);
    if (value.length > limits.maxLabelValueLength) throw new PushRejectedError('invalid_labels', `${at}: the value of ${name} is longer than ${limits.maxLabelValueLength}`);
    if (name in out) throw new PushRejectedError('invalid_labels', `${at}: duplicate label name ${JSON.stringify(name)}`);
    if (value !== '') out[name] = value;
  }
  if (Object.keys(out).length === 0) throw new PushRejectedError('invalid_labels', `${at}: at least one label pair is required per stream`);
  if (Object.keys(out).length > limits.maxLabelNamesPerStream) {
    throw new PushRejectedError('invalid_labels', `${at}: ${Object.keys(out).length} labels, more than the ${limits.maxLabelNamesPerStream} allowed per stream (limits.maxLabelNamesPerStream)`);
  }
  if (out['service_name'] === undefined) {
    const from = DISCOVER_SERVICE_NAME.find((l) => out[l] !== undefined);
    out['service_name'] = from ? out[from]! : 'unknown_service';
  }
  return out;
}

/**
 * Validates a decoded push the way Loki's distributor does (label names and counts, line size,
 * timestamps within `maxAgeMs` / `maxFutureMs`), but refuses the whole push at the first problem
 * where Loki would drop entries one by one: a refused push writes nothing, so a client that
 * fixes and resends it never duplicates what was already accepted.
 */
export function validatePush(streams: readonly PushedStream[], limits: IngestLimits, nowMs: number = Date.now()): LogBatch {
  const window = timeWindow(limits, nowMs);
  const out: LogStreamInput[] = [];
  for (const stream of streams) {
    const labels = streamLabels(stream, limits);
    for (const e of stream.entries) {
      const problem = logEntryProblem(e, window, limits);
      if (problem) throw new PushRejectedError(problem.reason, `entry for stream ${stream.labelText.slice(0, 200)}: ${problem.message}; nothing of this push was written`);
      if (e.metadata) for (const k in e.metadata) if (k === '') throw new PushRejectedError('invalid_metadata', `entry for stream ${stream.labelText.slice(0, 200)}: structured metadata with an empty name`);
    }
    if (stream.entries.length > 0) out.push({ labels, entries: stream.entries });
  }
  return { streams: out };
}
