/** The three signals. */
export type Signal = 'metrics' | 'logs' | 'traces';

/**
 * What receivers report about themselves, for the stack's `/metrics`. Implemented by the HTTP
 * layer's self-metrics; receivers only see this interface, so ingest never imports http.
 */
export interface IngestObserver {
  /** Items (samples, log lines, spans) stored. */
  accepted(signal: Signal, receiver: string, items: number): void;
  /** Items refused, by reason (a stable code such as `invalid_labels`, `too_old`, `delta_temporality`). */
  rejectedItems(signal: Signal, receiver: string, reason: string, items: number): void;
  /** A whole request refused before its items were known (undecodable, too large, overloaded). */
  rejectedRequest(receiver: string, reason: string): void;
  /** Secrets replaced in log lines and metadata. */
  redacted(count: number): void;
  /** One scrape of one target. */
  scraped(job: string, instance: string, up: boolean, seconds: number, samples: number): void;
}

/** An observer that records nothing (tests, tools). */
export const NOOP_INGEST_OBSERVER: IngestObserver = {
  accepted: () => {},
  rejectedItems: () => {},
  rejectedRequest: () => {},
  redacted: () => {},
  scraped: () => {},
};
