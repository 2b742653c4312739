// Annotations of an attached PDF, flattened: what a viewer shows of them — a seal drawn as a
// /Stamp on an e-invoice, a filled form field, a ticked box — is their normal appearance
// stream, and the package copies pages without their /Annots (and the document without its
// /AcroForm), so that appearance is drawn into the page instead. An annotation without an
// appearance stream (a field left to the viewer, NeedAppearances) cannot be drawn and is
// left out, as are hidden ones and pop-ups.
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import type { ObjectCopier } from './copier.ts';
import { IDENTITY, scale, then, translate, type Matrix } from './geometry.ts';

/** An appearance, copied into the package, and where it goes in the page's space. */
export interface Appearance {
  ref: PDFRef;
  /** Maps the appearance's form space onto the annotation's /Rect (the form's own /Matrix is applied by `Do`). */
  matrix: Matrix;
  /** The annotation's /OC, copied: the layer it belongs to, shown only while that layer is on. */
  oc?: PDFObject;
}

// Annotation flags (PDF 32000-1 §12.5.3): bit 2 Hidden, bit 3 Print, bit 6 NoView. The package
// is what goes to the counter on paper: an annotation is drawn when printing the attachment
// would print it — Print set, not Hidden (a viewer shows some that it does not print: a
// reviewer's sticky note, a highlight without Print).
const HIDDEN = 1 << 1;
const PRINT = 1 << 2;

function numbers(obj: PDFObject | undefined, count: number): number[] | undefined {
  if (!(obj instanceof PDFArray) || obj.size() !== count) return undefined;
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = obj.get(k);
    if (!(v instanceof PDFNumber)) return undefined;
    out.push(v.asNumber());
  }
  return out;
}

/** The normal appearance: /AP /N itself, or of a dictionary of states the one /AS names. */
function normalAppearance(context: PDFContext, annot: PDFDict): { ref: PDFObject; stream: PDFRawStream } | undefined {
  const ap = context.lookup(annot.get(PDFName.of('AP')));
  if (!(ap instanceof PDFDict)) return undefined;
  let n = ap.get(PDFName.of('N'));
  let v = context.lookup(n);
  if (v instanceof PDFDict) {
    const state = annot.get(PDFName.of('AS'));
    if (!(state instanceof PDFName)) return undefined;
    n = v.get(state);
    v = context.lookup(n);
  }
  return v instanceof PDFRawStream && n !== undefined ? { ref: n, stream: v } : undefined;
}

/**
 * PDF 32000-1 §12.5.5: the appearance's /BBox, transformed by its /Matrix, bounds a box; the
 * matrix A maps that box onto the annotation's /Rect (scale and move only).
 */
function placement(stream: PDFRawStream, rect: number[]): Matrix | undefined {
  const bbox = numbers(stream.dict.get(PDFName.of('BBox')), 4);
  if (!bbox) return undefined;
  const [a, b, c, d, e, f] = numbers(stream.dict.get(PDFName.of('Matrix')), 6) ?? IDENTITY;
  const corners = [[bbox[0]!, bbox[1]!], [bbox[2]!, bbox[1]!], [bbox[0]!, bbox[3]!], [bbox[2]!, bbox[3]!]] as const;
  const xs = corners.map(([x, y]) => a! * x + c! * y + e!);
  const ys = corners.map(([x, y]) => b! * x + d! * y + f!);
  const [bx0, by0, bx1, by1] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const [rx0, ry0, rx1, ry1] = [Math.min(rect[0]!, rect[2]!), Math.min(rect[1]!, rect[3]!), Math.max(rect[0]!, rect[2]!), Math.max(rect[1]!, rect[3]!)];
  if (!(bx1 > bx0 && by1 > by0 && rx1 > rx0 && ry1 > ry0)) return undefined; // nothing to see
  return then(translate(-bx0, -by0), then(scale((rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)), translate(rx0, ry0)));
}

/**
 * The appearances of a page's annotations that a viewer would show, in the order of /Annots
 * (later ones on top), copied from `src` into `dest` with `copier`. An appearance without
 * /Resources gets the page's (`pageResources`, already copied), as it would inherit them.
 */
export function pageAppearances(src: PDFContext, dest: PDFContext, page: PDFDict, copier: ObjectCopier, pageResources: PDFObject): Appearance[] {
  const annots = src.lookup(page.get(PDFName.of('Annots')));
  if (!(annots instanceof PDFArray)) return [];
  const out: Appearance[] = [];
  for (let k = 0; k < annots.size(); k++) {
    const annot = src.lookup(annots.get(k));
    if (!(annot instanceof PDFDict)) continue;
    if (annot.get(PDFName.of('Subtype')) === PDFName.of('Popup')) continue;
    const flags = src.lookup(annot.get(PDFName.of('F')));
    const f = flags instanceof PDFNumber ? flags.asNumber() : 0;
    if ((f & PRINT) === 0 || (f & HIDDEN) !== 0) continue;
    const rect = numbers(src.lookup(annot.get(PDFName.of('Rect'))), 4);
    const appearance = normalAppearance(src, annot);
    if (!rect || !appearance) continue;
    const matrix = placement(appearance.stream, rect);
    if (!matrix) continue;
    // Streams are indirect objects; a direct one (against the rules) is registered here.
    const copied = copier.copy(appearance.ref);
    const ref = copied instanceof PDFRef ? copied : dest.register(copied);
    const stream = dest.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    // An appearance stream is a form XObject; some producers leave out the entries that say so.
    stream.dict.set(PDFName.of('Type'), PDFName.of('XObject'));
    stream.dict.set(PDFName.of('Subtype'), PDFName.of('Form'));
    if (!stream.dict.has(PDFName.of('Resources'))) stream.dict.set(PDFName.of('Resources'), pageResources);
    const oc = annot.get(PDFName.of('OC'));
    out.push({ ref, matrix, ...(oc ? { oc: copier.copy(oc) } : {}) });
  }
  return out;
}
