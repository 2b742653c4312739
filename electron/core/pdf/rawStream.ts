// Raw streams over bytes that are shared, never copied (a scan's JPEG bytes, a copied page's
// content, a PNG's IDAT chunks). writer.ts writes their contents as they are.
import { PDFRawStream, PDFStream, arrayAsString, type PDFContext, type PDFDict, type PDFObject } from '@cantoo/pdf-lib';

/** The literal dictionaries PDFContext.obj accepts (pdf-lib does not export its type). */
export type Literal = string | number | boolean | null | undefined | PDFObject | Literal[] | { [name: string]: Literal };
export type LiteralDict = { [name: string]: Literal };

/** A stream over `contents` (not copied) with the given dictionary entries. */
export function rawStream(context: PDFContext, contents: Uint8Array, entries: LiteralDict): PDFRawStream {
  return PDFRawStream.of(context.obj(entries), contents);
}

/**
 * A stream whose contents are several pieces, one after the other, never joined in memory:
 * a PNG's IDAT chunks (a scanner writes a 3 MB scan as ~100 of them), which together are the
 * zlib stream PDF reads. writer.ts writes the pieces in turn; pdf-lib's own methods see the
 * pieces joined, should anything ask for them.
 */
export class PartsStream extends PDFStream {
  readonly size: number;

  constructor(dict: PDFDict, readonly parts: readonly Uint8Array[]) {
    super(dict);
    this.size = parts.reduce((n, p) => n + p.length, 0);
  }

  private joined(): Uint8Array {
    return Buffer.concat(this.parts);
  }

  override clone(context?: PDFContext): PartsStream {
    return new PartsStream(this.dict.clone(context), this.parts.map((p) => p.slice()));
  }

  override getContentsString(): string {
    return arrayAsString(this.joined());
  }

  override getContents(): Uint8Array {
    return this.joined();
  }

  override getContentsSize(): number {
    return this.size;
  }
}

/** A stream over `parts`, written one after the other (a single part: a plain raw stream). */
export function partsStream(context: PDFContext, parts: readonly Uint8Array[], entries: LiteralDict): PDFRawStream | PartsStream {
  return parts.length === 1 ? rawStream(context, parts[0]!, entries) : new PartsStream(context.obj(entries), parts);
}
