// Pages of an attached PDF as Form XObjects, so that each can be scaled into the package's
// page below the small header instead of being covered by it.
//
// A page with one content stream keeps its (compressed) bytes as they are; several streams
// are joined into one. Annotations and form fields of the attachment are not carried over as
// such (the package is for printing): what they show is drawn on top of the page
// (annotations.ts), in a form that draws the page and then each appearance.
import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, ParseSpeeds,
  type PDFDict, type PDFObject,
} from '@cantoo/pdf-lib';
import { pageAppearances, type Appearance } from './annotations.ts';
import { ObjectCopier } from './copier.ts';
import { matrixOp } from './geometry.ts';
import { copiedOptionalContent, type OptionalContent } from './optionalContent.ts';
import { rawStream, type LiteralDict } from './rawStream.ts';

/**
 * Why an attached PDF cannot go in, in words a clerk can act on. What the PDF library threw is
 * kept as the `cause` for a developer, never put in the message ("….traverse is not a
 * function" says nothing to the person holding the file).
 */
export class PdfInputError extends Error {
  constructor(message: string, readonly encrypted = false, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

export interface ImportedPage {
  /** The Form XObject drawing the page's visible box. */
  ref: PDFRef;
  /** The visible box (CropBox within MediaBox) in the page's own space. */
  box: { x: number; y: number; width: number; height: number };
  /** /Rotate, clockwise, a multiple of 90. */
  rotate: number;
}

function isFlateOnly(dict: PDFDict): boolean {
  const filter = dict.get(PDFName.of('Filter'));
  const parms = dict.get(PDFName.of('DecodeParms'));
  if (parms !== undefined) return false;
  if (filter === PDFName.of('FlateDecode')) return true;
  return filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === PDFName.of('FlateDecode');
}

function decoded(stream: PDFRawStream): Uint8Array {
  if (stream.dict.get(PDFName.of('Filter')) === undefined) return stream.contents;
  if (isFlateOnly(stream.dict)) return inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

/** A whole PDF ends with `startxref` … `%%EOF`; a cut-off download does not (pdf-lib would recover what it can). */
function checkComplete(bytes: Uint8Array): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startxref = buf.lastIndexOf('startxref');
  if (startxref < 0 || buf.lastIndexOf('%%EOF') < startxref) throw new PdfInputError('broken PDF: truncated (no end-of-file marker after the last cross-reference)');
}

/**
 * An encrypted PDF that opens without a password — only an owner password restricts what
 * may be done with it, as with many e-invoices — is read decrypted, as every viewer opens it
 * (the empty user password). One that needs a password to open is refused.
 */
async function decrypted(bytes: Uint8Array): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, password: '' });
  } catch (err) {
    if (/needs password|incorrect password/i.test((err as Error).message)) {
      throw new PdfInputError('the PDF needs a password to open; save an unprotected copy first', true);
    }
    throw new PdfInputError('broken PDF: its encryption cannot be read', true, err);
  }
  if (doc.isEncrypted) throw new PdfInputError('the PDF is encrypted in a way that cannot be read; save an unprotected copy first', true);
  return doc;
}

/**
 * Why this PDF will not go into a package for want of a password, or null: checked when a
 * scan is added, so that it is redone while the claimant is still there, not found when the
 * package is built. Only an encrypted PDF (its trailer names /Encrypt) is opened.
 */
