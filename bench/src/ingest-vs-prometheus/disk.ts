import { open, readdir, stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { join } from 'node:path';

/** Bytes of every file under `dir` (apparent sizes), leaving out the subfolders named in `except`. */
export async function folderBytes(dir: string, except: readonly string[] = []): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !except.includes(entry.name)) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

/**
 * Bytes in the pages of a closed SQLite database that hold data: the file minus its free pages,
 * which SQLite reuses before it grows the file (a store that deleted its write-ahead rows has
 * them). Read from the database header (https://www.sqlite.org/fileformat.html#the_database_header),
 * valid once the database is closed and its WAL checkpointed.
 */
export async function sqliteUsedBytes(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(100);
    await handle.read(header, 0, 100, 0);
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const pages = header.readUInt32BE(28);
    const free = header.readUInt32BE(36);
    return (pages - free) * pageSize;
  } finally {
    await handle.close();
  }
}

/** One table or index of a SQLite database: its pages, and how much of them holds data. */
export interface SqliteObjectBytes {
  readonly pages: number;
  /** Bytes of records (cells) in the pages. */
  readonly payload: number;
  /** Bytes of the pages that hold nothing (a row rewritten smaller leaves its page part empty). */
  readonly unused: number;
}

/** Bytes by table and index of a closed SQLite database (its dbstat virtual table). */
export function sqliteObjectBytes(file: string): Map<string, SqliteObjectBytes> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT name, SUM(pgsize) AS pages, SUM(payload) AS payload, SUM(unused) AS unused FROM dbstat GROUP BY name').all() as Array<{ name: string } & SqliteObjectBytes>;
    return new Map(rows.map((r) => [r.name, { pages: r.pages, payload: r.payload, unused: r.unused }]));
  } finally {
    db.close();
  }
}

/** A Prometheus block's index file and its chunk files. */
export async function prometheusBlockBytes(blockDir: string): Promise<{ index: number; chunks: number }> {
  let index = 0;
  let chunks = 0;
  for (const entry of await readdir(blockDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const parent = entry.parentPath ?? entry.path;
    const size = (await stat(join(parent, entry.name))).size;
    if (entry.name === 'index') index += size;
    else if (parent.endsWith('chunks')) chunks += size;
  }
  return { index, chunks };
}
