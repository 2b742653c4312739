// The claim package: cover sheet, materials index, expense summary with subtotals, the
// newborn voucher sheet where it applies, then every attachment in order — with bookmarks,
// page numbers and reproducible bytes. Plain Node: never import 'electron' here.
import { createHash } from 'node:crypto';
import { PDFDocument } from '@cantoo/pdf-lib';
import { isIsoDate } from '../../../shared/model/dates.ts';
import { attachmentsSection } from './attachments.ts';
import { coverSection } from './cover.ts';
import { PackageError } from './errors.ts';
import { packageFacts } from './facts.ts';
import { createFaces, embedFaces, unprintable } from './fonts.ts';
import { groupAttachments } from './groups.ts';
import { PendingStreams } from './images/embed.ts';
import type { PageRange } from './layout/flow.ts';
import { materialsSection } from './materials.ts';
import { setMetadata } from './metadata.ts';
import { writeOutline, type OutlineItem } from './outline.ts';
import { renderSections } from './render.ts';
import type { Section } from './section.ts';
import { expenseSection } from './summary.ts';
import type { PackageAttachment, PackageInput, PackageOutput, WrittenPackage } from './types.ts';
import { voucherSection } from './voucher.ts';
import { writeToBytes, writeToFile, type DocumentWriter } from './writer.ts';

export { PackageError, type PackageErrorCode } from './errors.ts';
export type { PackageAttachment, PackageInput, PackageOutput, Unprintable, WrittenPackage } from './types.ts';
export { locateNotoSansSC } from './fonts.ts';

/** An attachment's size in bytes, whether it is in memory or read when needed. */
const sizeOf = (a: PackageAttachment): number => ('bytes' in a ? a.bytes.length : a.size);

function fingerprint(input: PackageInput): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([input.number, input.preparedOn, input.preparedBy ?? null, input.caseFile, input.evaluation, input.pack.id, input.pack.version]));
  for (const a of input.attachments ?? []) h.update(`${a.materialId}\0${a.fileName}\0${sizeOf(a)}\0`);
  return h.digest('hex');
}

interface Composed {
  pages: number;
  unprintable: string[];
}

/**
 * The document, read, laid out and drawn into `doc`; the attachments' objects are written
 * by `writer` as each file is read, the rest when the caller finishes it.
 */
async function composePackage(input: PackageInput, doc: PDFDocument, writer: DocumentWriter): Promise<Composed> {
  if (!input.number || !input.number.trim()) throw new PackageError('the case number is empty', { code: 'input' });
  if (!isIsoDate(input.preparedOn)) throw new PackageError(`preparedOn must be an ISO date, got ${input.preparedOn}`, { code: 'input' });
  const facts = packageFacts(input);
  const print = fingerprint(input);

  const fonts = await createFaces(doc, print);
  const groups = groupAttachments(input.evaluation, input.attachments ?? []);
  // Attachments first: a bad file fails the build before any layout work. Streams that need
  // deflating are compressed on the thread pool while the pages are laid out.
  const pending = new PendingStreams();
  const attached = await attachmentsSection(doc, groups, pending, writer);

  const sections: Section[] = [
    coverSection(fonts, facts),
    materialsSection(fonts, facts, groups),
    expenseSection(fonts, facts),
  ];
  const voucher = voucherSection(fonts, facts);
  if (voucher) sections.push(voucher);

  const materialPages = new Map<string, PageRange>();
  if (attached.pages.length > 0) {
    const before = sections.reduce((n, s) => n + s.pages.length, 0);
    for (const [id, r] of attached.ranges) materialPages.set(id, { first: before + r.first + 1, last: before + r.last + 1 });
    sections.push(attached);
  }
  const pageRefs = renderSections(doc, fonts, sections, facts.number, materialPages, pending);

  const outline: OutlineItem[] = [];
  let start = 0;
  for (const s of sections) {
    const toItem = (m: { title: string; page: number; children?: { title: string; page: number }[] }): OutlineItem => ({
      title: m.title,
      page: pageRefs[start + m.page]!,
      ...(m.children ? { children: m.children.map(toItem) } : {}),
    });
    outline.push({ title: s.title, page: pageRefs[start]!, children: s.marks.map(toItem) });
    start += s.pages.length;
  }
  embedFaces(doc, fonts);
  await pending.settle();
  writeOutline(doc, outline);
  setMetadata(doc, facts, print);

  return { pages: pageRefs.length, unprintable: unprintable(fonts) };
}

/** Build the claim package in memory. Bad input (an unreadable attachment) throws PackageError. */
export async function buildPackage(input: PackageInput): Promise<PackageOutput> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  // The package is its attachments' bytes plus a few hundred KB of pages and fonts.
  const sizeHint = (input.attachments ?? []).reduce((n, a) => n + sizeOf(a), 0) + 1024 * 1024;
  const { value, bytes } = await writeToBytes(doc, sizeHint, (writer) => composePackage(input, doc, writer));
  return { bytes, pages: value.pages, unprintable: value.unprintable };
}

/**
 * Build the claim package straight into `file` (written to a temporary file beside it, synced,
 * then renamed): the same bytes as buildPackage, without holding the output in memory — and,
 * with attachments that are read when needed, without holding the scans either. With
 * `staged`, into that temporary file only: the caller renames it (a batch: batch/staging.ts).
 */
export async function writePackage(input: PackageInput, file: string, staged?: string): Promise<WrittenPackage> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  // staged: a temporary file the caller made and renames (writeToFile).
  const { value, bytes, sha256 } = await writeToFile(doc, file, (writer) => composePackage(input, doc, writer), staged);
  return { pages: value.pages, unprintable: value.unprintable, bytes, sha256 };
}
