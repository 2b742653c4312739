// Serialize the document: into one Uint8Array (buildPackage) or straight into a file
// (writePackage), with the same bytes either way — while it is composed: the attachments'
// objects are written as soon as each file is read (DocumentWriter.spill).
//
// Hand-written hot path, replacing PDFDocument.save(): pdf-lib sizes the whole file, allocates
// it, and copies every stream's contents into it one byte at a time in JavaScript (the scans
// are ~99% of the bytes). Here large stream contents are handed to the sink as they are —
// memcpy'd once into the result, or written to the file without ever being copied — and only
// the small objects go through pdf-lib's own serialization. The layout (header, `n 0 obj`
// … `endobj`, classic xref table, trailer) is the one PDFWriter produces.
import { dirname } from 'node:path';
import { syncDirectory, tempPathBeside, throughLinks } from '../files/atomicWrite.ts';
import { onInterrupt } from '../files/interrupt.ts';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  PDFCrossRefSection, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFTrailer, PDFTrailerDict,
  type PDFDocument, type PDFObject,
} from '@cantoo/pdf-lib';
import { PartsStream } from './rawStream.ts';

interface Sink {
  /** `bytes` are valid during the call only (the staging buffer, a reused read buffer): a sink that keeps them copies them. */
  write(bytes: Uint8Array): void;
}

const STAGING = 64 * 1024;
const ASCII = new TextEncoder();
const STREAM = ASCII.encode('\nstream\n');
const ENDSTREAM_ENDOBJ = ASCII.encode('\nendstream\nendobj\n\n');

/** Buffers small pieces; passes big ones through untouched. Tracks the offset. */
class Writer {
  offset = 0;
  private buf = new Uint8Array(STAGING);
  private used = 0;

  constructor(private readonly sink: Sink) {}

  private flush(): void {
    if (this.used === 0) return;
    this.sink.write(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  bytes(b: Uint8Array): void {
    if (b.length >= STAGING / 4) {
      this.flush();
      this.sink.write(b);
    } else {
      if (this.used + b.length > STAGING) this.flush();
      this.buf.set(b, this.used);
      this.used += b.length;
    }
    this.offset += b.length;
  }

  /** A short ASCII string (`12 0 obj`, `endobj`…), copied into the staging buffer as it is: no encoder, no array per call. */
  ascii(s: string): void {
    if (s.length > STAGING / 4) {
      this.bytes(ASCII.encode(s));
      return;
    }
    if (this.used + s.length > STAGING) this.flush();
    for (let i = 0; i < s.length; i++) this.buf[this.used + i] = s.charCodeAt(i);
    this.used += s.length;
    this.offset += s.length;
  }

  /** An object through pdf-lib's own serialization. */
  object(obj: { sizeInBytes(): number; copyBytesInto(buffer: Uint8Array, offset: number): number }): void {
    const size = obj.sizeInBytes();
    if (size > STAGING - this.used) this.flush();
    if (size <= STAGING) {
      const n = obj.copyBytesInto(this.buf, this.used);
      this.used += n;
      this.offset += n;
    } else {
      const b = new Uint8Array(size);
      obj.copyBytesInto(b, 0);
      this.bytes(b);
    }
  }

  end(): void {
    this.flush();
  }
}

/**
 * Writes a document object by object, in two steps: `spill` writes objects as soon as they
 * are final and drops them from the document, so that a scan's bytes can be let go before the
 * next file is read; `finish` writes everything else, then the cross-reference table (offsets
 * in any order are fine for it) and the trailer. The order of the objects in the file follows
 * the order of the calls, so the same input gives the same bytes.
 */
export class DocumentWriter {
  private readonly w: Writer;
  private readonly offsets = new Map<number, { ref: PDFRef; offset: number }>();

  constructor(private readonly doc: PDFDocument, sink: Sink) {
    this.w = new Writer(sink);
    this.w.object(doc.context.header);
    this.w.ascii('\n\n');
  }

  private write(ref: PDFRef, obj: PDFObject): void {
    const w = this.w;
    this.offsets.set(ref.objectNumber, { ref, offset: w.offset });
    w.ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    if (obj instanceof PDFRawStream || obj instanceof PartsStream) {
      const parts = obj instanceof PartsStream ? obj.parts : [obj.contents];
      obj.dict.set(PDFName.Length, PDFNumber.of(obj.getContentsSize()));
      w.object(obj.dict);
      w.bytes(STREAM);
      for (const part of parts) w.bytes(part);
      w.bytes(ENDSTREAM_ENDOBJ);
    } else {
      w.object(obj);
      w.ascii('\nendobj\n\n');
    }
  }

  /**
   * Write the objects numbered after `since` that exist now, and remove them from the
   * document. Objects assigned by work that finishes later (`later`: streams being deflated
   * on the thread pool) stay for `finish` whether or not they are done yet, so that the order
   * never depends on timing. Only for objects nothing will change any more.
   */
  spill(since: number, later: { has(ref: PDFRef): boolean }): void {
    const context = this.doc.context;
    for (let n = since + 1; n <= context.largestObjectNumber; n++) {
      const ref = PDFRef.of(n);
      if (later.has(ref)) continue;
      const obj = context.lookup(ref);
      if (obj === undefined) continue;
      this.write(ref, obj);
      context.delete(ref);
    }
  }

  async finish(): Promise<void> {
    const { doc, w } = this;
    await doc.flush(); // pdf-lib's own embedders, if any, run here
    const context = doc.context;
    for (const [ref, obj] of context.enumerateIndirectObjects()) this.write(ref, obj);
    const xref = PDFCrossRefSection.create();
    for (const { ref, offset } of [...this.offsets.values()].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber)) xref.addEntry(ref, offset);
    const xrefOffset = w.offset;
    w.object(xref);
    w.ascii('\n');
    const trailerDict = PDFTrailerDict.of(context.obj({
      Size: context.largestObjectNumber + 1,
      Root: context.trailerInfo.Root,
      Encrypt: context.trailerInfo.Encrypt,
      Info: context.trailerInfo.Info,
      ID: context.trailerInfo.ID,
    }));
    w.object(trailerDict);
    w.ascii('\n\n');
    w.object(PDFTrailer.forLastCrossRefSectionOffset(xrefOffset));
    w.end();
  }
}

/** An array that bytes are appended to, grown by doubling; `sizeHint` avoids growing at all. */
class GrowingBytes {
  private buf: Buffer;
  size = 0;

