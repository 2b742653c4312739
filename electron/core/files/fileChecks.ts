// What the app accepts as an attachment: JPEG, PNG or PDF, recognised by content (never
// by name), structurally whole, and (a PDF) readable without a password — a truncated or
// locked scan is refused when it arrives, with a message, rather than when the package is
// built. checkAttachment is that one check, for every way a scan comes in (attachments.add,
// `claimdesk import` of a case file) and for `claimdesk check`, which says what package would.
import { sniffMime, type SniffedMime } from './sniff.ts';
import { pdfEnd, pdfXrefProblem } from './pdfStructure.ts';
import { ImageFormatError, jpegEnd, parseJpeg } from '../pdf/images/jpeg.ts';
import { parsePng, pngEnd, verifyPngRows } from '../pdf/images/png.ts';

export type AttachmentMime = SniffedMime;

export type FileCheck = { ok: true; mime: AttachmentMime } | { ok: false; reason: string };

/** Largest attachment accepted (a 600 dpi A4 colour scan is well under this). */
export const MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024;

export function checkAttachmentBytes(bytes: Uint8Array): FileCheck {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: `the file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` };
  const mime = sniffMime(bytes);
  if (!mime) return { ok: false, reason: 'not a JPEG, PNG or PDF file' };
  // Whole by the format's own structure — the JPEG's end-of-image marker after its last scan,
  // the PNG's IEND chunk, the PDF's last %%EOF — never by a window at the end of the file:
  // a whole picture may be followed by any number of bytes (a phone's motion photo appends
  // an MP4 of megabytes), and those make it neither truncated nor damaged.
  if (mime === 'image/jpeg' && jpegEnd(bytes) === null) return { ok: false, reason: 'the JPEG is truncated or damaged (no end-of-image marker)' };
  if (mime === 'image/png' && pngEnd(bytes) === null) return { ok: false, reason: 'the PNG is truncated or damaged (no IEND chunk)' };
  if (mime === 'application/pdf' && pdfEnd(bytes) === null) return { ok: false, reason: 'the PDF is truncated or damaged (no %%EOF)' };
  const xref = mime === 'application/pdf' ? pdfXrefProblem(bytes) : null;
  if (xref) return { ok: false, reason: xref };
  return { ok: true, mime };
}

/**
 * checkAttachmentBytes, and what the package builder will ask of the file: a JPEG's markers
 * and the structure of its image data as the builder checks them (parseJpeg: a scan cut short
 * and closed with FF D9, or with junk over its middle, an unsupported 12-bit JPEG), a PNG's
 * chunks and checksums (parsePng), and a PDF must open without a password (pdfPasswordProblem).
 * So `check` never calls complete a case `package` refuses, and a scan is refused when it
 * arrives. A PNG's compressed rows are checked here only, inflated on the thread pool into
 * nothing (verifyPngRows: a broken deflate stream, rows missing, an unknown row filter): the
 * builder passes them through as checked here (the store hands back these very bytes; the
 * CLI's package looks at every scan with this before it builds). The PDF code is loaded only for a
 * PDF that names /Encrypt, the only kind pdfPasswordProblem opens: `claimdesk check` of JPEG
 * scans loads none. (Bundles keep checkAttachmentBytes alone: what the app stored before must
 * still come back.)
 */
export async function checkAttachment(bytes: Uint8Array): Promise<FileCheck> {
  const checked = checkAttachmentBytes(bytes);
  try {
    if (checked.ok && checked.mime === 'image/jpeg') parseJpeg(bytes);
    if (checked.ok && checked.mime === 'image/png') await verifyPngRows(parsePng(bytes));
  } catch (err) {
    if (err instanceof ImageFormatError) return { ok: false, reason: err.message };
    throw err;
  }
  if (!checked.ok || checked.mime !== 'application/pdf') return checked;
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('/Encrypt') < 0) return checked;
  const { pdfPasswordProblem } = await import('../pdf/pdfImport.ts');
  const locked = await pdfPasswordProblem(bytes);
  return locked ? { ok: false, reason: locked } : checked;
}
