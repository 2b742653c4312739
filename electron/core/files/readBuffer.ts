// Reading many files one after another into one buffer.
//
// Why: a package reads its scans one at a time and writes each out before reading the next.
// With a fresh buffer per file (readFileSync), every scan read leaves a dead buffer that only
// the garbage collector's next full pass frees; V8 lets tens of MB of such external memory
// pile up before that pass, and malloc keeps what is freed for the process. One buffer,
// grown to the largest file, holds the case's scans with no garbage at all.
import fs from 'node:fs';

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

/**
 * The whole file, read into `into`: valid until `into` is used again. Throws as readFileSync
 * does (ENOENT, EISDIR…); EFBIG for a file larger than `maxBytes`, before reading it. A file
 * that shrinks while it is read throws too, instead of returning stale bytes from an earlier
 * file.
 */
export function readFileInto(file: string, into: ReadBuffer, maxBytes = Infinity): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`EISDIR: not a file, read '${file}'`), { code: 'EISDIR' });
    if (stat.size > maxBytes) throw Object.assign(new Error(`EFBIG: ${file} is ${stat.size} bytes, more than ${maxBytes}`), { code: 'EFBIG' });
    const bytes = into.take(stat.size);
    for (let at = 0; at < bytes.length;) {
      const n = fs.readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) throw Object.assign(new Error(`EIO: ${file} ended after ${at} of ${bytes.length} bytes`), { code: 'EIO' });
      at += n;
    }
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}