  constructor(sizeHint: number) {
    // Not zero-filled (~5 ms for a 30 MB package): only the bytes appended are ever handed out.
    this.buf = Buffer.allocUnsafeSlow(Math.max(sizeHint, STAGING));
  }

  append(b: Uint8Array): void {
    if (this.size + b.length > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.size + b.length, 2 * this.buf.length));
      bigger.set(this.buf.subarray(0, this.size));
      this.buf = bigger;
    }
    this.buf.set(b, this.size);
    this.size += b.length;
  }

  /** The bytes appended: a view when the estimate was close, else a copy that lets the slack go. */
  bytes(): Uint8Array {
    if (this.buf.length - this.size > 1024 * 1024) {
      const copy = Buffer.allocUnsafeSlow(this.size);
      copy.set(this.buf.subarray(0, this.size));
      return copy;
    }
    // The slack stays reachable through the view's buffer: zero it, it was never written.
    this.buf.fill(0, this.size);
    return this.buf.subarray(0, this.size);
  }
}

/**
 * Compose and write the document into memory: the whole file as one array, each piece copied
 * into it once as it is written. `sizeHint`: the expected size (the attachments' bytes and a
 * margin), so that the array is allocated once.
 */
export async function writeToBytes<T>(doc: PDFDocument, sizeHint: number, compose: (writer: DocumentWriter) => Promise<T>): Promise<{ value: T; bytes: Uint8Array }> {
  const out = new GrowingBytes(sizeHint);
  const writer = new DocumentWriter(doc, { write: (b) => out.append(b) });
  const value = await compose(writer);
  await writer.finish();
  return { value, bytes: out.bytes() };
}

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

/**
 * Compose and write the document straight into `file`: into a temporary file in the same
 * folder as it is composed, synced and renamed when complete. A failure removes the
 * temporary file and leaves `file` as it was.
 *
 * `staged`: the temporary file was made by the caller (a batch's main thread: batch/staging.ts),
 * which removes it on a signal and renames it once the job is reported. It is only written
 * here (opened without O_CREAT: removed by an interrupt before this opens it, it is not made
 * again behind the caller's back), synced and closed, never renamed; a failure still removes
 * it. A worker thread cannot undo its own file on a signal (process.on('SIGINT') in a worker
 * never hears one), so a batch's files are the main thread's to track.
 */
export async function writeToFile<T>(doc: PDFDocument, out: string, compose: (writer: DocumentWriter) => Promise<T>, staged?: string): Promise<{ value: T } & WrittenFile> {
  const file = throughLinks(out);
  const temp = staged ?? tempPathBeside(file);
  const fd = openSync(temp, staged === undefined ? 'w' : 'r+');
  const undo = staged === undefined ? onInterrupt(() => rmSync(temp, { force: true })) : () => {};
  const hash = createHash('sha256');
  let bytes = 0;
  let open = true;
  let value: T;
  try {
    const writer = new DocumentWriter(doc, {
      write: (b) => {
        hash.update(b);
        bytes += b.length;
        let done = 0;
        while (done < b.length) done += writeSync(fd, b, done, b.length - done);
      },
    });
    value = await compose(writer);
    await writer.finish();
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    if (staged === undefined) renameSync(temp, file);
  } catch (err) {
    if (open) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  } finally {
    undo();
  }
  if (staged === undefined) syncDirectory(dirname(file));
  return { value, bytes, sha256: hash.digest('hex') };
}
