// The running header and the page number on every page of the package.
import { MUTED, type Canvas } from './canvas.ts';
import { FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN_X } from './geometry.ts';
import { pageLabel } from './labels.ts';
import { ellipsizeMiddle, fitText } from './text.ts';
import type { FontFace } from './fonts.ts';
import type { RenderContext } from './layout/flow.ts';

const SIZE = 8;
/** Smallest type the case number shrinks to before it is shortened in the middle. */
const NUMBER_MIN_SIZE = 6;
const GAP = 16;

/**
 * The header line: the title (section or material) on the left, 案件编号 on the right, both
 * inside the margins whatever their length. The title keeps its natural width up to half the
 * line, so it always reads. The case number takes the rest: smaller type down to
 * NUMBER_MIN_SIZE, then shortened in the middle — its start (FILE-, CD-date) and its end (the
 * serial, what tells two cases of one batch apart) are the parts a reader compares; the
 * whole number is on the cover and in its QR code. Whatever the number leaves over goes back
 * to the title. `tail` (an attachment's page marker （2/3）) is never cut.
 */
export function headerLine(face: FontFace, width: number, title: string, tail: string, caseNumber: string): { title: string; number: string; size: number } {
  const label = '案件编号 ';
  const titleWidth = Math.min(face.width(title + tail, SIZE), width / 2);
  const room = width - titleWidth - GAP;
  const full = face.width(label + caseNumber, SIZE);
  let size = SIZE;
  let number = caseNumber;
  if (full > room) {
    size = Math.max(NUMBER_MIN_SIZE, (SIZE * room) / full);
    if (face.width(label + number, size) > room + 0.01) number = ellipsizeMiddle(number, face, size, room - face.width(label, size));
  }
  const right = label + number;
  return { title: fitText(title, face, SIZE, width - face.width(right, size) - GAP - face.width(tail, SIZE)) + tail, number: right, size };
}

/** Header: `left` (section or material title, then `tail` kept whole) and the case number; footer: 第 n 页 / 共 m 页. */
export function drawFrame(c: Canvas, ctx: RenderContext, left: string, caseNumber: string, tail = ''): void {
  const face = ctx.fonts.regular;
  const baseline = HEADER_HEIGHT - 12;
  const inset = MARGIN_X;
  const line = headerLine(face, c.width - 2 * inset, left, tail, caseNumber);
  c.text(inset, baseline, line.title, face, SIZE, { color: MUTED });
  c.text(c.width - inset, baseline, line.number, face, line.size, { color: MUTED, align: 'right' });
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
