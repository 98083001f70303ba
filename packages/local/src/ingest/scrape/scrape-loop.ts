import { labelsKey, LABEL_NAME_PATTERN, type Labels } from '../../model/labels.js';
import { STALE_NAN, type Exemplar, type MetricBatch, type MetricMetadata, type MetricSeriesInput } from '../../model/metrics.js';
import type { Ingester } from '../ingester.js';
import { parseExposition, type ExpositionFormat, type ParsedExposition } from './exposition-parser.js';

/**
 * The Accept header Prometheus 2.42 sends: OpenMetrics first, the text format as fallback.
 * Source: prometheus/prometheus `scrape/scrape.go` (`scrapeAcceptHeader`).
 */
export const SCRAPE_ACCEPT_HEADER = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** One target, resolved (defaults applied). */
export interface ScrapeTarget {
  readonly job: string;
  /** The full URL of the metrics endpoint. */
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Extra target labels, after `job` and `instance`. */
  readonly labels?: Labels;
  /** Largest body read, in bytes. */
  readonly maxBodyBytes: number;
}

/** What one scrape produced, for tests and the console. */
export interface ScrapeResult {
  readonly up: boolean;
  readonly error?: string;
  readonly samples: number;
  readonly seriesAdded: number;
  readonly durationSeconds: number;
}

/** Prometheus' `instance` label: the URL's host and port. */
export function instanceOf(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return `${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`;
}

/**
 * Runs the scrapes of one target: fetch with the target's timeout, parse, attach target labels with
 * `honor_labels: false` semantics (a scraped label that collides with a target label becomes
 * `exported_<name>`), write the samples at the scrape's start time with `up`,
 * `scrape_duration_seconds`, `scrape_samples_scraped`, `scrape_samples_post_metric_relabeling` and
 * `scrape_series_added`, and staleness markers for series that vanish, as Prometheus' scrape loop does.
 */
export class ScrapeLoop {
  private readonly targetLabels: Record<string, string>;
  /** Series written by the last scrape (without explicit timestamps): the ones that can go stale. */
  private previous = new Map<string, Labels>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastResult: ScrapeResult | undefined;

  constructor(
    readonly target: ScrapeTarget,
    private readonly ingester: Ingester,
  ) {
    this.targetLabels = { job: target.job, instance: instanceOf(target.url) };
    for (const [k, v] of Object.entries(target.labels ?? {})) if (v !== '') this.targetLabels[k] = v;
  }

  /** The last scrape's outcome. */
  last(): ScrapeResult | undefined {
    return this.lastResult;
  }

