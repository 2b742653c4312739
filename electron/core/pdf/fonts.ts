// Noto Sans SC (OFL-1.1) from the @expo-google-fonts/noto-sans-sc package, embedded as a
// subset through upstream fontkit 2 (never @pdf-lib/fontkit: it silently breaks CJK subsets).
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { PDFDocument, PDFFont } from '@cantoo/pdf-lib';

const require = createRequire(import.meta.url);

export interface FontFiles {
  regular: string;
  bold: string;
}

/** Paths of the Noto Sans SC TTFs inside node_modules, found by resolving the package. */
export function locateNotoSansSC(): FontFiles {
  const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return {
    regular: path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'),
    bold: path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'),
  };
}

interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

let cachedBytes: Promise<FontBytes> | undefined;

/** The two TTFs (~10 MB each), read once per process. */
function fontBytes(): Promise<FontBytes> {
  if (!cachedBytes) {
    const files = locateNotoSansSC();
    cachedBytes = Promise.all([readFile(files.regular), readFile(files.bold)]).then(([regular, bold]) => ({ regular, bold }));
    cachedBytes.catch(() => { cachedBytes = undefined; });
  }
  return cachedBytes;
}

interface Glyph {
  /** The glyph id(s) in the subset, as hex for a `<…> Tj` string. */
  hex: string;
  /** Advance width in 1/1000 em. */
  advance: number;
}

/**
 * A subsetted font plus a per-character cache of subset glyph ids and advances.
 *
 * Hand-written hot path: pdf-lib's drawText lays out every string through fontkit and
 * builds operator objects (1,200 drawText calls ≈ 132 ms for a 300-row table). Chinese text
 * needs no shaping, so each character is laid out once and strings are encoded by lookup.
 */
export class FontFace {
  private readonly glyphs = new Map<number, Glyph>();
  readonly ascent: number;
  readonly descent: number;

  constructor(readonly pdfFont: PDFFont, readonly tag: string) {
    // In em: heightAtSize without the descender is the ascent; with it, ascent + |descent|.
    this.ascent = pdfFont.heightAtSize(1, { descender: false });
    this.descent = this.ascent - pdfFont.heightAtSize(1, { descender: true });
  }

  private glyph(ch: string, cp: number): Glyph {
    let g = this.glyphs.get(cp);
    if (!g) {
      const hexString = this.pdfFont.encodeText(ch).toString();
      g = { hex: hexString.slice(1, -1), advance: this.pdfFont.widthOfTextAtSize(ch, 1000) };
      this.glyphs.set(cp, g);
    }
    return g;
  }

  /** The text as hex glyph ids (without the angle brackets). */
  encode(text: string): string {
    let out = '';
    for (const ch of text) out += this.glyph(ch, ch.codePointAt(0)!).hex;
    return out;
  }

  /** Advance width of one character in points at `size`. */
  charWidth(ch: string, size: number): number {
    return (this.glyph(ch, ch.codePointAt(0)!).advance * size) / 1000;
  }

  /** Advance width of the text in points at `size`. */
  width(text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += this.glyph(ch, ch.codePointAt(0)!).advance;
    return (w * size) / 1000;
  }
}

export interface Fonts {
  regular: FontFace;
  bold: FontFace;
}

/**
 * Embed regular and bold as subsets. `seed` makes the six-letter subset tags (which tell
 * viewers and pdffonts the font is a subset) deterministic for the same input.
 */
export async function embedFonts(doc: PDFDocument, seed: string): Promise<Fonts> {
  doc.registerFontkit(fontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const bytes = await fontBytes();
  const regularTag = subsetTag(seed + ':regular');
  const boldTag = subsetTag(seed + ':bold');
  const [regular, bold] = await Promise.all([
    doc.embedFont(bytes.regular, { subset: true, customName: `${regularTag}+NotoSansSC-Regular` }),
    doc.embedFont(bytes.bold, { subset: true, customName: `${boldTag}+NotoSansSC-Bold` }),
  ]);
  return { regular: new FontFace(regular, 'F1'), bold: new FontFace(bold, 'F2') };
}

/** Six upper-case letters from a string (FNV-1a), as PDF subset tags require. */
export function subsetTag(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7919;
  }
  return tag;
}
