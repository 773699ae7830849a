// A full or read-only disk, told apart from every other error: SQLite says SQLITE_FULL or
// SQLITE_READONLY…, Node's file calls say ENOSPC or EROFS. Both get a sentence that says what
// happened instead of "internal error".

export type StorageErrorCode = 'storage_full' | 'storage_read_only';

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

/** What kind of storage failure `error` is, or null when it is something else. */
export function storageErrorCode(error: unknown): StorageErrorCode | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (FULL.has(code)) return 'storage_full';
  // SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_READONLY_DIRECTORY, …
  if (READ_ONLY.has(code) || code.startsWith('SQLITE_READONLY')) return 'storage_read_only';
  // SQLite reports a failed write or fsync of a file it had open; on a full disk that is ENOSPC
  // underneath, on a remounted read-only disk EROFS: the errno is not kept, say "read-only".
  if (code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC' || code === 'SQLITE_CANTOPEN') return 'storage_read_only';
  return null;
}
