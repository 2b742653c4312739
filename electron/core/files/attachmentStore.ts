// Attachments stored by content hash: attachments/ab/<sha256>. A file is written under a
// temporary name, synced and renamed (writeFileAtomic), so the database never points at
// a half-written file; the same bytes are stored once however often they are attached.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { writeFileAtomic } from './atomicWrite.ts';
import { readFileInto, type ReadBuffer } from './readBuffer.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export class AttachmentStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /**
   * Store bytes (once); returns their hash. A file already there under the hash is kept only
   * when it has the right size: one cut short (a disk that filled up before this fix, a copy
   * that stopped) is written again rather than trusted.
   */
  put(bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const file = this.pathOf(sha256);
    let size: number | null = null;
    try { size = fs.statSync(file).size; } catch { /* not there */ }
    if (size !== bytes.length) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, bytes);
    }
    return sha256;
  }

  /** The stored bytes; throws when the file is missing or no longer matches its hash. */
  get(sha256: string): Buffer {
    const bytes = fs.readFileSync(this.pathOf(sha256));
    if (sha256Hex(bytes) !== sha256) throw new Error(`stored attachment ${sha256} has been altered`);
    return bytes;
  }

  /** The stored bytes, read into `into` (valid until its next use); throws as `get` does. */
  read(sha256: string, into: ReadBuffer): Buffer {
    const bytes = readFileInto(this.pathOf(sha256), into);
    if (sha256Hex(bytes) !== sha256) throw new Error(`stored attachment ${sha256} has been altered`);
    return bytes;
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Whether the stored file is there and still hashes to its name (read in 1 MB chunks). */
  verify(sha256: string): 'ok' | 'missing' | 'altered' {
    let fd: number;
    try {
      fd = fs.openSync(this.pathOf(sha256), 'r');
    } catch {
      return 'missing';
    }
    try {
      return hashFd(fd) === sha256 ? 'ok' : 'altered';
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Every stored hash (files named by their SHA-256 under their two-character folder). */
  *hashes(): Generator<string> {
    let dirs: string[];
    try { dirs = fs.readdirSync(this.dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort(); } catch { return; }
    for (const d of dirs) {
      for (const f of fs.readdirSync(path.join(this.dir, d)).sort()) {
        if (/^[0-9a-f]{64}$/.test(f) && f.startsWith(d)) yield f;
      }
    }
  }

  /** Temporary files an interrupted write left behind (never visible to the database). */
  temporaryFiles(olderThanMs = 0, now = Date.now()): string[] {
    const out: string[] = [];
    let dirs: string[];
    try { dirs = fs.readdirSync(this.dir).filter((d) => /^[0-9a-f]{2}$/.test(d)); } catch { return out; }
    for (const d of dirs) {
      for (const f of fs.readdirSync(path.join(this.dir, d))) {
        if (!f.endsWith('.tmp')) continue;
        const file = path.join(this.dir, d, f);
        try { if (now - fs.statSync(file).mtimeMs >= olderThanMs) out.push(file); } catch { /* gone meanwhile */ }
      }
    }
    return out;
  }

  /** Remove temporary files older than `olderThanMs` (another process may be writing a newer one). */
  sweepTemporary(olderThanMs = 60 * 60 * 1000): number {
    const files = this.temporaryFiles(olderThanMs);
    for (const f of files) fs.rmSync(f, { force: true });
    return files.length;
  }
}

/** SHA-256 of an open file, read in 1 MB chunks (memory stays bounded whatever its size). */
export function hashFd(fd: number): string {
  const hash = crypto.createHash('sha256');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  for (let pos = 0; ;) {
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    pos += n;
  }
  return hash.digest('hex');
}