export async function pdfPasswordProblem(bytes: Uint8Array): Promise<string | null> {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('/Encrypt') < 0) return null;
  try {
    await decrypted(bytes);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The PDF's pages copied into `dest`, and its optional content (layers) that they use, for
 * the package's catalog (optionalContent.ts): without it, layers the source hides would print.
 */
export async function importPdfPages(dest: PDFDocument, bytes: Uint8Array): Promise<{ pages: ImportedPage[]; optionalContent: OptionalContent }> {
  checkComplete(bytes);
  let src: PDFDocument;
  try {
    src = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ignoreEncryption: true });
  } catch (err) {
    throw new PdfInputError('broken PDF: its structure is damaged and cannot be read', false, err);
  }
  if (src.isEncrypted) src = await decrypted(bytes);
  let pages;
  try {
    pages = src.getPages();
  } catch (err) {
    throw new PdfInputError('broken PDF: its page tree (the list of its pages) is damaged', false, err);
  }
  if (pages.length === 0) throw new PdfInputError('broken PDF: no pages');

  const copier = new ObjectCopier(src.context, dest.context);
  const out: ImportedPage[] = [];
  pages.forEach((page, index) => {
    const where = `page ${index + 1}`;
    let media, crop, rotate: number;
    try {
      media = page.getMediaBox();
      crop = page.getCropBox();
      rotate = (((page.getRotation().angle % 360) + 360) % 360);
    } catch (err) {
      throw new PdfInputError(`broken PDF: ${where} has no usable page size`, false, err);
    }
    const x0 = Math.max(media.x, crop.x);
    const y0 = Math.max(media.y, crop.y);
    const x1 = Math.min(media.x + media.width, crop.x + crop.width);
    const y1 = Math.min(media.y + media.height, crop.y + crop.height);
    const box = x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : media;
    if (!(box.width > 0 && box.height > 0)) throw new PdfInputError(`broken PDF: ${where} has an empty page box`);

    // The content: one stream as it is, or several joined.
    const node = page.node;
    const contentsEntry = node.get(PDFName.of('Contents'));
    const streams: PDFRawStream[] = [];
    const collect = (obj: PDFObject | undefined): void => {
      if (obj === undefined) return;
      const v = obj instanceof PDFRef ? src.context.lookup(obj) : obj;
      if (v === undefined) throw new PdfInputError(`broken PDF: ${where} refers to missing content`);
      if (v instanceof PDFArray) {
        for (let k = 0; k < v.size(); k++) collect(v.get(k));
      } else if (v instanceof PDFRawStream) {
        streams.push(v);
      } else {
        throw new PdfInputError(`broken PDF: ${where} has content that is not a stream`);
      }
    };
    collect(contentsEntry);

    let data: Uint8Array;
    const entries: LiteralDict = {
      Type: 'XObject',
      Subtype: 'Form',
      FormType: 1,
      BBox: [box.x, box.y, box.x + box.width, box.y + box.height],
    };
    try {
      if (streams.length === 1) {
        const only = streams[0]!;
        data = only.contents;
        // Kept compressed, but checked: a damaged stream would print as a blank page.
        if (isFlateOnly(only.dict)) inflateSync(data);
        const filter = only.dict.get(PDFName.of('Filter'));
        const parms = only.dict.get(PDFName.of('DecodeParms'));
        if (filter) entries['Filter'] = copier.copy(filter);
        if (parms) entries['DecodeParms'] = copier.copy(parms);
      } else {
        const parts = streams.map(decoded);
        const joined = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
        let o = 0;
        for (const p of parts) {
          joined.set(p, o);
          o += p.length;
          joined[o++] = 0x0a;
        }
        data = deflateSync(joined);
        entries['Filter'] = 'FlateDecode';
      }
    } catch (err) {
      if (err instanceof PdfInputError) throw err;
      throw new PdfInputError(`broken PDF: the content of ${where} is damaged`, false, err);
    }
    const resources = node.Resources();
    const copiedResources = resources ? copier.copy(resources) : dest.context.obj({});
    entries['Resources'] = copiedResources;
    const group = node.get(PDFName.of('Group'));
    if (group) entries['Group'] = copier.copy(group);

    const ref = dest.context.register(rawStream(dest.context, data, entries));
    const appearances = pageAppearances(src.context, dest.context, node, copier, copiedResources);
    out.push({ ref: appearances.length > 0 ? withAppearances(dest, ref, entries['BBox'] as number[], appearances) : ref, box, rotate });
  });
  return { pages: out, optionalContent: copiedOptionalContent(src, copier) };
}

/**
 * A form drawing the page's form and then, on top, each annotation appearance where its
 * /Rect is. The page's own content stays as it is (still compressed), and `Do` keeps its
 * graphics state from reaching the appearances. An annotation in a layer (/OC) is drawn as
 * optional content of that layer, so that it shows only when the layer is on, as in the source.
 */
function withAppearances(dest: PDFDocument, page: PDFRef, bbox: number[], appearances: readonly Appearance[]): PDFRef {
  const xobjects: LiteralDict = { P: page };
  const layers: LiteralDict = {};
  let ops = '/P Do\n';
  appearances.forEach((a, i) => {
    xobjects[`A${i}`] = a.ref;
    const draw = `q ${matrixOp(a.matrix)} /A${i} Do Q`;
    if (a.oc) layers[`L${i}`] = a.oc;
    ops += a.oc ? `/OC /L${i} BDC ${draw} EMC\n` : `${draw}\n`;
  });
  return dest.context.register(rawStream(dest.context, new TextEncoder().encode(ops), {
    Type: 'XObject',
    Subtype: 'Form',
    FormType: 1,
    BBox: bbox,
    Resources: { XObject: xobjects, ...(Object.keys(layers).length > 0 ? { Properties: layers } : {}) },
  }));
}
