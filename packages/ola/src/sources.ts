/**
 * Values of the `source` stream label: which pipeline a log line came through. The Alloy pipelines
 * srcobs renders set it on every stream, and the classification rules key on it, so a pod that
 * happens to print an audit-shaped line is not mistaken for the API server's audit log.
 */
export const LOG_SOURCES = ['pod', 'kubernetes-events', 'journal', 'apiserver-audit', 'otlp', 'push'] as const;

/** One of the pipelines a log line can arrive through. */
export type LogSource = (typeof LOG_SOURCES)[number];

/** The name of the label that carries the {@link LogSource}. */
export const SOURCE_LABEL = 'source';
