import type { DashboardDefinition } from '@srcobs/stack';

/*
 * The shapes of the srcobs-specific endpoints of port 3300 (the others are Prometheus', Loki's
 * and Tempo's own). `/api/srcobs/ola` is the same object `srcobs audit --json` prints.
 */

/** `GET /api/srcobs/dashboards`. */
export interface DashboardsResponse {
  readonly dashboards: readonly DashboardDefinition[];
}

/** An OLA alert's state, as the rule evaluator reports it. */
export type OlaAlertState = 'inactive' | 'pending' | 'firing' | 'unknown';

/** One OLA category of the report. */
export interface OlaCategoryReport {
  readonly id: string;
  readonly title: string;
  readonly compliant: boolean;
  readonly problems: readonly string[];
  readonly sources: { readonly kubernetes: readonly string[]; readonly service: readonly string[]; readonly external?: string };
  readonly linesPerDay: ReadonlyArray<{ readonly day: string; readonly lines: number }>;
  readonly gaps: ReadonlyArray<{ readonly from: string; readonly to: string; readonly seconds: number }>;
  readonly retentionDays: { readonly configured: number; readonly required: number };
  readonly oldestEntry: string | null;
  readonly lastEntry: string | null;
  readonly alert: { readonly name: string; readonly state: OlaAlertState; readonly window: string };
}

/** `GET /api/srcobs/ola?from=&to=`. */
export interface OlaReport {
  readonly from: string;
  readonly to: string;
  readonly compliant: boolean;
  readonly categories: readonly OlaCategoryReport[];
}

/** Per-signal counters of the store. */
export interface SignalCounts {
  readonly [reason: string]: number;
}

/** `GET /api/srcobs/status` (the store's fields the console reads; others are shown raw). */
export interface StackStatusResponse {
  readonly version: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly urls: Readonly<Record<string, string | undefined>>;
  readonly store: {
    readonly series?: number;
    readonly streams?: number;
    readonly spans?: number;
    readonly bytesOnDisk?: number;
    readonly databaseBytes?: number;
    readonly walBytes?: number;
    readonly ingested?: Readonly<Record<string, number>>;
    readonly rejected?: Readonly<Record<string, SignalCounts>>;
    readonly [k: string]: unknown;
  };
  readonly scrape: ReadonlyArray<{ readonly job: string; readonly url: string; readonly up: boolean | null; readonly error?: string; readonly samples?: number; readonly durationSeconds?: number }>;
  readonly retention: unknown;
}

/** One search hit of Tempo's `/api/search`. */
export interface TraceSearchHit {
  readonly traceID: string;
  readonly rootServiceName?: string;
  readonly rootTraceName?: string;
  readonly startTimeUnixNano: string;
  readonly durationMs?: number;
  readonly serviceStats?: Readonly<Record<string, { readonly spanCount: number; readonly errorCount?: number }>>;
}

/** One stream of a Loki `streams` answer. */
export interface LokiStream {
  readonly stream: Readonly<Record<string, string>>;
  readonly values: ReadonlyArray<readonly [string, string] | readonly [string, string, Readonly<Record<string, string>>]>;
}

/** One exemplar series of `/api/v1/query_exemplars`. */
export interface ExemplarSeries {
  readonly seriesLabels: Readonly<Record<string, string>>;
  readonly exemplars: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>>; readonly value: string; readonly timestamp: number }>;
}

/** An alerting rule as `/api/v1/rules` lists it (Prometheus' and Loki's rulers alike). */
export interface AlertingRule {
  readonly name: string;
  readonly type: string;
  readonly state?: string;
  readonly query?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly alerts?: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>>; readonly state: string; readonly activeAt?: string }>;
}
