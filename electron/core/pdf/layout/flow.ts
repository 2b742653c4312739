// Sections are laid out into page plans first (measuring text, breaking pages) and drawn
// afterwards, when every page number is known: the materials index shows where each
// material's attachments sit, and every footer says 共 m 页.
import type { Canvas } from '../canvas.ts';
import type { Fonts, FontFace } from '../fonts.ts';
import { A4_PORTRAIT, FOOTER_HEIGHT, HEADER_HEIGHT, MARGIN_X, type Size } from '../geometry.ts';
import { wrapText } from '../text.ts';
import { INK, type Align } from '../canvas.ts';

export interface PageRange {
  first: number;
  last: number;
}

export interface RenderContext {
  fonts: Fonts;
  /** 1-based number of the page being drawn. */
  pageNumber: number;
  pageCount: number;
  /** Where each material's attachments sit in the package (1-based pages). */
  materialPages: ReadonlyMap<string, PageRange>;
}

export type DrawOp = (c: Canvas, ctx: RenderContext) => void;

export interface PagePlan {
  size: Size;
  /** Left part of the running header (the section or material title). */
  header: string;
  /** Printed whole after `header`, which is shortened first when the line is too long (an attachment's （2/3）). */
  headerTail?: string;
  ops: DrawOp[];
}

/** A bookmark: a title and the 0-based index (within its section) of the page it opens. */
export interface Mark {
  title: string;
  page: number;
  children?: Mark[];
}

/** The baseline that centres a line of Chinese text of `size` in a box from `top`, `height` high. */
export function baselineIn(top: number, height: number, size: number): number {
  // Noto Sans SC ideographs sit from about -0.12 em to 0.88 em: their middle is 0.38 em up.
  return top + height / 2 + size * 0.36;
}

/** Vertical space between the running header and the body. */
export const BODY_TOP = HEADER_HEIGHT + 14;

export interface ParagraphStyle {
  size?: number;
  face?: 'regular' | 'bold';
  color?: string;
  indent?: number;
  /** Extra indent of the second and later lines (a hanging label such as 【问题】). */
  hang?: number;
  lineHeight?: number;
  align?: Align;
  /** Space after the paragraph. */
  after?: number;
}

/**
 * A cursor running down a sequence of pages. Layout code asks for room (`ensure`) and
 * records draw operations on the current page.
 */
export class Flow {
  readonly pages: PagePlan[] = [];
  readonly marks: Mark[] = [];
  y = 0;
  readonly left = MARGIN_X;
  readonly right: number;
  readonly bottom: number;
  /** Called after a page break, to draw e.g. a continued title; it may move `y`. */
  onNewPage: ((flow: Flow) => void) | undefined;

  constructor(readonly fonts: Fonts, readonly header: string, readonly size: Size = A4_PORTRAIT) {
    this.right = size.width - MARGIN_X;
    this.bottom = size.height - FOOTER_HEIGHT - 8;
    this.newPage(false);
  }

  get width(): number {
    return this.right - this.left;
  }

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  newPage(continued = true): void {
    this.pages.push({ size: this.size, header: this.header, ops: [] });
    this.y = BODY_TOP;
    if (continued) this.onNewPage?.(this);
  }

  /** Room left on this page. */
  get room(): number {
    return this.bottom - this.y;
  }

  /** Room on a page after a break: below what `onNewPage` draws (measured on a scratch flow). */
  freshRoom(): number {
    const scratch = new Flow(this.fonts, this.header, this.size);
    this.onNewPage?.(scratch);
    return scratch.room;
  }

  /** Break the page unless `height` fits below the cursor (a fresh page always accepts). */
  ensure(height: number): boolean {
    if (height <= this.room || this.y <= BODY_TOP + 0.5) return false;
    this.newPage();
    return true;
  }

  draw(op: DrawOp): void {
    this.pages[this.pages.length - 1]!.ops.push(op);
  }

  face(which: 'regular' | 'bold' | undefined): FontFace {
    return which === 'bold' ? this.fonts.bold : this.fonts.regular;
  }

  /** The lines of a paragraph as `paragraph` wraps them, and the height of each. */
  private paragraphLines(text: string, style: ParagraphStyle): { lines: string[]; lineHeight: number } {
    const size = style.size ?? 10;
    const width = this.width - (style.indent ?? 0) - (style.hang ?? 0);
    return { lines: wrapText(text, this.face(style.face), size, width), lineHeight: style.lineHeight ?? size * 1.5 };
  }

  /** The height `paragraph` takes for this text and style, its space after included (to keep it with what comes before). */
  paragraphHeight(text: string, style: ParagraphStyle = {}): number {
    const { lines, lineHeight } = this.paragraphLines(text, style);
    return lines.length * lineHeight + (style.after ?? 0);
  }

  /** A wrapped paragraph; lines break across pages. */
  paragraph(text: string, style: ParagraphStyle = {}): void {
    const size = style.size ?? 10;
    const face = this.face(style.face);
    const indent = style.indent ?? 0;
    const color = style.color ?? INK;
    const align = style.align ?? 'left';
    const hang = style.hang ?? 0;
    const width = this.width - indent - hang;
    const { lines, lineHeight } = this.paragraphLines(text, style);
    lines.forEach((line, i) => {
      this.ensure(lineHeight);
      const baseline = baselineIn(this.y, lineHeight, size);
      const left = this.left + indent + (i > 0 ? hang : 0);
      const x = align === 'left' ? left : align === 'right' ? this.right : left + width / 2;
      this.draw((c) => c.text(x, baseline, line, face, size, { color, align }));
      this.y += lineHeight;
    });
    this.y += style.after ?? 0;
  }

  /** Vertical space (dropped at a page top). */
  space(h: number): void {
    if (this.y > BODY_TOP + 0.5) this.y = Math.min(this.y + h, this.bottom);
  }

  /** Bookmark the current position. */
  mark(title: string, children?: Mark[]): Mark {
    const m: Mark = children ? { title, page: this.pageIndex, children } : { title, page: this.pageIndex };
    this.marks.push(m);
    return m;
  }
}
