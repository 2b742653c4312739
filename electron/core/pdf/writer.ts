// Serialize the document: into one Uint8Array (buildPackage) or straight into a file
// (writePackage), with the same bytes either way.
//
// Hand-written hot path, replacing PDFDocument.save(): pdf-lib sizes the whole file, allocates
// it, and copies every stream's contents into it one byte at a time in JavaScript (the scans
// are ~99% of the bytes). Here large stream contents are handed to the sink as they are —
// memcpy'd once into the result, or written to the file without ever being copied — and only
// the small objects go through pdf-lib's own serialization. The layout (header, `n 0 obj`
// … `endobj`, classic xref table, trailer) is the one PDFWriter produces.
import { dirname } from 'node:path';
import { syncDirectory } from '../files/atomicWrite.ts';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  PDFCrossRefSection, PDFName, PDFNumber, PDFRawStream, PDFTrailer, PDFTrailerDict,
  type PDFDocument, type PDFObject,
} from '@cantoo/pdf-lib';

interface Sink {
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
    this.sink.write(this.buf.slice(0, this.used));
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

  ascii(s: string): void {
    this.bytes(ASCII.encode(s));
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

async function serialize(doc: PDFDocument, sink: Sink): Promise<void> {
  await doc.flush(); // fonts are subset and embedded here
  const context = doc.context;
  const w = new Writer(sink);
  w.object(context.header);
  w.ascii('\n\n');
  const xref = PDFCrossRefSection.create();
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    xref.addEntry(ref, w.offset);
    w.ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    if (obj instanceof PDFRawStream) {
      obj.dict.set(PDFName.Length, PDFNumber.of(obj.contents.length));
      w.object(obj.dict);
      w.bytes(STREAM);
      w.bytes(obj.contents);
      w.bytes(ENDSTREAM_ENDOBJ);
    } else {
      w.object(obj as PDFObject);
      w.ascii('\nendobj\n\n');
    }
  }
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

/** The whole file in memory. */
export async function serializeToBytes(doc: PDFDocument): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await serialize(doc, { write: (b) => { chunks.push(b); size += b.length; } });
  return Buffer.concat(chunks, size);
}

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

/** Straight into `file` (via a temporary file in the same folder, renamed when complete and synced). */
export async function serializeToFile(doc: PDFDocument, file: string): Promise<WrittenFile> {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  let open = true;
  try {
    await serialize(doc, {
      write: (b) => {
        hash.update(b);
        bytes += b.length;
        let done = 0;
        while (done < b.length) done += writeSync(fd, b, done, b.length - done);
      },
    });
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(temp, file);
  } catch (err) {
    if (open) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  syncDirectory(dirname(file));
  return { bytes, sha256: hash.digest('hex') };
}
