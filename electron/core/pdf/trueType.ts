// Reading a TrueType font, by hand: what the PDF builder needs and nothing more — character →
// glyph (cmap formats 4 and 12), advance widths and bearings (hmtx), each glyph's outline
// bytes (loca / glyf, for ttfSubset.ts), and the numbers a FontDescriptor carries (head, hhea,
// OS/2, post, name). Tables as the OpenType specification describes them.
//
// Why not fontkit, which does all this and more: its module (with the Brotli decoder for WOFF2
// and the Unicode data for shaping, none of which a PDF with Chinese text needs) made up 1.9 MB
// of the 4.3 MB batch worker bundle and ~45 ms of each worker thread's start, and ~20 MB of
// each thread's memory. tests/core/true-type.test.ts checks this reader against fontkit for
// every character the fonts map.
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readAt } from '../files/readBuffer.ts';

/**
 * The sfnt checksum (OpenType, 'Calculating checksums'): the uint32 sum of the data read as
 * big-endian uint32s, zero-padded to a multiple of 4.
 */
export function sfntChecksum(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const whole = data.length & ~3;
  let sum = 0;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  for (let i = whole; i < data.length; i++) sum = (sum + (data[i]! << (8 * (3 - (i - whole))))) >>> 0;
  return sum;
}

/** Thrown for a file that is not a TrueType font this reader understands. */
export class FontFormatError extends Error {
  override name = 'FontFormatError';
}

interface Table {
  offset: number;
  length: number;
}

/** The sfnt header: TrueType outlines, and room for the table directory it announces. */
function checkHeader(bytes: Uint8Array): void {
  if (bytes.length < 12) throw new FontFormatError('not a TrueType font (too short)');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = v.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565 /* 'true' */) {
    throw new FontFormatError(version === 0x4f54544f ? 'a CFF (OpenType) font, not TrueType outlines' : version === 0x74746366 ? 'a font collection, not a single font' : 'not a TrueType font');
  }
  if (bytes.length < 12 + 16 * v.getUint16(4)) throw new FontFormatError('the table directory runs past the end of the file');
}

export class TrueTypeFont {
  readonly unitsPerEm: number;
  /** head: the bounding box of all glyphs, in font units. */
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly italic: boolean;
  /** hhea ascender and descender (negative), in font units. */
  readonly ascent: number;
  readonly descent: number;
  /** OS/2 (version 2 and later), else the ascent and 0: what the FontDescriptor then carries. */
  readonly capHeight: number;
  readonly xHeight: number;
  /** post: degrees, counter-clockwise from vertical. */
  readonly italicAngle: number;
  readonly isFixedPitch: boolean;
  readonly postscriptName: string;
  readonly numGlyphs: number;
  /**
   * Whether the font's licence lets a document embed a subset of it (OS/2 fsType: not
   * "restricted", not "no subsetting", not "bitmap only"). Fonts without OS/2 allow it.
   */
  readonly subsetEmbeddingAllowed: boolean;
  private readonly tables = new Map<string, Table>();
  private readonly glyphSums = new Map<number, number>();
  private readonly view: DataView;
  private readonly numberOfHMetrics: number;
  private readonly locaLong: boolean;
  private readonly lookup: (cp: number) => number;
  /** For a font opened from a file: one glyph's bytes, read from the file on first use. */
  private readonly loadGlyph?: (gid: number, from: number, to: number) => Uint8Array;

