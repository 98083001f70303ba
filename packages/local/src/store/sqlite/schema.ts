import type Database from 'better-sqlite3';
import { StoreSchemaError } from './sqlite-errors.js';
import { TAG_SLOTS_FROM_KEY } from './traces/tag-slots.js';

/**
 * The database layout. Metrics and logs follow their anchors: a label index (series/streams plus
 * postings: label name and value to ids, as Prometheus' index and Loki's TSDB index), compressed
 * chunks per series or stream and time window, and write-ahead rows for what the in-memory head
 * has not flushed yet. Spans are rows (as a column store would hold them), with the attributes
 * no index reads in one compact body.
 */

/**
 * Bumped on every change of tables or chunk codecs. An older database is upgraded in place when
 * MIGRATIONS holds the steps from its version; any other version is refused with a clear message.
 */
export const SCHEMA_VERSION = 3;

const DDL = `
CREATE TABLE meta(k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta(k, v) VALUES ('metrics_flushed_seq', 0), ('logs_flushed_seq', 0);

CREATE TABLE series(id INTEGER PRIMARY KEY AUTOINCREMENT, labels TEXT NOT NULL);
CREATE TABLE series_postings(name TEXT NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(name, value, id)) WITHOUT ROWID;
-- The head's open chunk per series, rewritten in place as it grows (one row per series).
CREATE TABLE metric_head(series_id INTEGER PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, data BLOB NOT NULL);
-- Sealed chunks, immutable and appended in write order: pages fill completely, and where chunks
-- overlap (late samples) the higher id was written later and wins.
CREATE TABLE metric_chunks(id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, data BLOB NOT NULL);
-- Covering for the bounds, so "has this series samples in the range" never reads chunk data.
CREATE INDEX metric_chunks_series ON metric_chunks(series_id, min_t, max_t);
CREATE TABLE metric_wal(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE exemplars(series_id INTEGER NOT NULL, t INTEGER NOT NULL, value BLOB NOT NULL, labels TEXT NOT NULL);
CREATE INDEX exemplars_series ON exemplars(series_id, t);
CREATE INDEX exemplars_time ON exemplars(t);
CREATE TABLE metric_metadata(metric TEXT PRIMARY KEY, type TEXT NOT NULL, help TEXT NOT NULL, unit TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE streams(id INTEGER PRIMARY KEY AUTOINCREMENT, labels TEXT NOT NULL, category TEXT);
CREATE TABLE stream_postings(name TEXT NOT NULL, value TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(name, value, id)) WITHOUT ROWID;
CREATE TABLE log_blocks(id INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL, min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL, n INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, sealed INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX log_blocks_stream ON log_blocks(stream_id, max_ts, min_ts);
CREATE INDEX log_blocks_time ON log_blocks(max_ts);
CREATE INDEX log_blocks_open ON log_blocks(stream_id) WHERE sealed = 0;
CREATE TABLE log_wal(seq INTEGER PRIMARY KEY, data BLOB NOT NULL);

CREATE TABLE resources(id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE);
CREATE TABLE spans(
  id INTEGER PRIMARY KEY,
  trace_id BLOB NOT NULL,
  span_id BLOB NOT NULL,
  parent_id BLOB,
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  status INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  resource_id INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX spans_trace ON spans(trace_id);
CREATE INDEX spans_start ON spans(start_ns);
CREATE INDEX spans_service ON spans(service, start_ns);
CREATE TABLE span_tags(scope INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, first_ns INTEGER NOT NULL, last_ns INTEGER NOT NULL, PRIMARY KEY(scope, key, value)) WITHOUT ROWID;
`;

/**
 * Steps from each older schema version to the next, run in one transaction at open. Only
 * additions: what an older version wrote stays readable as it is.
 */
const MIGRATIONS: Readonly<Record<number, string>> = {
  // The slots index of span attribute values (traces/tag-slots.ts). Spans already stored are
  // not in it: searches scan the time before the first span it will hold, as before.
  2: `
CREATE TABLE span_tag_slots(day INTEGER NOT NULL, tag INTEGER NOT NULL, slot INTEGER NOT NULL, PRIMARY KEY(day, tag, slot)) WITHOUT ROWID;
INSERT INTO meta(k, v) SELECT '${TAG_SLOTS_FROM_KEY}', coalesce(max(start_ns) + 1, 0) FROM spans;
`,
};

/** Creates the schema in a fresh database, or checks the version of an existing one. */
export function ensureSchema(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION)
    throw new StoreSchemaError(`${file} was written by a newer srcobs (schema ${version}, this one reads ${SCHEMA_VERSION}): upgrade srcobs or use another data folder`);
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  if (version === 0 && tables.n > 0) throw new StoreSchemaError(`${file} is not a srcobs database: choose an empty data folder`);
  if (version !== 0 && MIGRATIONS[version] !== undefined) {
    db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return;
  }
  if (version !== 0)
    throw new StoreSchemaError(`${file} was written by an older development build of srcobs (schema ${version}, this one reads ${SCHEMA_VERSION}) and cannot be migrated: move the data folder away to start afresh`);
  // Must precede the first table: it decides whether deleted pages can be handed back to the OS.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.transaction(() => {
    db.exec(DDL);
    for (let v = 2; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
