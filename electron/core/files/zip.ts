// Zip files in and out (case bundles and backups), on yazl/yauzl, with the guards a file
// from another machine needs:
// - reading: at most `maxEntries` entries and `maxTotalBytes` declared uncompressed bytes
//   (checked from the central directory before anything is inflated), each entry's actual
//   size must equal its declared size (yauzl's validateEntrySizes: a zip bomb that lies
//   about its sizes stops at the declared size), only stored/deflated unencrypted entries,
//   and every name a plain relative path (no absolute paths, drive letters, backslashes,
//   `.` or `..` segments, control characters or duplicates). Memory stays bounded:
//   entries are streamed; `readBuffer` is for entries whose size the caller caps.
// - writing: to a temporary name in the target's folder, fsync, rename (never a
//   half-written file under the final name).
import { syncDirectory, tempPathBeside, throughLinks } from './atomicWrite.ts';
import { onInterrupt } from './interrupt.ts';
import { unreadableReason } from './fileErrors.ts';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { PassThrough, Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/**
 * A file source of writeZipAtomic that could not be read to the end, or whose bytes no longer
 * hash to what was expected: `entry` is the entry it was to become, `cause` the system's error
 * (undefined for a hash mismatch). The caller, who knows whose file it is, says it in the
 * user's names.
 */
export class ZipSourceError extends ZipError {
  constructor(readonly entry: string, readonly file: string, override readonly cause: unknown) {
    super(cause === undefined
      ? `stored file ${entry} no longer matches its SHA-256: run claimdesk verify`
      : `stored file ${entry} cannot be read: ${unreadableReason(cause, file)}`);
    this.name = 'ZipSourceError';
  }
}

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Largest single entry, uncompressed. */
  maxEntryBytes: number;
}

export interface ZipEntryInfo {
  name: string;
  size: number;
  compressedSize: number;
}

/** Why an entry name is unsafe, or null when it is a plain relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.length > 512) return 'a name longer than 512 characters';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character';
  if (name.includes('\\')) return 'a backslash';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name) || name.includes(':')) return 'a drive letter or colon';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'an empty, "." or ".." path segment';
  return null;
}

/**
 * A stream writing to `fd` that never closes it: the caller fsyncs and closes it. Not
 * fs.createWriteStream('', { fd, autoClose: false }): that closes the descriptor when it is
 * destroyed — pipeline destroys it on any error (a source that cannot be read) — and the
 * caller's own close then came second: one of the two closed whatever file had been given
 * the same number in between (the next export's output, a database).
 */
function fdWriter(fd: number): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const from = (offset: number): void => {
        if (offset === chunk.length) return done();
        fs.write(fd, chunk, offset, chunk.length - offset, null, (err, written) => (err ? done(err) : from(offset + written)));
      };
      from(0);
    },
  });
}

