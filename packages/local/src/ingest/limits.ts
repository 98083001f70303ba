/** Limits every receiver enforces (defaults: `applyDefaults()` in `local-stack.ts`). */
export interface IngestLimits {
  /** Largest request body after decompression, in bytes (OTLP: 413 above it). */
  readonly maxBodyBytes: number;
  /** Samples, lines and spans older than this (ms before now) are refused: Loki's `reject_old_samples_max_age`. */
  readonly maxAgeMs: number;
  /** Timestamps further than this (ms) in the future are refused: Loki's `creation_grace_period`. */
  readonly maxFutureMs: number;
  /** Longest log line in bytes: Loki's `max_line_size`. */
  readonly maxLineBytes: number;
  /** Most labels on one log stream: Loki's `max_label_names_per_series`. */
  readonly maxLabelNamesPerStream: number;
  /** Longest label name: Loki's `max_label_name_length`. */
  readonly maxLabelNameLength: number;
  /** Longest label value: Loki's `max_label_value_length`. */
  readonly maxLabelValueLength: number;
  /** Log ingestion rate in bytes/s (lines plus structured metadata): Loki's `ingestion_rate_mb`. */
  readonly logRateBytesPerSecond: number;
  /** Log ingestion burst in bytes: Loki's `ingestion_burst_size_mb`. */
  readonly logBurstBytes: number;
}
