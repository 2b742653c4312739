// Streams whose bytes are written with one Uint8Array.set instead of pdf-lib's byte loop.
//
// Hand-written hot path: PDFStream.copyBytesInto copies a stream's contents one byte at a
// time in JavaScript; for ~25 MB of scans that is most of save(). Copying with
// Uint8Array.prototype.set halves the save (see /work/shared/ENVIRONMENT.md). The stream's
// bytes are shared, never copied, when the stream is created.
import { PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';

/** The literal dictionaries PDFContext.obj accepts (pdf-lib does not export its type). */
export type Literal = string | number | boolean | null | undefined | PDFObject | Literal[] | { [name: string]: Literal };
export type LiteralDict = { [name: string]: Literal };

const STREAM = new TextEncoder().encode('\nstream\n');
const ENDSTREAM = new TextEncoder().encode('\nendstream');

function fastCopyBytesInto(this: PDFRawStream, buffer: Uint8Array, offset: number): number {
  const initialOffset = offset;
  const contents = this.getContents();
  this.dict.set(PDFName.Length, PDFNumber.of(contents.length));
  offset += this.dict.copyBytesInto(buffer, offset);
  buffer.set(STREAM, offset);
  offset += STREAM.length;
  buffer.set(contents, offset);
  offset += contents.length;
  buffer.set(ENDSTREAM, offset);
  offset += ENDSTREAM.length;
  return offset - initialOffset;
}

/** Make an existing raw stream write itself with one memory copy. */
export function speedUp(stream: PDFRawStream): PDFRawStream {
  stream.copyBytesInto = fastCopyBytesInto;
  return stream;
}

/** A stream over `contents` (not copied) with the given dictionary entries. */
export function rawStream(context: PDFContext, contents: Uint8Array, entries: LiteralDict): PDFRawStream {
  return speedUp(PDFRawStream.of(context.obj(entries), contents));
}
