import { SrcobsError } from '@srcobs/ola';
import { StoreFullError } from '../../model/errors.js';

/** The data folder is in use by another running store (another srcobs process). */
export class StoreLockedError extends SrcobsError {
  override readonly name = 'StoreLockedError';
  constructor(message: string, options?: ErrorOptions) {
    super('store_locked', message, options);
  }
}

/** The database is not one this version can open (newer schema, or not a srcobs database). */
export class StoreSchemaError extends SrcobsError {
  override readonly name = 'StoreSchemaError';
  constructor(message: string, options?: ErrorOptions) {
    super('store_schema', message, options);
  }
}

/** True for SQLite's "database or disk is full" (a full disk, or the hard size limit). */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR') && /ENOSPC|no space/i.test(String((err as Error).message)));
}

/** Turns a disk-full failure into StoreFullError; anything else is returned as is. */
export function mapWriteError(err: unknown, dataDir: string): unknown {
  if (isDiskFull(err))
    return new StoreFullError(`the disk holding ${dataDir} is full (or the store's size limit is reached): free space or lower retention; nothing acknowledged was lost and ingest resumes once there is room`, { cause: err });
  return err;
}
