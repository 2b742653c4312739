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
  // The words of 第 n 页 / 共 m 页 are set 0.45 em apart, not with one space (0.22 em): text
  // extraction (poppler) reads evenly spaced single characters as one letter-spaced word,
  // and would give 第1页/共3页 whenever both numbers have one digit.
  const words = pageLabel(ctx.pageNumber, ctx.pageCount).split(' ');
  const gap = SIZE * 0.45;
  const total = words.reduce((w, word) => w + face.width(word, SIZE), 0) + gap * (words.length - 1);
  let x = (c.width - total) / 2;
  const footerBaseline = c.height - FOOTER_HEIGHT / 2 + 3;
  for (const word of words) {
    c.text(x, footerBaseline, word, face, SIZE, { color: MUTED });
    x += face.width(word, SIZE) + gap;
  }
}
