// Optional content (layers) of attached PDFs, carried into the package.
//
// Content marked with /OC (marked content `/OC /name BDC … EMC`, an XObject's or an
// annotation's /OC entry) belongs to an optional content group (OCG). Whether a viewer or a
// printer shows it depends on the document's /OCProperties: its default configuration /D says
// which groups start off. A document without /OCProperties has every group on. So pages copied
// from a PDF whose /D hides a layer (a draft watermark, an answer key, a form's hints) would
// print that layer in the package unless the package says what the source said: /OCGs lists
// every group copied, /D /OFF those the source's /D has off.
import { PDFArray, PDFDict, PDFName, PDFRef, type PDFContext, type PDFDocument, type PDFObject } from '@cantoo/pdf-lib';
import type { ObjectCopier } from './copier.ts';

/** What the package's /OCProperties needs of one attached PDF: references to the copies. */
export interface OptionalContent {
  /** Every optional content group copied with its pages. */
  groups: PDFRef[];
  /** Those off in the source's default view. */
  off: PDFRef[];
  /**
   * The source's /D /AS entries (usage application dictionaries: a group whose state follows
   * viewing, printing or export, per its /Usage — "print this watermark, never show it"), each
   * with its /OCGs mapped to the copies; left out when none of its groups was copied.
   */
  auto: { event: PDFName; categories: PDFName[]; groups: PDFRef[] }[];
}

const TYPE = PDFName.of('Type');
const OCG = PDFName.of('OCG');

function lookup(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  return obj instanceof PDFRef ? context.lookup(obj) : obj;
}

/** The references an array holds (its other items ignored). */
function refsIn(context: PDFContext, obj: PDFObject | undefined): PDFRef[] {
  const array = lookup(context, obj);
  if (!(array instanceof PDFArray)) return [];
  const refs: PDFRef[] = [];
  for (let k = 0; k < array.size(); k++) {
    const item = array.get(k);
    if (item instanceof PDFRef) refs.push(item);
  }
  return refs;
}

/**
 * The optional content groups `copier` copied from `src` into the package, and which of them
 * the source's default configuration (/OCProperties /D) turns off: those in /OFF — or, with
 * /BaseState /OFF, every one not in /ON (/BaseState /Unchanged is taken as ON, the state a
 * viewer opening the file starts from). Call it once the pages are copied. A damaged or
 * missing /OCProperties leaves every group on, as a viewer shows them.
 */
export function copiedOptionalContent(src: PDFDocument, copier: ObjectCopier): OptionalContent {
  const context = src.context;
  const copies = copier.copies();
  const groups: PDFRef[] = [];
  const off: PDFRef[] = [];
  const properties = lookup(context, src.catalog.get(PDFName.of('OCProperties')));
  const config = properties instanceof PDFDict ? lookup(context, properties.get(PDFName.of('D'))) : undefined;
  const d = config instanceof PDFDict ? config : undefined;
  const baseOff = d !== undefined && lookup(context, d.get(PDFName.of('BaseState'))) === PDFName.of('OFF');
  const on = new Set(refsIn(context, d?.get(PDFName.of('ON'))));
  const offInSource = new Set(refsIn(context, d?.get(PDFName.of('OFF'))));
  for (const [from, to] of copies) {
    const obj = context.lookup(from);
    if (!(obj instanceof PDFDict) || obj.get(TYPE) !== OCG) continue;
    groups.push(to);
    if (baseOff ? !on.has(from) : offInSource.has(from)) off.push(to);
  }

  const auto: OptionalContent['auto'] = [];
  const usage = lookup(context, d?.get(PDFName.of('AS')));
  for (let k = 0; usage instanceof PDFArray && k < usage.size(); k++) {
    const entry = lookup(context, usage.get(k));
    if (!(entry instanceof PDFDict)) continue;
    const event = lookup(context, entry.get(PDFName.of('Event')));
    const category = lookup(context, entry.get(PDFName.of('Category')));
    const categories: PDFName[] = [];
    for (let c = 0; category instanceof PDFArray && c < category.size(); c++) {
      const name = category.get(c);
      if (name instanceof PDFName) categories.push(name);
    }
    const mapped = refsIn(context, entry.get(PDFName.of('OCGs'))).flatMap((r) => copies.get(r) ?? []);
    if (event instanceof PDFName && categories.length > 0 && mapped.length > 0) auto.push({ event, categories, groups: mapped });
  }
  return { groups, off, auto };
}

/**
 * The package's /OCProperties, when any attached PDF brought optional content: every group,
 * those off, and the automatic state rules, of all of them together. /D has no /Order: the
 * package is for printing, and a viewer's layer list is not needed for that. Without optional
 * content the catalog is left as it is (the same bytes as before).
 */
export function setOptionalContent(doc: PDFDocument, parts: readonly OptionalContent[]): void {
  const groups = parts.flatMap((p) => p.groups);
  if (groups.length === 0) return;
  const context = doc.context;
  const config: Record<string, PDFObject> = { OFF: context.obj(parts.flatMap((p) => p.off)) };
  const auto = parts.flatMap((p) => p.auto);
  if (auto.length > 0) config['AS'] = context.obj(auto.map((a) => ({ Event: a.event, Category: a.categories, OCGs: a.groups })));
  doc.catalog.set(PDFName.of('OCProperties'), context.obj({ OCGs: context.obj(groups), D: context.obj(config) }));
}
