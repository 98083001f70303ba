import type { OlaCategory } from '@srcobs/ola';

/** Lines of one category on one UTC day. */
export interface DayCount {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly lines: number;
}

/** An interval with no line of the category, longer than its silence window. */
export interface Gap {
  /** ISO time of the first empty bucket's start (or the report's `from`). */
  readonly from: string;
  /** ISO time of the last empty bucket's end (or the report's `to`). */
  readonly to: string;
  readonly seconds: number;
}

/** State of a category's silence alert, as the ruler reports it; `unknown` when it cannot be told. */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'unknown';

/** Where a category's lines come from. */
export interface CategorySources {
  /** By design, on Kubernetes (`../shared/ola.md`). */
  readonly kubernetes: readonly string[];
  /** By design, inside a service instrumented with the SDK. */
  readonly service: readonly string[];
  /** A source the stack does not hold: the managed cluster's API server audit log, and where it lives. */
  readonly external?: string;
  /** What actually sent lines in the range: `source/service` of the streams, e.g. `pod/test-app`. */
  readonly observed: readonly string[];
}

/** One category of the OLA report. */
export interface OlaCategoryReport {
  readonly id: OlaCategory;
  readonly title: string;
  readonly compliant: boolean;
  /** Why not, one sentence each; empty when compliant. */
  readonly problems: readonly string[];
  readonly sources: CategorySources;
  readonly linesPerDay: readonly DayCount[];
  readonly gaps: readonly Gap[];
  readonly retentionDays: { readonly configured: number; readonly required: number };
  /** ISO time of the oldest line still stored, or null when none is. */
  readonly oldestEntry: string | null;
  /** ISO time of the newest line up to the report's end, or null. */
  readonly lastEntry: string | null;
  readonly alert: { readonly name: string; readonly state: AlertState; readonly window: string };
}

/**
 * What `srcobs audit --json` prints and `GET /api/srcobs/ola` answers: the OLA report of
 * `../shared/ola.md` "Proving" for a time range.
 */
export interface OlaReport {
  readonly from: string;
  readonly to: string;
  readonly compliant: boolean;
  readonly categories: readonly OlaCategoryReport[];
  /** The bucket size the gaps and day counts were computed at: gaps are exact to this. */
  readonly resolutionSeconds: number;
  /** What the report could not check (an API that did not answer), without deciding compliance. */
  readonly warnings: readonly string[];
}