  /**
   * A font from its whole file in memory; or, from `TrueTypeFont.open`, from a buffer the size
   * of the file holding every table but 'glyf', whose glyphs `loadGlyph` reads as they are used.
   */
  constructor(readonly bytes: Uint8Array, loadGlyph?: (gid: number, from: number, to: number) => Uint8Array) {
    if (loadGlyph) this.loadGlyph = loadGlyph;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const v = this.view;
    checkHeader(bytes);
    const count = v.getUint16(4);
    for (let i = 0; i < count; i++) {
      const rec = 12 + 16 * i;
      const tag = String.fromCharCode(bytes[rec]!, bytes[rec + 1]!, bytes[rec + 2]!, bytes[rec + 3]!);
      const t = { offset: this.u32(rec + 8), length: this.u32(rec + 12) };
      if (t.offset + t.length > bytes.length) throw new FontFormatError(`table '${tag}' runs past the end of the file`);
      this.tables.set(tag, t);
    }
    for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf', 'cmap']) {
      if (!this.tables.has(tag)) throw new FontFormatError(`no '${tag}' table`);
    }
    const head = this.at('head');
    this.unitsPerEm = v.getUint16(head + 18);
    this.bbox = { minX: v.getInt16(head + 36), minY: v.getInt16(head + 38), maxX: v.getInt16(head + 40), maxY: v.getInt16(head + 42) };
    this.italic = (v.getUint16(head + 44) & 2) !== 0;
    this.locaLong = v.getInt16(head + 50) === 1;
    const hhea = this.at('hhea');
    this.ascent = v.getInt16(hhea + 4);
    this.descent = v.getInt16(hhea + 6);
    this.numberOfHMetrics = v.getUint16(hhea + 34);
    this.numGlyphs = v.getUint16(this.at('maxp') + 4);
    const os2 = this.tables.get('OS/2');
    const os2v2 = os2 && os2.length >= 90 && v.getUint16(os2.offset) >= 2;
    this.capHeight = os2v2 ? v.getInt16(os2.offset + 88) : this.ascent;
    this.xHeight = os2v2 ? v.getInt16(os2.offset + 86) : 0;
    const fsType = os2 && os2.length >= 10 ? v.getUint16(os2.offset + 8) : 0;
    this.subsetEmbeddingAllowed = (fsType & 0xf) !== 0x2 && (fsType & 0x100) === 0 && (fsType & 0x200) === 0;
    const post = this.tables.get('post');
    this.italicAngle = post ? v.getInt32(post.offset + 4) / 65536 : 0;
    this.isFixedPitch = post ? this.u32(post.offset + 12) !== 0 : false;
    this.postscriptName = this.name(6) ?? 'Font';
    this.lookup = this.cmap();
  }

  /** The glyph id for a code point; 0 (.notdef) when the font lacks it. */
  glyphForCodePoint(cp: number): number {
    const gid = this.lookup(cp);
    return gid < this.numGlyphs ? gid : 0;
  }

  /** Advance width and left side bearing in font units ('hmtx': the last advance repeats). */
  metrics(gid: number): { advance: number; lsb: number } {
    const hmtx = this.at('hmtx');
    const n = this.numberOfHMetrics;
    if (gid < n) return { advance: this.view.getUint16(hmtx + 4 * gid), lsb: this.view.getInt16(hmtx + 4 * gid + 2) };
    return { advance: this.view.getUint16(hmtx + 4 * (n - 1)), lsb: this.view.getInt16(hmtx + 4 * n + 2 * (gid - n)) };
  }

  /** The glyph's bytes in 'glyf' (empty for a glyph without outline, such as a space). */
  glyph(gid: number): Uint8Array {
    const loca = this.at('loca');
    const [from, to] = this.locaLong
      ? [this.u32(loca + 4 * gid), this.u32(loca + 4 * gid + 4)]
      : [2 * this.view.getUint16(loca + 2 * gid), 2 * this.view.getUint16(loca + 2 * gid + 2)];
    const glyf = this.tables.get('glyf')!;
    if (from > to || to > glyf.length) throw new FontFormatError(`glyph ${gid}: bad 'loca' entry`);
    return this.loadGlyph ? this.loadGlyph(gid, glyf.offset + from, glyf.offset + to) : this.bytes.subarray(glyf.offset + from, glyf.offset + to);
  }

  /**
   * Open a font file reading only what it needs: every table but 'glyf' now (cmap, hmtx, loca…:
   * ~0.5 MB of Noto Sans SC's 10 MB), each glyph's outline when a document first uses it. The
   * tables' buffer is the size of the file, but the operating system gives memory only to the
   * pages written, so a process holds ~0.5 MB per font instead of the whole file. Glyphs are
   * kept each in a small buffer of its own, not in place in that buffer: Chinese text uses
   * glyphs from all over the 10 MB 'glyf' table, and each of them in place would make a whole
   * 4 KB page resident for its ~300 bytes (1,500 glyphs: 5.3 MB instead of 0.5 MB). The file
   * stays open for the font's life (fonts are kept per process). In the packaged app the fonts
   * are unpacked beside app.asar (electron-builder.yml) and opened there; a font inside an
   * archive, where positional reads are not a given, is read whole.
   */
  static open(file: string): TrueTypeFont {
    const asar = /\.asar([\\/])/.exec(file);
    if (asar) {
      const unpacked = file.replace(asar[0], `.asar.unpacked${asar[1]}`);
      if (!existsSync(unpacked)) return new TrueTypeFont(readFileSync(file));
      file = unpacked;
    }
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const bytes = new Uint8Array(size);
      const read = (from: number, to: number): void => {
        const end = Math.min(to, size);
        if (from < end && readAt(fd, bytes.subarray(from, end), from) < end - from) throw new FontFormatError(`${file}: ends before byte ${end}`);
      };
      read(0, 12);
      checkHeader(bytes);
      const view = new DataView(bytes.buffer);
      read(12, 12 + 16 * view.getUint16(4));
      for (let i = 0; i < view.getUint16(4); i++) {
        const rec = 12 + 16 * i;
        if (String.fromCharCode(...bytes.subarray(rec, rec + 4)) === 'glyf') continue;
        const offset = view.getUint32(rec + 8);
        read(offset, offset + view.getUint32(rec + 12));
      }
      const glyphs = new Map<number, Uint8Array>();
      return new TrueTypeFont(bytes, (gid, from, to) => {
        let glyph = glyphs.get(gid);
        if (!glyph) {
          glyph = Buffer.allocUnsafe(to - from); // small: from Node's shared pool, packed together
          if (readAt(fd, glyph, from) < glyph.length) throw new FontFormatError(`${file}: ends before byte ${to}`);
          glyphs.set(gid, glyph);
        }
        return glyph;
      });
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /**
   * The glyph's sfnt checksum (sfntChecksum of its bytes, zero-padded to 4), kept: a subset's
   * 'glyf' table and whole-file sums are these added up (ttfSubset.ts), so each package sums a
   * few hundred numbers instead of every word of its glyphs again.
   */
  glyphChecksum(gid: number): number {
    let sum = this.glyphSums.get(gid);
    if (sum === undefined) {
      sum = sfntChecksum(this.glyph(gid));
      this.glyphSums.set(gid, sum);
    }
    return sum;
  }

  /** A whole table's bytes, or undefined when the font has none. */
  table(tag: string): Uint8Array | undefined {
    const t = this.tables.get(tag);
    return t ? this.bytes.subarray(t.offset, t.offset + t.length) : undefined;
  }

  private at(tag: string): number {
    return this.tables.get(tag)!.offset;
  }

  private u32(at: number): number {
    return this.view.getUint32(at);
  }

  /** A name record (6: the PostScript name): Windows Unicode first, else Macintosh Roman. */
  private name(id: number): string | undefined {
    const name = this.tables.get('name');
    if (!name) return undefined;
    const v = this.view;
    const count = v.getUint16(name.offset + 2);
    const strings = name.offset + v.getUint16(name.offset + 4);
    let mac: string | undefined;
    for (let i = 0; i < count; i++) {
      const rec = name.offset + 6 + 12 * i;
      if (v.getUint16(rec + 6) !== id) continue;
      const platform = v.getUint16(rec);
      const length = v.getUint16(rec + 8);
      const start = strings + v.getUint16(rec + 10);
      if (platform === 3 || platform === 0) {
        let s = '';
        for (let k = 0; k + 1 < length; k += 2) s += String.fromCharCode(v.getUint16(start + k));
        return s;
      }
      if (platform === 1 && mac === undefined) mac = String.fromCharCode(...this.bytes.subarray(start, start + length));
    }
    return mac;
  }

  /**
   * The character map: a Unicode subtable, format 12 (all of Unicode) when there is one, else
   * format 4 (the BMP). Lookups read the table where it lies, by binary search.
   */
  private cmap(): (cp: number) => number {
    const v = this.view;
    const cmap = this.at('cmap');
    const count = v.getUint16(cmap + 2);
    let format4: number | undefined;
    let format12: number | undefined;
    for (let i = 0; i < count; i++) {
      const rec = cmap + 4 + 8 * i;
      const platform = v.getUint16(rec);
      const encoding = v.getUint16(rec + 2);
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode) continue;
      const sub = cmap + this.u32(rec + 4);
      const format = v.getUint16(sub);
      if (format === 12) format12 ??= sub;
      else if (format === 4) format4 ??= sub;
    }
    if (format12 !== undefined) {
      const groups = this.u32(format12 + 12);
      const first = format12 + 16;
      return (cp) => {
        let lo = 0, hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const g = first + 12 * mid;
          if (cp < this.u32(g)) hi = mid - 1;
          else if (cp > this.u32(g + 4)) lo = mid + 1;
          else return this.u32(g + 8) + (cp - this.u32(g));
        }
        return 0;
      };
    }
    if (format4 !== undefined) {
      const segments = v.getUint16(format4 + 6) / 2;
      const ends = format4 + 14;
      const starts = ends + 2 * segments + 2;
      const deltas = starts + 2 * segments;
      const rangeOffsets = deltas + 2 * segments;
      return (cp) => {
        if (cp > 0xffff) return 0;
        let lo = 0, hi = segments - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (v.getUint16(ends + 2 * mid) < cp) lo = mid + 1;
          else hi = mid;
        }
        const start = v.getUint16(starts + 2 * lo);
        if (cp < start || cp > v.getUint16(ends + 2 * lo)) return 0;
        const delta = v.getInt16(deltas + 2 * lo);
        const rangeOffset = v.getUint16(rangeOffsets + 2 * lo);
        if (rangeOffset === 0) return (cp + delta) & 0xffff;
        const g = v.getUint16(rangeOffsets + 2 * lo + rangeOffset + 2 * (cp - start));
        return g === 0 ? 0 : (g + delta) & 0xffff;
      };
    }
    throw new FontFormatError('no Unicode character map (cmap format 4 or 12)');
  }
}
