// One page's content stream, written as text operators directly.
//
// Hand-written hot path: pdf-lib's drawText/drawRectangle build an operator object per
// call and lay out every string through fontkit; a 300-row table is ~1,200 text runs.
// Here each run is one `<hex> Tj` line (glyph ids from FontFace's per-character cache),
// and the page's stream is deflated once with node:zlib. Coordinates passed in are
// y-down from the top-left corner, as layout thinks; the canvas flips them.
import { deflateSync } from 'node:zlib';
import { PDFName, type PDFDocument, type PDFPage, type PDFRef } from '@cantoo/pdf-lib';
import type { FontFace } from './fonts.ts';
import type { PendingStreams } from './images/embed.ts';
import { matrixOp, num, type Matrix } from './geometry.ts';
import { rawStream } from './rawStream.ts';

/** Fill colours as PDF operators. */
export const INK = '0 g';
export const MUTED = '0.35 g';
export const RED = '0.72 0.11 0.11 rg';
export const AMBER = '0.6 0.38 0 rg';
export const GREEN = '0.1 0.45 0.2 rg';
export const SHADE = '0.92 g';

export type Align = 'left' | 'right' | 'center';

/**
 * Most pages are a scan with its header and page number: a few hundred bytes of operators.
 * zlib's default state (32 KB window, 128 KB of hash tables) is set up and torn down for each
 * of them. A 1 KB window compresses such a stream as well, with a quarter of the set-up:
 * 184 of them took 1.5 ms instead of 3.7 ms when measured alone.
 */
const SMALL_STREAM = 1024;
const SMALL_DEFLATE = { windowBits: 10, memLevel: 4 } as const;

/**
 * A table page is 10–20 KB of operators: deflated on libuv's thread pool (the other core)
 * while the main thread draws the following pages — ~3 ms of a 300-row package's main thread.
 */
const LARGE_STREAM = 4096;

export class Canvas {
  private readonly parts: string[] = [];
  private readonly fonts = new Map<string, FontFace>();
  private readonly xobjects = new Map<string, PDFRef>();

  constructor(readonly width: number, readonly height: number) {}

  /** Text with its baseline at `baseline` (y-down); `x` is the left, right or centre edge. */
  text(x: number, baseline: number, text: string, face: FontFace, size: number, options: { color?: string; align?: Align } = {}): void {
    if (text === '') return;
    const align = options.align ?? 'left';
    const left = align === 'left' ? x : align === 'right' ? x - face.width(text, size) : x - face.width(text, size) / 2;
    // One run, unless a character comes from a fallback font: then the font switches within
    // the line (each Tj advances the pen).
    let ops = `BT ${options.color ?? INK} ${num(left)} ${num(this.height - baseline)} Td`;
    for (const run of face.runs(text)) {
      this.fonts.set(run.face.tag, run.face);
      ops += ` /${run.face.tag} ${num(size)} Tf <${run.hex}> Tj`;
    }
    this.parts.push(`${ops} ET`);
  }

  /** A rectangle from its top-left corner (y-down). */
  rect(x: number, top: number, w: number, h: number, options: { fill?: string; stroke?: number; strokeGray?: number }): void {
    const r = `${num(x)} ${num(this.height - top - h)} ${num(w)} ${num(h)} re`;
    if (options.fill && options.stroke !== undefined) {
      this.parts.push(`${options.fill} ${num(options.strokeGray ?? 0)} G ${num(options.stroke)} w ${r} B`);
    } else if (options.fill) {
      this.parts.push(`${options.fill} ${r} f`);
    } else if (options.stroke !== undefined) {
      this.parts.push(`${num(options.strokeGray ?? 0)} G ${num(options.stroke)} w ${r} S`);
    }
  }

  /** A straight line (y-down). */
  line(x1: number, y1: number, x2: number, y2: number, width: number, gray = 0): void {
    this.parts.push(`${num(gray)} G ${num(width)} w ${num(x1)} ${num(this.height - y1)} m ${num(x2)} ${num(this.height - y2)} l S`);
  }

  /** Cell borders of one table row: adjacent rectangles from `x`, `top` (y-down), one path. */
  gridRow(x: number, top: number, widths: readonly number[], h: number, lineWidth = 0.5, gray = 0.45, fill?: string): void {
    const y = num(this.height - top - h);
    const hh = num(h);
    let path = '';
    let cx = x;
    for (const w of widths) {
      path += `${num(cx)} ${y} ${num(w)} ${hh} re `;
      cx += w;
    }
    if (fill) this.parts.push(`${fill} ${num(x)} ${y} ${num(cx - x)} ${hh} re f`);
    this.parts.push(`${num(gray)} G ${num(lineWidth)} w ${path}S`);
  }

  /** Operators in PDF's own (y-up) coordinates, e.g. a QR code's path. */
  raw(ops: string): void {
    this.parts.push(ops);
  }

  /** Paint an image or form XObject with the given matrix (PDF coordinates). */
  xobject(name: string, ref: PDFRef, m: Matrix, clip?: { x: number; y: number; w: number; h: number }): void {
    this.xobjects.set(name, ref);
    const c = clip ? `${num(clip.x)} ${num(clip.y)} ${num(clip.w)} ${num(clip.h)} re W n ` : '';
    this.parts.push(`q ${c}${matrixOp(m)} /${name} Do Q`);
  }

  /** Write the content stream and the page's resources; a large stream is assigned once `pending` settles. */
  finish(doc: PDFDocument, page: PDFPage, pending?: PendingStreams): void {
    for (const [tag, face] of this.fonts) page.node.setFontDictionary(PDFName.of(tag), face.ref);
    for (const [name, ref] of this.xobjects) page.node.setXObject(PDFName.of(name), ref);
    const text = Buffer.from(this.parts.join('\n'), 'latin1');
    const context = doc.context;
    if (pending && text.length > LARGE_STREAM) {
      page.node.addContentStream(pending.deflated(context, text, { Filter: 'FlateDecode' }));
      return;
    }
    const bytes = deflateSync(text, text.length <= SMALL_STREAM ? SMALL_DEFLATE : {});
    page.node.addContentStream(context.register(rawStream(context, bytes, { Filter: 'FlateDecode' })));
  }
}
