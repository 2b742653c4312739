// The attachments: each material's files in order, one scan or PDF page per package page,
// fitted below a small header (material title, file, case number) and above the page
// number, so that nothing is drawn over the scan. Landscape scans get a landscape page.
import type { PDFDocument, PDFRef } from '@cantoo/pdf-lib';
import { PackageError } from './errors.ts';
import {
  A4_LANDSCAPE, A4_PORTRAIT, FOOTER_HEIGHT, HEADER_HEIGHT, fitScale, orientationMatrix, rotateBoxClockwise, scale, then,
  translate, type Matrix,
} from './geometry.ts';
import type { MaterialGroup } from './groups.ts';
import { embedJpeg, embedPngImage, type PendingStreams } from './images/embed.ts';
import { ImageFormatError, parseJpeg } from './images/jpeg.ts';
import { parsePng } from './images/png.ts';
import type { Mark, PagePlan } from './layout/flow.ts';
import { SECTION_TITLES } from './labels.ts';
import { importPdfPages, PdfInputError } from './pdfImport.ts';
import { setOptionalContent, type OptionalContent } from './optionalContent.ts';
import type { Section } from './section.ts';
import { ReadBuffer } from '../files/readBuffer.ts';
import { unreadableReason } from '../files/fileErrors.ts';
import { sniffMime } from '../files/sniff.ts';
import type { PackageAttachment } from './types.ts';
import type { DocumentWriter } from './writer.ts';

/** Something to paint on a page: an XObject and where its upright picture lies. */
export interface Placeable {
  ref: PDFRef;
  /** Upright size in its own units (pixels or points). */
  width: number;
  height: number;
  /** XObject space → the upright picture at the origin, `width` × `height`. */
  base: Matrix;
}

const SCAN_MARGIN = 22;
const GAP = 4;

type Kind = PackageAttachment['mime'];

/** What the bytes are, whatever the name or declared type says (the import's rule too). */
export function sniff(bytes: Uint8Array): Kind | undefined {
  return sniffMime(bytes) ?? undefined;
}

/**
 * Turn one attachment into placeables; bad input throws PackageError naming the file. A file
 * read lazily lands in `into`, reused for the next file: nothing registered here may keep a
 * view on those bytes past the caller's `spill` (see attachmentsSection). A PDF's optional
 * content (layers) is added to `layers`, for the package's catalog.
 */
export async function prepareAttachment(doc: PDFDocument, a: PackageAttachment, pending: PendingStreams, into: ReadBuffer, layers: OptionalContent[]): Promise<Placeable[]> {
  const fail = (code: 'empty' | 'unsupported' | 'corrupt' | 'encrypted' | 'missing', message: string, cause?: unknown): never => {
    throw new PackageError(message, { code, fileName: a.fileName, ...(a.source ? { source: a.source } : {}), materialId: a.materialId, cause });
  };
  let bytes: Uint8Array;
  if ('bytes' in a) {
    bytes = a.bytes;
  } else {
    try {
      bytes = a.read(into);
    } catch (err) {
      return fail('missing', unreadableReason(err), err);
    }
  }
  if (bytes.length === 0) fail('empty', 'the file is empty (0 bytes)');
  const kind = sniff(bytes);
  if (!kind) fail('unsupported', `not a JPEG, PNG or PDF file (declared ${a.mime})`);
  try {
    if (kind === 'image/jpeg') {
      const info = parseJpeg(bytes);
      const upright = info.orientation >= 5;
      const w = upright ? info.height : info.width;
      const h = upright ? info.width : info.height;
      return [{ ref: embedJpeg(doc, bytes, info), width: w, height: h, base: then(orientationMatrix(info.orientation), scale(w, h)) }];
    }
    if (kind === 'image/png') {
      const png = parsePng(bytes);
      // Its compressed rows are passed through as they are, not inflated here: they were
      // checked where the file arrived (checkAttachment: an import, attachments.add, the CLI's
      // look at every scan before the build; the store hands back those very bytes, by hash).
      // Inflating every PNG again per package cost ~50 ms of CPU and ~14 MB of peak memory
      // on the reference case.
      return [{ ref: embedPngImage(doc, png, pending), width: png.width, height: png.height, base: scale(png.width, png.height) }];
    }
    const { pages, optionalContent } = await importPdfPages(doc, bytes);
    layers.push(optionalContent);
    return pages.map((p) => {
      const turned = p.rotate === 90 || p.rotate === 270;
      const w = turned ? p.box.height : p.box.width;
      const h = turned ? p.box.width : p.box.height;
      return { ref: p.ref, width: w, height: h, base: then(translate(-p.box.x, -p.box.y), rotateBoxClockwise(p.rotate, p.box.width, p.box.height)) };
    });
  } catch (err) {
    if (err instanceof PackageError) throw err;
    if (err instanceof PdfInputError) return fail(err.encrypted ? 'encrypted' : 'corrupt', err.message, err);
    if (err instanceof ImageFormatError) return fail(err.message.startsWith('unsupported') ? 'unsupported' : 'corrupt', err.message, err);
    // Whatever else a damaged file makes a reader throw: the reason in words, the error as the cause.
    return fail('corrupt', 'the file is damaged and cannot be read', err);
  }
}

