// What a file is, by its first bytes (never its name or declared type): the one rule for the
// import's checks (files/fileChecks.ts) and the package builder
// (pdf/attachments.ts), so that what one accepts the other does too.

export type SniffedMime = 'image/jpeg' | 'image/png' | 'application/pdf';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** How far into a PDF its `%PDF-` header may sit: readers allow junk (a UTF-8 BOM, a blank
 *  line) before it within the first 1024 bytes, as the PDF specification does (ISO 32000-1
 *  annex H, implementation note 13); poppler and qpdf open such files. */
export const PDF_HEADER_WINDOW = 1024;

/** Where a PDF's `%PDF-` header starts within the first 1024 bytes, or -1. Byte offsets
 *  inside the PDF (startxref, the cross-reference entries) count from there, as readers take them. */
export function pdfHeaderOffset(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW)).indexOf('%PDF-');
}

/** JPEG (FF D8 FF), PNG (its 8-byte signature) or PDF (`%PDF-` in the first 1024 bytes). */
export function sniffMime(bytes: Uint8Array): SniffedMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (pdfHeaderOffset(bytes) >= 0) return 'application/pdf';
  return null;
}
