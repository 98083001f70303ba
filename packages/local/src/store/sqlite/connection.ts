import Database from 'better-sqlite3';

/** Name of the database file inside the data folder. */
export const DB_FILE = 'srcobs.db';
const BUSY_TIMEOUT_MS = 5000;

/**
 * The writer connection. WAL mode lets readers on other connections (worker threads) read a
 * consistent snapshot while the writer commits. With `synchronous=NORMAL` a commit is in the WAL
 * file (the OS page cache) when it returns, which survives the process being killed; only
 * `FULL` fsyncs each commit so that it also survives power loss.
 */
export function openWriter(file: string, synchronous: 'normal' | 'full', hardLimitBytes?: number): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`${file}: could not switch to WAL mode (got ${String(mode)})`);
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    // Keep the -wal file from staying huge after a burst.
    db.pragma('journal_size_limit = 67108864');
    if (hardLimitBytes !== undefined) setHardLimit(db, hardLimitBytes);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Caps the database file: past it, SQLite fails writes with SQLITE_FULL exactly as on a full disk. */
export function setHardLimit(db: Database.Database, bytes: number): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor(bytes / pageSize))}`);
}

/** A read-only connection (one per worker thread). */
export function openReaderConnection(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('cache_size = -32768');
  return db;
}
