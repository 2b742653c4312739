// Noto Sans SC (OFL-1.1) from the @expo-google-fonts/noto-sans-sc package, embedded as a
// subset (never through @pdf-lib/fontkit: it silently breaks CJK subsets).
//
// Hand-written hot path, replacing pdf-lib's embedFont(): pdf-lib parses the 10 MB font again
// for every document and lays out every string through fontkit's shaper (GSUB/GPOS), which
// was most of the time of a 300-row table. Chinese text needs no shaping, so here:
//   - each TTF is read once per process (FontProgram: trueType.ts reads cmap, hmtx and the
//     descriptor's numbers), and each character's glyph id and advance are looked up once;
//   - each document gets a FontFace: a subset plus the character → subset glyph map;
//   - when the document is complete, the subset (ttfSubset.ts) goes in as a Type0 /
//     CIDFontType2 font with Identity-H, a W array and a ToUnicode CMap — the same objects
//     pdf-lib writes — deflated with node:zlib instead of a JavaScript deflate.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFString, type PDFContext, type PDFDocument, type PDFRef } from '@cantoo/pdf-lib';
import { rawStream } from './rawStream.ts';
import { TrueTypeFont } from './trueType.ts';
import { TrueTypeSubset } from './ttfSubset.ts';

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

/** A glyph of the whole font: its id and advance width in 1/1000 em. */
interface ProgramGlyph {
  gid: number;
  advance: number;
}

/** One TTF, parsed once per process; glyph lookups are cached across documents. */
export class FontProgram {
  private readonly glyphs = new Map<number, ProgramGlyph>();
  /** Font units → 1/1000 em. */
  readonly scale: number;

  constructor(readonly font: TrueTypeFont) {
    this.scale = 1000 / font.unitsPerEm;
  }

  get postscriptName(): string {
    return this.font.postscriptName;
  }

  /** From a font file, read as its glyphs are used (TrueTypeFont.open). */
  static open(file: string): FontProgram {
    return new FontProgram(TrueTypeFont.open(file));
  }

  /** The glyph for a code point (.notdef, id 0, when the font lacks it). */
  glyph(cp: number): ProgramGlyph {
    let g = this.glyphs.get(cp);
    if (!g) {
      const gid = this.font.glyphForCodePoint(cp);
      g = { gid, advance: this.font.metrics(gid).advance * this.scale };
      this.glyphs.set(cp, g);
    }
    return g;
  }
}

interface SubsetGlyph {
  /** The glyph id in the subset, as four hex digits for a `<…> Tj` string. */
  hex: string;
  /** Advance width in 1/1000 em. */
  advance: number;
  /** The face that draws it when not this one: a fallback font's (see Fallbacks). */
  face?: FontFace;
}

/** A run of text in one face: `/tag size Tf <hex> Tj`. */
export interface GlyphRun {
  face: FontFace;
  hex: string;
}

/**
 * One font in one document: the subset being collected while text is laid out, and the
 * reference its font dictionary will have once `embed` writes it.
 */
export class FontFace {
  /** The font dictionary; assigned by `embed`, referenced by pages before that. */
  readonly ref: PDFRef;
  /** Ascent and descent (negative) in em. */
  readonly ascent: number;
  readonly descent: number;
  private readonly subset: TrueTypeSubset;
  private readonly byCodePoint = new Map<number, SubsetGlyph>();
  /** Subset glyph id → the first code point drawn with it (for ToUnicode) and its advance. */
  private readonly used = new Map<number, { cp: number; advance: number }>();
  /** Characters drawn that the font has no glyph for: they print as .notdef (a crossed box). */
  private readonly missing = new Set<number>();

  constructor(
    private readonly program: FontProgram,
    context: PDFContext,
    /** Resource name on pages, e.g. F1. */
    readonly tag: string,
    /** BaseFont: six-letter subset tag + PostScript name. */
    readonly baseFont: string,
    /** Where a character this font lacks is looked for next. */
    private readonly fallbacks?: Fallbacks,
  ) {
    this.ref = context.nextRef();
    this.ascent = program.font.ascent / program.font.unitsPerEm;
    this.descent = program.font.descent / program.font.unitsPerEm;
    this.subset = new TrueTypeSubset(program.font);
  }

