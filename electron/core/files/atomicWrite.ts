// A file becomes visible under its name only once it is fully written and synced:
// write to a temporary name in the same directory, fsync, rename, fsync the directory.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Where `target` is written before it is renamed into place: in the same folder (a rename
 * across file systems is not atomic), hidden, and unique (two writers of the same target at
 * once never share it). Leftovers are recognised by the `.tmp` ending.
 */
export function tempPathBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
}

export function writeFileAtomic(target: string, bytes: Uint8Array): void {
  const dir = path.dirname(target);
  const tmp = tempPathBeside(target);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(dir);
}

/** Make a rename in `dir` durable (POSIX; Windows cannot open a folder for syncing). */
export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const dirFd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(dirFd); } finally { fs.closeSync(dirFd); }
}