  /** Starts scraping now and every interval after. */
  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.scrapeOnce().then(() => undefined);
      void this.running.finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, Math.max(0, this.target.intervalMs - (this.lastResult?.durationSeconds ?? 0) * 1000));
      });
    };
    tick();
  }

  /** Stops, waits for a scrape in progress, and marks every series of the target stale (Prometheus' end-of-run staleness). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    const t = Date.now();
    const series: MetricSeriesInput[] = [...this.previous.values()].map((labels) => ({ labels, samples: [{ t, v: STALE_NAN }] }));
    for (const name of REPORT_NAMES) series.push({ labels: { ...this.targetLabels, __name__: name }, samples: [{ t, v: STALE_NAN }] });
    this.previous = new Map();
    await this.ingester.writeMetrics({ series }, 'scrape').catch(() => undefined);
  }

  /** One scrape, now. */
  async scrapeOnce(): Promise<ScrapeResult> {
    const startedAt = Date.now();
    const started = performance.now();
    let parsed: ParsedExposition | undefined;
    let error: string | undefined;
    try {
      parsed = parseExposition(...(await this.fetch()));
    } catch (e) {
      error = (e as Error).message;
    }
    const durationSeconds = (performance.now() - started) / 1000;
    const { batch, current, added } = this.buildBatch(parsed, startedAt, durationSeconds);
    // Series of the previous scrape that are not in this one (all of them when the scrape failed) go stale.
    for (const [key, labels] of this.previous) if (!current.has(key)) (batch.series as MetricSeriesInput[]).push({ labels, samples: [{ t: startedAt, v: STALE_NAN }] });
    this.previous = current;
    try {
      await this.ingester.writeMetrics(batch, 'scrape');
    } catch (e) {
      error ??= `storing the scrape failed: ${(e as Error).message}`;
    }
    const samples = parsed?.samples.length ?? 0;
    this.ingester.observer.scraped(this.target.job, this.targetLabels['instance']!, parsed !== undefined, durationSeconds, samples);
    this.lastResult = { up: parsed !== undefined, samples, seriesAdded: added, durationSeconds, ...(error ? { error } : {}) };
    return this.lastResult;
  }

  private async fetch(): Promise<[string, ExpositionFormat]> {
    const res = await fetch(this.target.url, {
      headers: { accept: SCRAPE_ACCEPT_HEADER, 'user-agent': 'srcobs-scraper', 'x-prometheus-scrape-timeout-seconds': String(this.target.timeoutMs / 1000) },
      signal: AbortSignal.timeout(this.target.timeoutMs),
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > this.target.maxBodyBytes) throw new Error(`body size limit exceeded (${this.target.maxBodyBytes} bytes)`);
      chunks.push(chunk as Uint8Array);
    }
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    return [Buffer.concat(chunks).toString('utf8'), type.startsWith('application/openmetrics-text') ? 'openmetrics' : 'prometheus'];
  }

  /** Scraped labels plus target labels, `honor_labels: false`. */
  private seriesLabels(name: string, scraped: ReadonlyArray<readonly [string, string]>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of scraped) if (v !== '') out[k] = v;
    for (const [k, v] of Object.entries(this.targetLabels)) {
      if (out[k] !== undefined) {
        let renamed = `exported_${k}`;
        while (out[renamed] !== undefined) renamed = `exported_${renamed}`;
        out[renamed] = out[k]!;
      }
      out[k] = v;
    }
    out['__name__'] = name;
    return out;
  }

  private buildBatch(parsed: ParsedExposition | undefined, t: number, durationSeconds: number): { batch: MetricBatch; current: Map<string, Labels>; added: number } {
    const series = new Map<string, MetricSeriesInput & { samples: Array<{ t: number; v: number }>; exemplars: Exemplar[] }>();
    const current = new Map<string, Labels>();
    let added = 0;
    let kept = 0;
    for (const s of parsed?.samples ?? []) {
      if (s.labels.some(([k]) => !LABEL_NAME_PATTERN.test(k) || k === '__name__')) continue;
      kept++;
      const labels = this.seriesLabels(s.name, s.labels);
      const key = labelsKey(labels);
      // A duplicate series in one exposition: the first one wins, as in Prometheus.
      if (series.has(key)) continue;
      const exemplars: Exemplar[] = s.exemplar ? [{ labels: s.exemplar.labels, value: s.exemplar.value, t: s.exemplar.timestampMs ?? t }] : [];
      series.set(key, { labels, samples: [{ t: s.timestampMs ?? t, v: s.value }], exemplars });
      // Series with explicit timestamps are not marked stale by Prometheus either.
      if (s.timestampMs === undefined) {
        current.set(key, labels);
        if (!this.previous.has(key)) added++;
      }
    }
    const up = parsed !== undefined;
    const n = parsed?.samples.length ?? 0;
    const report: Array<[string, number]> = [
      ['up', up ? 1 : 0],
      ['scrape_duration_seconds', durationSeconds],
      ['scrape_samples_scraped', n],
      ['scrape_samples_post_metric_relabeling', kept],
      ['scrape_series_added', added],
    ];
    const out: MetricSeriesInput[] = [...series.values()].map((s) => (s.exemplars.length > 0 ? s : { labels: s.labels, samples: s.samples }));
    for (const [name, v] of report) out.push({ labels: { ...this.targetLabels, __name__: name }, samples: [{ t, v }] });
    const metadata: MetricMetadata[] = parsed?.metadata.filter((m) => m.type !== 'unknown' || m.help !== '') ?? [];
    return { batch: metadata.length > 0 ? { series: out, metadata } : { series: out }, current, added };
  }
}

const REPORT_NAMES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'];