  private glyph(cp: number): SubsetGlyph {
    let g = this.byCodePoint.get(cp);
    if (g) return g;
    const p = this.program.glyph(cp);
    if (p.gid === 0 && isSpace(cp) && cp !== 0x20) {
      // A space the font has no glyph for (U+202F narrow no-break space from Excel or macOS,
      // thin and hair spaces, a tab…) printed as a crossed box and was reported: it is drawn
      // as the font's own space — blank, a space wide, read back as a space. Whether it may
      // break a line is text.ts's business (GLUE), which sees the original character.
      g = this.glyph(0x20);
    } else if (isIgnorable(cp) || (p.gid === 0 && isControl(cp))) {
      // A variation selector (葛 + U+E0100 asks for a particular form of 葛), a zero-width
      // space or joiner, a BOM inside a string, a soft hyphen and the like show nothing of
      // their own: not drawn, not reported; the character before it prints in the font's
      // form. So does a control character the font has no glyph for (it drew as a box).
      g = { hex: '', advance: 0 };
    } else {
      const other = p.gid === 0 ? this.fallbacks?.faceFor(cp) : undefined;
      if (other) {
        g = { ...other.glyph(cp), face: other };
      } else {
        if (p.gid === 0) this.missing.add(cp);
        const id = this.subset.include(p.gid);
        if (!this.used.has(id)) this.used.set(id, { cp, advance: p.advance });
        g = { hex: id.toString(16).padStart(4, '0'), advance: p.advance };
      }
    }
    this.byCodePoint.set(cp, g);
    return g;
  }

  /** The characters drawn so far that this font cannot print. */
  unprintable(): ReadonlySet<number> {
    return this.missing;
  }

  /**
   * The text as runs of hex glyph ids, each with the face that draws it: one run, in this
   * face, unless a character comes from a fallback font.
   */
  runs(text: string): GlyphRun[] {
    const runs: GlyphRun[] = [];
    let face: FontFace = this;
    let hex = '';
    for (const ch of composeMarks(text)) {
      const g = this.glyph(ch.codePointAt(0)!);
      const f = g.face ?? this;
      if (f !== face && hex !== '') {
        runs.push({ face, hex });
        hex = '';
      }
      face = f;
      hex += g.hex;
    }
    if (hex !== '') runs.push({ face, hex });
    return runs;
  }

  /** Advance width of one character in points at `size`. */
  charWidth(ch: string, size: number): number {
    return (this.glyph(ch.codePointAt(0)!).advance * size) / 1000;
  }

  /** Advance width of the text in points at `size`. */
  width(text: string, size: number): number {
    let w = 0;
    for (const ch of composeMarks(text)) w += this.glyph(ch.codePointAt(0)!).advance;
    return (w * size) / 1000;
  }

  /** Write the subset and its dictionaries into the document (once all text is drawn). */
  embed(context: PDFContext): void {
    const { font, scale } = this.program;
    const ids = [...this.used.keys()].sort((a, b) => a - b);
    // Level 1: glyph outlines barely compress (300 glyphs: 64 KB → 47 KB at level 1, 45 KB at
    // level 6) and level 6 took a third more time, a tenth of a small package's build.
    const fontFile = rawStream(context, deflateSync(this.subset.encode(), { level: 1 }), { Filter: 'FlateDecode' });
    const bbox = font.bbox;
    const descriptor = context.obj({
      Type: 'FontDescriptor',
      FontName: this.baseFont,
      Flags: fontFlags(font),
      FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale],
      ItalicAngle: font.italicAngle,
      Ascent: font.ascent * scale,
      Descent: font.descent * scale,
      CapHeight: (font.capHeight || font.ascent) * scale,
      XHeight: (font.xHeight || 0) * scale,
      StemV: 0,
      FontFile2: context.register(fontFile),
    });
    const cidFont = context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      CIDToGIDMap: 'Identity',
      BaseFont: this.baseFont,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: context.register(descriptor),
      W: widths(ids, (id) => this.used.get(id)!.advance),
    });
    // .notdef (0) maps to no character: several missing characters may share it.
    const toUnicode = rawStream(context, deflateSync(toUnicodeCMap(ids.filter((id) => id !== 0).map((id) => [id, this.used.get(id)!.cp]))), { Filter: 'FlateDecode' });
    context.assign(this.ref, context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: this.baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [context.register(cidFont)],
      ToUnicode: context.register(toUnicode),
    }));
  }
}

