// Which file a path names, whatever the spelling: a link, another path to it, another case.
import fs from 'node:fs';

/**
 * The file's device and inode, `dev:ino` (links followed; bigint, so that no two inodes round
 * to one), or null when nothing is there. A file renamed into place has a new one.
 */
export function fileIdentity(file: string): string | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}