export class ZipReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, { info: ZipEntryInfo; entry: yauzl.Entry }>,
    readonly label: string,
  ) {}

  /** Open a zip file (path) or bytes, and check its central directory against `limits`. */
  static async open(source: string | Buffer, limits: ZipLimits, label = typeof source === 'string' ? source : 'the file'): Promise<ZipReader> {
    const options: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true };
    let zip: yauzl.ZipFile;
    try {
      if (typeof source === 'string') {
        const stat = fs.statSync(source);
        if (!stat.isFile()) throw new ZipError(`${label} is not a file`);
        if (stat.size === 0) throw new ZipError(`${label} is empty (0 bytes)`);
        zip = await yauzl.openPromise(source, options);
      } else {
        if (source.length === 0) throw new ZipError(`${label} is empty (0 bytes)`);
        zip = await yauzl.fromBufferPromise(source, options);
      }
    } catch (err) {
      if (err instanceof ZipError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new ZipError(`${label}: no such file`);
      // The system refused the file (no permission, a disk error…): said in words, not taken
      // for a damaged zip. yauzl's own complaints about the bytes carry no code.
      if (code !== undefined && /^E[A-Z]+$/.test(code)) throw new ZipError(`${label}: ${unreadableReason(err)}`);
      throw new ZipError(`${label} is not a zip file, or it is damaged or truncated (${(err as Error).message})`);
    }
    const byName = new Map<string, { info: ZipEntryInfo; entry: yauzl.Entry }>();
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw new ZipError(`${label} has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted`);
      }
      let total = 0;
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName;
        const unsafe = unsafeEntryName(name);
        if (unsafe) throw new ZipError(`${label}: entry ${JSON.stringify(name.slice(0, 200))} has ${unsafe}`);
        if (name.endsWith('/')) continue; // a folder entry carries no data
        if (entry.isEncrypted()) throw new ZipError(`${label}: entry ${name} is encrypted`);
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          throw new ZipError(`${label}: entry ${name} uses an unsupported compression method (${entry.compressionMethod})`);
        }
        if (byName.has(name)) throw new ZipError(`${label}: entry ${name} appears twice`);
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          throw new ZipError(`${label}: entry ${name} is ${entry.uncompressedSize} bytes uncompressed; at most ${limits.maxEntryBytes} are accepted`);
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) {
          throw new ZipError(`${label} holds more than ${limits.maxTotalBytes} bytes uncompressed; refused (a zip bomb?)`);
        }
        byName.set(name, { info: { name, size: entry.uncompressedSize, compressedSize: entry.compressedSize }, entry });
      }
    } catch (err) {
      zip.close();
      if (err instanceof ZipError) throw err;
      throw new ZipError(`${label} is damaged (${(err as Error).message})`);
    }
    return new ZipReader(zip, byName, label);
  }

  get entries(): ZipEntryInfo[] {
    return [...this.byName.values()].map((e) => e.info);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  size(name: string): number | undefined {
    return this.byName.get(name)?.info.size;
  }

  /** A stream of one entry's bytes; errors when the data does not match the declared size. */
  async stream(name: string): Promise<Readable> {
    const found = this.byName.get(name);
    if (!found) throw new ZipError(`${this.label}: entry ${name} is missing`);
    try {
      return await this.zip.openReadStreamPromise(found.entry);
    } catch (err) {
      throw new ZipError(`${this.label}: entry ${name} cannot be read (${(err as Error).message})`);
    }
  }

  /** One entry's bytes (declared size at most `maxBytes`) and their SHA-256. */
  async readBuffer(name: string, maxBytes: number): Promise<{ bytes: Buffer; sha256: string }> {
    const size = this.size(name);
    if (size === undefined) throw new ZipError(`${this.label}: entry ${name} is missing`);
    if (size > maxBytes) throw new ZipError(`${this.label}: entry ${name} is ${size} bytes; at most ${maxBytes} are accepted here`);
    const chunks: Buffer[] = [];
    const hash = crypto.createHash('sha256');
    let got = 0;
    try {
      for await (const chunk of await this.stream(name)) {
        const b = chunk as Buffer;
        got += b.length;
        if (got > size) throw new ZipError(`${this.label}: entry ${name} is longer than declared`);
        hash.update(b);
        chunks.push(b);
      }
    } catch (err) {
      if (err instanceof ZipError) throw err;
      throw new ZipError(`${this.label}: entry ${name} is damaged or truncated (${(err as Error).message})`);
    }
    if (got !== size) throw new ZipError(`${this.label}: entry ${name} is truncated`);
    return { bytes: Buffer.concat(chunks, got), sha256: hash.digest('hex') };
  }

  /**
   * Copy one entry to `target` through a temporary file (fsynced, renamed) and return its
   * SHA-256; `accept` sees the hash before the rename and may refuse (throw).
   */
  async extractTo(name: string, target: string, accept: (sha256: string, bytes: number) => void = () => {}): Promise<{ sha256: string; bytes: number }> {
    const size = this.size(name);
    if (size === undefined) throw new ZipError(`${this.label}: entry ${name} is missing`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = tempPathBeside(target);
    const hash = crypto.createHash('sha256');
    let got = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        got += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        await pipeline(await this.stream(name), tap, fdWriter(fd));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      if (err instanceof ZipError) throw err;
      throw new ZipError(`${this.label}: entry ${name} is damaged or truncated (${(err as Error).message})`);
    }
    try {
      if (got !== size) throw new ZipError(`${this.label}: entry ${name} is truncated`);
      const sha256 = hash.digest('hex');
      accept(sha256, got);
      fs.renameSync(tmp, target);
      return { sha256, bytes: got };
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  close(): void {
    this.zip.close();
  }
}

export type ZipSource =
  | { name: string; bytes: Buffer; compress?: boolean }
  /** A file on disk, streamed; `expectSha256` is checked while it is copied. */
  | { name: string; file: string; compress?: boolean; expectSha256?: string };

/**
 * Write a zip file atomically: temporary name, fsync, rename. A file source whose bytes
 * do not hash to `expectSha256` fails the whole write, and nothing appears at `target`.
 *
 * Entries are written one after another, and `sources` is pulled lazily: the next source
 * is taken only when the one before it starts to be written, so a generator holds at most
 * two entries' bytes at a time. yazl's addBuffer deflates every buffer the moment it is
 * added — one zlib context (~230 KB) plus the compressed copy per entry, all alive until
 * the end — which made an export of 10,000 cases peak at 2.3 GB; here every entry is a
 * lazy stream, compressed by one deflater at a time, with the output's backpressure.
 */
export async function writeZipAtomic(out: string, sources: Iterable<ZipSource>, mtime = new Date()): Promise<{ bytes: number; sha256: string }> {
  const target = throughLinks(out);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = tempPathBeside(target);
  // The output first: a folder that cannot be written (EACCES, EROFS, full) fails here, before
  // any source is queued — a zip left with queued reads and no reader emitted an 'error' no one
  // listened to, and took the process (the web host's automatic backup) down with it.
  const fd = fs.openSync(tmp, 'wx', 0o600);
  let open = true;
  const undo = onInterrupt(() => fs.rmSync(tmp, { force: true }));
  try {
    const zip = new yazl.ZipFile();
    // yazl reports a source's read error on the zip file: end the output with it.
    zip.on('error', (err: Error) => (zip.outputStream as unknown as Readable).destroy(err));
    const mismatches: { name: string; file: string }[] = [];
    const input = (s: ZipSource): Readable => {
      if ('bytes' in s) return new PassThrough().end(s.bytes);
      const { file, expectSha256, name } = s;
      const stream = fs.createReadStream(file);
      // Said as whose entry it was (a stored scan deleted or damaged while the zip is written),
      // not as the bare ENOENT of a path the user never chose.
      stream.on('error', (err) => zip.emit('error', new ZipSourceError(name, file, err)));
      if (!expectSha256) return stream;
      const hash = crypto.createHash('sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); },
        flush(done) {
          if (hash.digest('hex') !== expectSha256) mismatches.push({ name, file });
          done();
        },
      });
      return stream.pipe(tap);
    };
    const pending = sources[Symbol.iterator]();
    /** Queue the next source (or end the zip): called when the entry before it starts. */
    const queueNext = (): void => {
      const next = pending.next();
      if (next.done) { zip.end(); return; }
      const s = next.value;
      const unsafe = unsafeEntryName(s.name);
      if (unsafe) throw new ZipError(`cannot write entry ${s.name}: it has ${unsafe}`);
      const compress = s.compress ?? ('bytes' in s);
      // yazl asks for an entry's stream only when every entry before it is written.
      zip.addReadStreamLazy(s.name, { compress, mtime, ...('bytes' in s ? { size: s.bytes.length } : {}) }, (cb) => {
        try {
          queueNext();
        } catch (err) {
          return cb(err, undefined as unknown as Readable);
        }
        cb(null, input(s));
      });
    };
    queueNext();
    const fileHash = crypto.createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) { bytes += chunk.length; fileHash.update(chunk); done(null, chunk); },
    });
    await pipeline(zip.outputStream as unknown as Readable, tap, fdWriter(fd));
    fs.fsyncSync(fd);
    open = false;
    fs.closeSync(fd);
    if (mismatches.length) throw new ZipSourceError(mismatches[0]!.name, mismatches[0]!.file, undefined);
    fs.renameSync(tmp, target);
    syncDirectory(dir);
    return { bytes, sha256: fileHash.digest('hex') };
  } catch (err) {
    if (open) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    undo();
  }
}
