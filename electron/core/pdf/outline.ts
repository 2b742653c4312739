// Bookmarks (the document outline): one per section, one per material under 附件, one per
// file under a material with several. pdf-lib has no outline API, so the dictionaries are
// written here (PDF 32000-1 §12.3.3).
import { PDFHexString, PDFName, PDFNumber, type PDFDocument, type PDFRef } from '@cantoo/pdf-lib';

export interface OutlineItem {
  title: string;
  page: PDFRef;
  children?: OutlineItem[];
}

function visibleCount(items: readonly OutlineItem[]): number {
  return items.reduce((n, item) => n + 1 + visibleCount(item.children ?? []), 0);
}

export function writeOutline(doc: PDFDocument, items: readonly OutlineItem[]): void {
  if (items.length === 0) return;
  const context = doc.context;
  const rootRef = context.nextRef();

  const writeLevel = (level: readonly OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef } => {
    const refs = level.map(() => context.nextRef());
    level.forEach((item, i) => {
      const dict = context.obj({
        Title: PDFHexString.fromText(item.title),
        Parent: parent,
        Dest: [item.page, PDFName.of('Fit')],
      });
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      const children = item.children ?? [];
      if (children.length > 0) {
        const { first, last } = writeLevel(children, refs[i]!);
        dict.set(PDFName.of('First'), first);
        dict.set(PDFName.of('Last'), last);
        dict.set(PDFName.of('Count'), PDFNumber.of(visibleCount(children)));
      }
      context.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]! };
  };

  const { first, last } = writeLevel(items, rootRef);
  context.assign(rootRef, context.obj({ Type: 'Outlines', First: first, Last: last, Count: visibleCount(items) }));
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
