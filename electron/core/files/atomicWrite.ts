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

/** Temporary files tempPathBeside made in `dir` and a killed writer left, at least `olderThanMs` old. */
export function leftoverTemporaries(dir: string, olderThanMs = 0, now = Date.now()): string[] {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  const out: string[] = [];
  for (const name of names) {
    if (!/^\..+\.[0-9a-f]{12}\.tmp$/.test(name)) continue;
    const file = path.join(dir, name);
    try { if (now - fs.statSync(file).mtimeMs >= olderThanMs) out.push(file); } catch { /* gone meanwhile */ }
  }
  return out;
}

/**
 * Where a write to `target` lands: a symbolic link is followed (to its target, existing or
 * not), so the new file replaces what the link points at and the link stays — a rename onto
 * the link itself would replace the link with a plain file.
 */
export function throughLinks(target: string): string {
  let at = path.resolve(target);
  for (let hops = 0; hops < 40; hops++) {
    let stat: fs.Stats;
    try { stat = fs.lstatSync(at); } catch { return at; }
    if (!stat.isSymbolicLink()) return at;
    at = path.resolve(path.dirname(at), fs.readlinkSync(at));
  }
  throw new Error(`${target}: too many levels of symbolic links`);
}

export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const target = throughLinks(file);
  const dir = path.dirname(target);
  const tmp = tempPathBeside(target);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    try {
      // writeSync may write less than asked (a full disk, a signal): go on until every byte
      // is written — a short file renamed into place would pass for the whole one.
      for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    // Nothing half-written is left behind, under either name.
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
