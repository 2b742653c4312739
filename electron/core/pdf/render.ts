// Turn laid-out sections into PDF pages: one content stream per page, with the running
// header and 第 n 页 / 共 m 页.
import type { PDFDocument, PDFRef } from '@cantoo/pdf-lib';
import { Canvas } from './canvas.ts';
import { drawFrame } from './frame.ts';
import type { Fonts } from './fonts.ts';
import type { PendingStreams } from './images/embed.ts';
import type { PageRange, RenderContext } from './layout/flow.ts';
import type { Section } from './section.ts';

export function renderSections(
  doc: PDFDocument,
  fonts: Fonts,
  sections: readonly Section[],
  caseNumber: string,
  materialPages: ReadonlyMap<string, PageRange>,
  pending?: PendingStreams,
): PDFRef[] {
  const pageCount = sections.reduce((n, s) => n + s.pages.length, 0);
  const refs: PDFRef[] = [];
  let pageNumber = 0;
  for (const section of sections) {
    for (const plan of section.pages) {
      pageNumber++;
      const page = doc.addPage([plan.size.width, plan.size.height]);
      const canvas = new Canvas(plan.size.width, plan.size.height);
      const ctx: RenderContext = { fonts, pageNumber, pageCount, materialPages };
      for (const op of plan.ops) op(canvas, ctx);
      drawFrame(canvas, ctx, plan.header, caseNumber, plan.headerTail);
      canvas.finish(doc, page, pending);
      refs.push(page.ref);
    }
  }
  return refs;
}
