// The running header and the page number on every page of the package.
import { MUTED, type Canvas } from './canvas.ts';
import { FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN_X } from './geometry.ts';
import { pageLabel } from './labels.ts';
import { fitText } from './text.ts';
import type { RenderContext } from './layout/flow.ts';

const SIZE = 8;

/** Header: `left` (section or material title) and the case number; footer: 第 n 页 / 共 m 页. */
export function drawFrame(c: Canvas, ctx: RenderContext, left: string, caseNumber: string): void {
  const face = ctx.fonts.regular;
  const right = `案件编号 ${caseNumber}`;
  const rightWidth = face.width(right, SIZE);
  const baseline = HEADER_HEIGHT - 12;
  const inset = MARGIN_X;
  c.text(inset, baseline, fitText(left, face, SIZE, c.width - 2 * inset - rightWidth - 16), face, SIZE, { color: MUTED });
  c.text(c.width - inset, baseline, right, face, SIZE, { color: MUTED, align: 'right' });
  c.line(inset, HEADER_HEIGHT - 7, c.width - inset, HEADER_HEIGHT - 7, 0.4, 0.6);
  c.text(c.width / 2, c.height - FOOTER_HEIGHT / 2 + 3, pageLabel(ctx.pageNumber, ctx.pageCount), face, SIZE, { color: MUTED, align: 'center' });
}