/** A package page showing one placeable, fitted between the header and the page number. */
function scanPage(item: Placeable, header: string, headerTail: string): PagePlan {
  const size = item.width > item.height * 1.05 ? A4_LANDSCAPE : A4_PORTRAIT;
  const areaW = size.width - 2 * SCAN_MARGIN;
  const areaH = size.height - HEADER_HEIGHT - FOOTER_HEIGHT - 2 * GAP;
  const s = fitScale(item.width, item.height, areaW, areaH);
  const w = item.width * s;
  const h = item.height * s;
  const x = SCAN_MARGIN + (areaW - w) / 2;
  const y = FOOTER_HEIGHT + GAP + (areaH - h) / 2; // PDF space, y up
  const m = then(item.base, then(scale(s), translate(x, y)));
  return {
    size,
    header,
    headerTail,
    ops: [
      (c) => {
        c.xobject('A1', item.ref, m, { x, y, w, h });
        c.rect(x, size.height - y - h, w, h, { stroke: 0.4, strokeGray: 0.7 });
      },
    ],
  };
}

export interface AttachmentsSection extends Section {
  /** Material id → 0-based first and last page within this section. */
  ranges: Map<string, { first: number; last: number }>;
}

/**
 * Read every attachment (failing on the first bad one) and lay out their pages. Each file's
 * objects are written out as soon as it is read (`writer.spill`), so that its bytes can go:
 * files read lazily all land in one buffer, which the next file overwrites. What stays
 * behind for later — streams deflated on the thread pool (`pending`), pdf-lib's own PNG
 * embedder, an imported PDF's objects — holds bytes of its own, never a view on that buffer.
 */
export async function attachmentsSection(doc: PDFDocument, groups: readonly MaterialGroup[], pending: PendingStreams, writer: DocumentWriter): Promise<AttachmentsSection> {
  const into = new ReadBuffer();
  // A scan listed twice (an invoice that is also the proof of payment) is embedded once.
  const embedded = new Map<unknown, Placeable[]>();
  const keyOf = (a: PackageAttachment): unknown => a.contentKey ?? ('bytes' in a ? a.bytes : undefined);
  const pages: PagePlan[] = [];
  const marks: Mark[] = [];
  const ranges = new Map<string, { first: number; last: number }>();
  const layers: OptionalContent[] = [];
  for (const group of groups) {
    const first = pages.length;
    const fileMarks: Mark[] = [];
    for (const file of group.files) {
      const key = keyOf(file);
      let items = key === undefined ? undefined : embedded.get(key);
      if (!items) {
        const since = doc.context.largestObjectNumber;
        items = await prepareAttachment(doc, file, pending, into, layers);
        writer.spill(since, pending);
        if (key !== undefined) embedded.set(key, items);
      }
      fileMarks.push({ title: file.fileName, page: pages.length });
      items.forEach((item, i) => {
        const part = items.length > 1 ? `（${i + 1}/${items.length}）` : '';
        pages.push(scanPage(item, `${SECTION_TITLES.attachments}：${group.title} · ${file.fileName}`, part));
      });
    }
    ranges.set(group.materialId, { first, last: pages.length - 1 });
    marks.push(group.files.length > 1 ? { title: group.title, page: first, children: fileMarks } : { title: group.title, page: first });
  }
  // Layers the attached PDFs hide by default stay hidden in the package.
  setOptionalContent(doc, layers);
  return { key: 'attachments', title: SECTION_TITLES.attachments, pages, marks, ranges };
}
