import { createClassifier, OLA_LABEL, SOURCE_LABEL, redactSecrets, redactionMarker, type Classifier, type LogSource } from '@srcobs/ola';
import type { Labels } from '../model/labels.js';
import type { LogBatch, LogEntry, LogStreamInput } from '../model/logs.js';

/** Structured-metadata keys whose values are credentials whatever they look like. */
const SECRET_METADATA_KEY = /(^|_)(authorization|cookie|set_cookie|password|passwd|secret|token|api_?key)($|_)/i;
/**
 * A cheap test for values worth the full secret patterns: most metadata values are short ids and
 * names, and running every pattern on each would cost more than the rest of ingest.
 */
const SECRET_HINT = /eyJ|AKIA|ASIA|gh[pousr]_|xox[baprs]-|glsa_|glc_|PRIVATE KEY|bearer |basic |[:=]/i;

/** Counts of one pass, for self-metrics. */
export interface LogPipelineResult {
  readonly batch: LogBatch;
  readonly lines: number;
  readonly bytes: number;
  /** Secrets replaced in lines and metadata. */
  readonly redactions: number;
}

/** The one path every log line takes before the store, whatever receiver it came through. */
export interface LogPipeline {
  /**
   * Redacts secrets, sets `source` when the stream has none, classifies each line into its OLA
   * category and splits a stream whose lines fall into different categories, so `ola_category`
   * is always a stream label (Loki's model: one label set per stream).
   */
  process(batch: LogBatch, source: LogSource): LogPipelineResult;
}

function redactMetadata(metadata: Labels | undefined): { metadata: Labels | undefined; redacted: number } {
  if (!metadata) return { metadata, redacted: 0 };
  let out: Record<string, string> | undefined;
  let redacted = 0;
  for (const key in metadata) {
    const value = metadata[key]!;
    let next = value;
    if (SECRET_METADATA_KEY.test(key) && value !== '' && !value.startsWith('<REDACTED')) next = redactionMarker(`metadata:${key}`);
    else if (value.length >= 8 && SECRET_HINT.test(value)) {
      const r = redactSecrets(value);
      if (r.redacted > 0) next = r.line;
    }
    if (next !== value) {
      out ??= { ...metadata };
      out[key] = next;
      redacted++;
    }
  }
  return { metadata: out ?? metadata, redacted };
}

/**
 * Creates the ingest pipeline: `redactSecrets()` then `createClassifier()` from `@srcobs/ola`,
 * the same rule definition the Alloy renderer turns into `loki.process` stages.
 *
 * @example
 * ```ts
 * const pipeline = createLogPipeline();
 * const { batch } = pipeline.process({ streams: [{ labels: { service_name: 'api' }, entries }] }, 'push');
 * // every stream of `batch` now has `source` and `ola_category` labels
 * ```
 */
export function createLogPipeline(classifier: Classifier = createClassifier()): LogPipeline {
  return {
    process(batch, source) {
      const out: LogStreamInput[] = [];
      let lines = 0;
      let bytes = 0;
      let redactions = 0;
      for (const stream of batch.streams) {
        const labels: Labels = stream.labels[SOURCE_LABEL] ? stream.labels : { ...stream.labels, [SOURCE_LABEL]: source };
        const byCategory = new Map<string, LogEntry[]>();
        for (const entry of stream.entries) {
          const r = redactSecrets(entry.line);
          const m = redactMetadata(entry.metadata);
          redactions += r.redacted + m.redacted;
          const clean: LogEntry = r.redacted > 0 || m.metadata !== entry.metadata ? { tsNs: entry.tsNs, line: r.line, ...(m.metadata ? { metadata: m.metadata } : {}) } : entry;
          const { category } = classifier({ labels, line: clean.line, ...(clean.metadata ? { metadata: clean.metadata } : {}) });
          let list = byCategory.get(category);
          if (!list) byCategory.set(category, (list = []));
          list.push(clean);
          lines++;
          bytes += clean.line.length;
        }
        for (const [category, entries] of byCategory) out.push({ labels: { ...labels, [OLA_LABEL]: category }, entries });
      }
      return { batch: { streams: out }, lines, bytes, redactions };
    },
  };
}
