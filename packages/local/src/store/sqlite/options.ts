import { DEFAULT_CATEGORY, DEFAULT_RETENTION_DAYS, type OlaCategory } from '@srcobs/ola';

/** Where the store reports what it does on its own (retention deletions, flush failures). */
export interface StoreLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** How long data is kept, and how much. */
export interface RetentionOptions {
  /** Days of metric samples (and exemplars) to keep. Default 15, as Prometheus. */
  readonly metricsDays?: number;
  /** Days of spans to keep. Default 14, as Tempo's block retention. */
  readonly tracesDays?: number;
  /** Days of logs per OLA category (`ola_category` stream label). Defaults: `DEFAULT_RETENTION_DAYS` of @srcobs/ola. */
  readonly logCategoryDays?: Partial<Readonly<Record<OlaCategory, number>>>;
  /** Days of logs in streams without a known `ola_category`. Default: the default category's days (30). */
  readonly logsDays?: number;
  /** Exemplars kept at most (the oldest go first), as Prometheus' `storage.exemplars.max-exemplars`. Default 100,000. */
  readonly maxExemplars?: number;
  /** Upper bound of the database's used bytes; when over it, the oldest data of any signal goes first. Unlimited when absent. */
  readonly maxBytes?: number;
  /** How often the background retention pass runs. Default 60 s. */
  readonly intervalMs?: number;
}

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Folder of the database files (created when missing). The caller picks it; the local stack uses `./.srcobs/data`. */
  readonly dataDir: string;
  /**
   * `normal` (default) makes every acknowledged write survive a crash or `kill -9` of the process:
   * the commit is in the OS's page cache before the promise resolves. Only `full` also survives a
   * power loss or kernel panic, at the cost of an fsync per group commit.
   */
  readonly synchronous?: 'normal' | 'full';
  /** How often the in-memory head writes its open chunks to the database and trims the write-ahead rows. Default 1000 ms. */
  readonly flushIntervalMs?: number;
  /** How often small log blocks are merged and compressed into chunks. Default 2000 ms. */
  readonly compactIntervalMs?: number;
  /** brotli quality of sealed log chunks (1 fastest .. 11 smallest). Default 5: ~6x on application logs at ~25 MB/s. */
  readonly logCompressionLevel?: number;
  /** Bytes of batches waiting to be committed (plus unflushed head data) above which appends get StoreOverloadedError. Default 64 MiB. */
  readonly maxPendingBytes?: number;
  /** The database file never grows past this size: writes then fail with StoreFullError as on a full disk. Unlimited when absent. */
  readonly hardLimitBytes?: number;
  readonly retention?: RetentionOptions;
  /** Defaults to lines on stderr. */
  readonly logger?: StoreLogger;
  /** Wall clock in ms for retention cut-offs; injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** Options with every default applied. */
export interface ResolvedStoreOptions {
  readonly dataDir: string;
  readonly synchronous: 'normal' | 'full';
  readonly flushIntervalMs: number;
  readonly compactIntervalMs: number;
  readonly logCompressionLevel: number;
  readonly maxPendingBytes: number;
  readonly hardLimitBytes: number | undefined;
  readonly retention: {
    readonly metricsMs: number;
    readonly tracesMs: number;
    readonly logsMs: number;
    readonly logCategoryMs: Readonly<Record<string, number>>;
    readonly maxBytes: number | undefined;
    readonly maxExemplars: number;
    readonly intervalMs: number;
  };
  readonly logger: StoreLogger;
  readonly now: () => number;
}

const DAY_MS = 86_400_000;

function stderrLogger(): StoreLogger {
  const line = (level: string, message: string, fields?: Record<string, unknown>): void => {
    process.stderr.write(`srcobs store ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
  };
  return {
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
  };
}

/** The one place store defaults live. */
export function applyDefaults(o: SqliteStoreOptions): ResolvedStoreOptions {
  const r = o.retention ?? {};
  const logCategoryMs: Record<string, number> = {};
  for (const [category, days] of Object.entries({ ...DEFAULT_RETENTION_DAYS, ...r.logCategoryDays })) logCategoryMs[category] = days * DAY_MS;
  return {
    dataDir: o.dataDir,
    synchronous: o.synchronous ?? 'normal',
    flushIntervalMs: o.flushIntervalMs ?? 1000,
    compactIntervalMs: o.compactIntervalMs ?? 2000,
    logCompressionLevel: o.logCompressionLevel ?? 5,
    maxPendingBytes: o.maxPendingBytes ?? 64 * 1024 * 1024,
    hardLimitBytes: o.hardLimitBytes,
    retention: {
      metricsMs: (r.metricsDays ?? 15) * DAY_MS,
      tracesMs: (r.tracesDays ?? 14) * DAY_MS,
      logsMs: (r.logsDays ?? DEFAULT_RETENTION_DAYS[DEFAULT_CATEGORY]) * DAY_MS,
      logCategoryMs,
      maxBytes: r.maxBytes,
      maxExemplars: r.maxExemplars ?? 100_000,
      intervalMs: r.intervalMs ?? 60_000,
    },
    logger: o.logger ?? stderrLogger(),
    now: o.now ?? Date.now,
  };
}
