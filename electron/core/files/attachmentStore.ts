// Attachments stored by content hash: attachments/ab/<sha256>. A file is written under a
// temporary name, synced and renamed (writeFileAtomic), so the database never points at
// a half-written file; the same bytes are stored once however often they are attached.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { writeFileAtomic } from './atomicWrite.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export class AttachmentStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Store bytes (once); returns their hash. */
  put(bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) {
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

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }
}
