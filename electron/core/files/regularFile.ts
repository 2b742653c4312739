// Opening an input only when it is a regular file. A named pipe (FIFO) called case.json
// blocks open() and read() until some other program writes to it — for ever, in a batch,
// and on the main thread before the first case — and a device may do anything when opened.
// So what a path is is asked of stat() first (which opens nothing), and the open itself is
// non-blocking, in case the path changed in between; fstat() then has the last word.
import fs from 'node:fs';

/** What a path that is not a regular file or a folder is, in words: 'a named pipe (FIFO)'. */
export function specialKind(stat: fs.Stats): string | null {
  if (stat.isFile() || stat.isDirectory()) return null;
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * What `file` is when it is neither a regular file nor a folder (links followed), or null —
 * also when nothing is there (its reader says so). Never opens it.
 */
export function specialFileKind(file: string): string | null {
  try { return specialKind(fs.statSync(file)); } catch { return null; }
}

/** Thrown by openRegularFile for a pipe, socket or device: `kind` says which. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly file: string, readonly kind: string) {
    super(`${file} is ${kind}, not a regular file`);
  }
}

/** O_NONBLOCK where the platform has it (not on Windows, which has no FIFOs in the file system). */
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * An open descriptor for reading `file` and its fstat, for a regular file only: a pipe, socket
 * or device throws NotRegularFileError without being opened (or, if it became one after the
 * stat, is closed at once: a non-blocking open of a FIFO returns without waiting for a
 * writer). A folder throws EISDIR, as readFileSync does; anything else as openSync throws.
 * The caller closes the descriptor.
 */
export function openRegularFile(file: string): { fd: number; stat: fs.Stats } {
  const before = specialFileKind(file);
  if (before) throw new NotRegularFileError(file, before);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: 'EISDIR' });
    const kind = specialKind(stat);
    if (kind) throw new NotRegularFileError(file, kind);
    return { fd, stat };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}