/** PDF font flags (PDF 32000 §9.8.2): symbolic, since the font covers far more than Latin. */
function fontFlags(font: TrueTypeFont): number {
  return (font.isFixedPitch ? 1 : 0) | 4 | (font.italic ? 64 : 0);
}

/** The CIDFont's W array: runs of consecutive glyph ids with their widths. */
function widths(ids: readonly number[], advance: (id: number) => number): (number | number[])[] {
  const out: (number | number[])[] = [];
  let run: number[] = [];
  ids.forEach((id, i) => {
    if (i === 0 || id !== ids[i - 1]! + 1) {
      if (run.length) out.push(run);
      out.push(id);
      run = [];
    }
    run.push(Math.round(advance(id) * 1000) / 1000);
  });
  if (run.length) out.push(run);
  return out;
}

function utf16Hex(cp: number): string {
  return String.fromCodePoint(cp)
    .split('')
    .map((u) => u.charCodeAt(0).toString(16).padStart(4, '0'))
    .join('');
}

/** A ToUnicode CMap mapping each subset glyph to the character it was drawn for. */
export function toUnicodeCMap(pairs: readonly (readonly [number, number])[]): Uint8Array {
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000><ffff>',
    'endcodespacerange',
  ];
  // At most 100 entries per bfchar block (PDF 32000 §9.10.3 via the CMap spec).
  for (let i = 0; i < pairs.length; i += 100) {
    const block = pairs.slice(i, i + 100);
    lines.push(`${block.length} beginbfchar`);
    for (const [id, cp] of block) lines.push(`<${id.toString(16).padStart(4, '0')}> <${utf16Hex(cp)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return Buffer.from(lines.join('\n'), 'latin1');
}

/**
 * Fonts for the characters Noto Sans SC lacks — CJK Extension B and later, where rare name
 * characters such as 𠮷 live — when the machine has one whose licence allows embedding a
 * subset: CLAIMDESK_FALLBACK_FONTS (paths, separated as PATH is) if set, else Windows'
 * SimSun-ExtB, else Debian's Hanazono Mincho (fonts-hanazono). TrueType outlines only
 * (trueType.ts); others are skipped. A character none of them has prints as a crossed box
 * and is reported (unprintable). The faces exist per document, created on first need; the
 * programs are opened once per process, on first need too.
 */
export function fallbackFontFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env['CLAIMDESK_FALLBACK_FONTS'] !== undefined) return env['CLAIMDESK_FALLBACK_FONTS'].split(path.delimiter).filter((f) => f !== '');
  const windows = env['WINDIR'] ?? env['SystemRoot'];
  return [
    ...(windows ? [path.join(windows, 'Fonts', 'simsunb.ttf')] : []),
    '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
    '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
  ];
}

/** file → its program, or null when it is absent, unreadable, not TrueType or not embeddable. */
const fallbackPrograms = new Map<string, FontProgram | null>();

function fallbackProgram(file: string): FontProgram | null {
  let p = fallbackPrograms.get(file);
  if (p === undefined) {
    p = null;
    try {
      if (existsSync(file)) {
        const program = FontProgram.open(file);
        if (program.font.subsetEmbeddingAllowed) p = program;
      }
    } catch {
      // Not a TrueType font this reader understands (a collection, CFF outlines): not a fallback.
    }
    fallbackPrograms.set(file, p);
  }
  return p;
}

/** The fallback faces of one document, shared by its regular and bold faces. */
export class Fallbacks {
  private readonly faces = new Map<string, FontFace>();

  constructor(private readonly context: PDFContext, private readonly seed: string, private readonly files: readonly string[]) {}

  /** The face of the first fallback font that has the character, if any. */
  faceFor(cp: number): FontFace | undefined {
    for (const file of this.files) {
      const program = fallbackProgram(file);
      if (!program || program.glyph(cp).gid === 0) continue;
      let face = this.faces.get(file);
      if (!face) {
        const tag = `F${3 + this.faces.size}`;
        face = new FontFace(program, this.context, tag, `${subsetTag(`${this.seed}:${tag}`)}+${program.postscriptName}`);
        this.faces.set(file, face);
      }
      return face;
    }
    return undefined;
  }

  /** The faces created: each for a character it drew. */
  used(): FontFace[] {
    return [...this.faces.values()];
  }
}

const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

// A character followed by combining marks. Not one of the CJK compatibility ideographs (豈 U+F900,
// 﨑-like forms in names): NFC replaces those with the unified ideograph, a name's registered
// form with another; only sequences with marks are normalized.
const WITH_MARKS = /[^\p{M}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]\p{M}+/gu;
const HAS_MARK = /\p{M}/u;

/**
 * The text with each character and the combining marks after it in NFC: the precomposed
 * character where Unicode has one (e + U+0301 → é). A font draws a combining mark as a glyph
 * of its own after the letter, over the next one, unless it positions marks (GPOS), which
 * this drawing does not; the precomposed glyph has the accent in place. Marks without a
 * precomposed form are left as they are.
 */
export function composeMarks(text: string): string {
  return HAS_MARK.test(text) ? text.replace(WITH_MARKS, (s) => s.normalize('NFC')) : text;
}

/** Unicode's default-ignorable code points (variation selectors U+FE00–FE0F and
 *  U+E0100–E01EF, ZWJ, soft hyphen…): a renderer without special support draws nothing for them. */
export function isIgnorable(cp: number): boolean {
  return IGNORABLE.test(String.fromCodePoint(cp));
}

const SPACE = /^\p{White_Space}$/u;
const CONTROL = /^\p{Cc}$/u;

/** Unicode's White_Space characters: U+0020, U+00A0, U+2000–200A, U+202F, U+205F, U+3000,
 *  tab, line and paragraph separators… (not U+180E or U+200B, which are default-ignorable). */
export function isSpace(cp: number): boolean {
  return SPACE.test(String.fromCodePoint(cp));
}

/** C0 and C1 control characters (U+0000–001F, U+007F–009F). */
function isControl(cp: number): boolean {
  return CONTROL.test(String.fromCodePoint(cp));
}

export interface Fonts {
  regular: FontFace;
  bold: FontFace;
  fallbacks: Fallbacks;
}

interface Programs {
  regular: FontProgram;
  bold: FontProgram;
}

let cachedPrograms: Promise<Programs> | undefined;

/**
 * The two TTFs (~10 MB each), opened once per process: their tables read now (~0.5 MB each),
 * their glyphs as documents use them.
 */
function programs(): Promise<Programs> {
  if (!cachedPrograms) {
    const files = locateNotoSansSC();
    cachedPrograms = new Promise<Programs>((resolve) => resolve({ regular: FontProgram.open(files.regular), bold: FontProgram.open(files.bold) }));
    cachedPrograms.catch(() => { cachedPrograms = undefined; });
  }
  return cachedPrograms;
}

/**
 * Regular and bold faces for a new document. `seed` makes the six-letter subset tags (which
 * tell viewers and pdffonts the font is a subset) deterministic for the same input.
 * Call `embedFaces` once every page is drawn.
 */
export async function createFaces(doc: PDFDocument, seed: string, fallbackFiles: readonly string[] = fallbackFontFiles()): Promise<Fonts> {
  const p = await programs();
  const fallbacks = new Fallbacks(doc.context, seed, fallbackFiles);
  return {
    regular: new FontFace(p.regular, doc.context, 'F1', `${subsetTag(seed + ':regular')}+${p.regular.postscriptName}`, fallbacks),
    bold: new FontFace(p.bold, doc.context, 'F2', `${subsetTag(seed + ':bold')}+${p.bold.postscriptName}`, fallbacks),
    fallbacks,
  };
}

/** What the fonts could not print in this document (deduplicated, in code point order). */
export function unprintable(fonts: Fonts): string[] {
  return [...new Set([...fonts.regular.unprintable(), ...fonts.bold.unprintable()])].sort((x, y) => x - y).map((cp) => String.fromCodePoint(cp));
}

/** Write the subsets into the document: regular, bold, and the fallback fonts that drew something. */
export function embedFaces(doc: PDFDocument, fonts: Fonts): void {
  fonts.regular.embed(doc.context);
  fonts.bold.embed(doc.context);
  for (const face of fonts.fallbacks.used()) face.embed(doc.context);
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
