// Reading many files one after another into one buffer.
//
// Why: a package reads its scans one at a time and writes each out before reading the next.
// With a fresh buffer per file (readFileSync), every scan read leaves a dead buffer that only
// the garbage collector's next full pass frees; V8 lets tens of MB of such external memory
// pile up before that pass, and malloc keeps what is freed for the process. One buffer,
// grown to the largest file, holds the case's scans with no garbage at all.
import fs from 'node:fs';
import { openRegularFile } from './regularFile.ts';

/** One buffer lent out again and again: each `take` overwrites what the last one returned. */
export class ReadBuffer {
  private buffer = Buffer.alloc(0);

  /** `size` bytes of the buffer (grown when needed), valid until the next `take`. */
  take(size: number): Buffer {
    // Grown with headroom, so that files of slowly growing sizes do not reallocate each time.
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(Math.max(size, Math.ceil(this.buffer.length * 1.5)));
    return this.buffer.subarray(0, size);
  }
}

/** Fill `into` from the open file at `position`; returns how many bytes were read (fewer only where the file ends). */
export function readAt(fd: number, into: Uint8Array, position: number): number {
  let at = 0;
  while (at < into.length) {
    const n = fs.readSync(fd, into, at, into.length - at, position + at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/**
 * The whole file, read into `into`: valid until `into` is used again. Throws as readFileSync
 * does (ENOENT, EISDIR…); EFBIG for a file larger than `maxBytes`, before reading it. A file
 * that shrinks while it is read throws too, instead of returning stale bytes from an earlier
 * file.
 */
export function readFileInto(file: string, into: ReadBuffer, maxBytes = Infinity): Buffer {
  // A pipe or device is refused unopened (a FIFO would block the read for ever); a folder is EISDIR.
  const { fd, stat } = openRegularFile(file);
  try {
    if (stat.size > maxBytes) throw Object.assign(new Error(`EFBIG: ${file} is ${stat.size} bytes, more than ${maxBytes}`), { code: 'EFBIG' });
    const bytes = into.take(stat.size);
    const read = readAt(fd, bytes, 0);
    if (read < bytes.length) throw Object.assign(new Error(`EIO: ${file} ended after ${read} of ${bytes.length} bytes`), { code: 'EIO' });
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}
