// Is an attached PDF structurally whole? A reader finds a PDF's objects through the
// cross-reference section that the last `startxref` points at. When that offset points at
// nothing of the kind, or the table's entries do not point at objects, the file is damaged:
// viewers may "repair" it by guesswork, which for a claim is not good enough — refuse it
// with a message when it arrives, rather than print a blank or wrong page later.
// Only the structure is read (the tail, the xref section, a few objects): memory and time
// stay small whatever the file's size.

import { pdfHeaderOffset } from './sniff.ts';

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

function skipWs(b: Uint8Array, at: number, max = 64): number {
  let i = at;
  while (i < b.length && i - at < max && WS.has(b[i]!)) i++;
  return i;
}

function textAt(b: Uint8Array, at: number, length: number): string {
  return Buffer.from(b.buffer, b.byteOffset + at, Math.max(0, Math.min(length, b.length - at))).toString('latin1');
}

/** Does an object header `N G obj` start at (or just after whitespace at) `offset`? */
function objectAt(b: Uint8Array, offset: number): boolean {
  if (offset <= 0 || offset >= b.length) return false;
  return /^\d+\s+\d+\s+obj\b/.test(textAt(b, skipWs(b, offset), 40));
}

/** What may not follow a PDF's last %%EOF: more PDF — an object, a cross-reference, a trailer
 *  (an incremental update cut off before its own %%EOF: the file is truncated, not padded). */
const MORE_PDF = /\d+\s+\d+\s+obj\b|\bxref\s|\btrailer\s*<<|startxref/;

/**
 * Where the PDF ends: just after its last `%%EOF`, or null when it has none or what follows
 * is more PDF (see MORE_PDF). Whitespace, NULs or other bytes after it (padding, a copy
 * tool's or a mail gateway's junk) are no part of the PDF — readers ignore them — and do not
 * make a whole file "truncated", however many there are.
 */
export function pdfEnd(bytes: Uint8Array): number | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.lastIndexOf('%%EOF');
  if (at < 0) return null;
  const end = at + 5;
  if (end < bytes.length && MORE_PDF.test(buf.toString('latin1', end))) return null;
  return end;
}

/** Why the PDF's cross-reference structure is broken, or null when it is whole. */
export function pdfXrefProblem(file: Uint8Array): string | null {
  // Junk before the header (a BOM, a blank line) shifts the whole PDF: offsets count from %PDF-.
  const bytes = file.subarray(Math.max(0, pdfHeaderOffset(file)));
  // The last startxref is the one before the %%EOF, not in whatever follows that.
  const end = pdfEnd(bytes) ?? bytes.length;
  const tailStart = Math.max(0, end - 2048);
  const tail = textAt(bytes, tailStart, end - tailStart);
  const at = tail.lastIndexOf('startxref');
  if (at < 0) return 'the PDF is damaged (no startxref: its cross-reference cannot be found)';
  const m = /^startxref\s+(\d{1,12})\s/.exec(tail.slice(at));
  if (!m) return 'the PDF is damaged (startxref gives no offset)';
  const offset = Number(m[1]);
  if (offset <= 0 || offset >= end) return 'the PDF is damaged (its cross-reference offset points outside the file)';
  const start = skipWs(bytes, offset);
  const head = textAt(bytes, start, 64);
  if (head.startsWith('xref')) {
    // A classic table: subsections "first count" then 20-byte entries "oooooooooo ggggg n".
    let pos = skipWs(bytes, start + 4);
    let checked = 0;
    for (let sub = 0; sub < 10_000; sub++) {
      const line = /^(\d+)\s+(\d+)[ \t]*\r?\n?/.exec(textAt(bytes, pos, 48));
      if (!line) break;
      const count = Number(line[2]);
      pos = skipWs(bytes, pos + line[0].length, 4);
      for (let k = 0; k < count; k++) {
        const entry = textAt(bytes, pos, 20);
        const e = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
        if (!e) return 'the PDF is damaged (its cross-reference table is broken)';
        if (e[3] === 'n' && checked < 8) {
          if (!objectAt(bytes, Number(e[1]))) return 'the PDF is damaged (its cross-reference table points at no object)';
          checked++;
        }
        pos += 20;
        if (pos > bytes.length) return 'the PDF is damaged (its cross-reference table is cut off)';
      }
      pos = skipWs(bytes, pos);
    }
    if (!textAt(bytes, pos, 16).startsWith('trailer')) return 'the PDF is damaged (no trailer after its cross-reference table)';
    if (checked === 0) return 'the PDF is damaged (its cross-reference table lists no object)';
    return null;
  }
  // A cross-reference stream (PDF 1.5+): an object whose dictionary says /Type /XRef.
  if (/^\d+\s+\d+\s+obj\b/.test(head)) {
    return /\/Type\s*\/XRef\b/.test(textAt(bytes, start, 4096)) ? null : 'the PDF is damaged (its cross-reference offset points at an object that is not a cross-reference stream)';
  }
  return 'the PDF is damaged (its cross-reference offset points at neither a table nor a stream)';
}
