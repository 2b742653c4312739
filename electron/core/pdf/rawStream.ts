// Raw streams over bytes that are shared, never copied (a scan's JPEG bytes, a copied page's
// content). writer.ts writes their contents in one piece.
import { PDFRawStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';

/** The literal dictionaries PDFContext.obj accepts (pdf-lib does not export its type). */
export type Literal = string | number | boolean | null | undefined | PDFObject | Literal[] | { [name: string]: Literal };
export type LiteralDict = { [name: string]: Literal };

/** A stream over `contents` (not copied) with the given dictionary entries. */
export function rawStream(context: PDFContext, contents: Uint8Array, entries: LiteralDict): PDFRawStream {
  return PDFRawStream.of(context.obj(entries), contents);
}
