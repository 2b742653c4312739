// Why a file could not be opened or read, in words. The system's code (ENOENT, EACCES…) means
// nothing to a billing clerk or an HR officer: the words say what happened and where to look.
// Each code has its own words, so whoever supports them can still tell which it was.
import fs from 'node:fs';

const WORDS: Record<string, string> = {
  ENOENT: 'the file is not there any more (moved, renamed or deleted, or on a drive that is not plugged in?)',
  ENOTDIR: 'the file is not there: part of its path is a file, not a folder',
  EACCES: 'no permission to read it (ask whoever manages this computer, or copy the file somewhere you can read)',
  EPERM: 'no permission to read it (ask whoever manages this computer, or copy the file somewhere you can read)',
  EISDIR: 'it is a folder, not a file',
  EMFILE: 'too many files are open at once; try again',
  ENFILE: 'too many files are open at once; try again',
  EIO: 'the disk could not read it (a damaged disk, a drive that was removed, or a file changed while it was read?)',
  ELOOP: 'it is a symbolic link loop (the link leads back to itself); it names no file',
  ENAMETOOLONG: 'its name is too long for this system; rename it or move it to a shorter path',
  EBUSY: 'it is in use by another program; close that program and try again',
  EFBIG: 'it is larger than ClaimDesk accepts',
};

/** The system's code of a failed file operation, if it has one (ENOENT…). */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why a file could not be read, as a phrase to follow its name: "the file is not there any
 * more (…)". A code without words of its own gets Node's message, which says it
 * in English too ("EROFS: read-only file system, open '…'"). With `file`, a symbolic link
 * whose target is gone is said as such: the link is there (ls lists it), so "not there any
 * more" would send the user looking for the wrong file.
 */
export function unreadableReason(err: unknown, file?: string): string {
  const code = errnoCode(err);
  if (code === 'ENOENT' && file !== undefined) {
    let target: string | null = null;
    try { target = fs.readlinkSync(file); } catch { /* not a link (or not there at all) */ }
    if (target !== null) return `the link points to ${target}, which does not exist`;
  }
  const words = code === undefined ? undefined : WORDS[code];
  if (words !== undefined) return words;
  return `it cannot be read (${err instanceof Error ? err.message : String(err)})`;
}
