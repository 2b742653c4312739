// A TrueType subset for a PDF's FontFile2, written by hand. fontkit's TTFSubset decodes every
// point of every glyph only to tell a simple glyph from a composite one, and encodes the tables
// through its generic structure encoder: for the ~300 CJK glyphs of a claim package that was
// ~3–4 ms of main-thread time per package, a quarter of a batch job. Here each glyph's bytes
// are copied as they are (a composite glyph's component ids renumbered) and the tables a PDF
// viewer reads from an embedded TrueType font are written directly: head, hhea, maxp, loca,
// glyf, hmtx, and cvt / fpgm / prep when the font has them (PDF 32000-1 §9.9; the same set
// fontkit writes). Font tables are described in the OpenType spec (glyf, loca, hmtx, head).
//
// trueType.ts reads the font; only the subset's writing is here.
import { sfntChecksum, type TrueTypeFont } from './trueType.ts';

/** Composite glyph component flags (OpenType 'glyf'). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** Byte offsets of the glyph ids of a composite glyph's components. */
export function componentIdOffsets(glyph: Uint8Array): number[] {
  const view = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength);
  if (glyph.length < 10 || view.getInt16(0) >= 0) return [];
  const out: number[] = [];
  let pos = 10; // after the glyph header
  for (;;) {
    const flags = view.getUint16(pos);
    out.push(pos + 2);
    pos += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) pos += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) pos += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) pos += 8;
    if (!(flags & MORE_COMPONENTS)) return out;
  }
}

/**
 * The glyphs one document uses, numbered in the order they were first included (0 is .notdef,
 * as every TrueType font requires). A composite glyph's components are included with it.
 */
export class TrueTypeSubset {
  /** Subset id → glyph id in the source font. */
  private readonly gids: number[] = [0];
  private readonly ids = new Map<number, number>([[0, 0]]);

  constructor(private readonly source: TrueTypeFont) {}

  /** The glyph's id in the subset, including it on first use. */
  include(gid: number): number {
    let id = this.ids.get(gid);
    if (id === undefined) {
      if (!(gid >= 0 && gid < this.source.numGlyphs)) throw new RangeError(`glyph ${gid} is not in the font (${this.source.numGlyphs} glyphs)`);
      id = this.gids.length;
      this.gids.push(gid);
      this.ids.set(gid, id);
      const glyph = this.source.glyph(gid);
      for (const at of componentIdOffsets(glyph)) this.include((glyph[at]! << 8) | glyph[at + 1]!);
    }
    return id;
  }

  get size(): number {
    return this.gids.length;
  }

  /** The subset as a TrueType font file. */
  encode(): Buffer {
    const { source } = this;
    const n = this.gids.length;
    // glyf, each glyph 4-byte aligned (long 'loca' offsets, so no 2-byte limit), and loca.
    const glyphs = this.gids.map((gid) => source.glyph(gid));
    const loca = Buffer.alloc(4 * (n + 1));
    let glyfLength = 0;
    glyphs.forEach((g, i) => { loca.writeUInt32BE(glyfLength, 4 * i); glyfLength += pad4(g.length); });
    loca.writeUInt32BE(glyfLength, 4 * n);
    const glyf = Buffer.alloc(glyfLength);
    // Its checksum: each glyph starts on a 4-byte boundary, zero-padded, so the table's sum is
    // the sum of its glyphs' sums — the font's, kept, except for a composite glyph, whose
    // component ids are renumbered here.
    let glyfSum = 0;
    glyphs.forEach((g, i) => {
      const at = loca.readUInt32BE(4 * i);
      glyf.set(g, at);
      const components = componentIdOffsets(g);
      for (const c of components) glyf.writeUInt16BE(this.ids.get((g[c]! << 8) | g[c + 1]!)!, at + c);
      glyfSum = (glyfSum + (components.length ? sfntChecksum(glyf.subarray(at, at + pad4(g.length))) : source.glyphChecksum(this.gids[i]!))) >>> 0;
    });
    // hmtx: a full metric for every glyph.
    const hmtx = Buffer.alloc(4 * n);
    this.gids.forEach((gid, i) => {
      const m = source.metrics(gid);
      hmtx.writeUInt16BE(m.advance, 4 * i);
      hmtx.writeInt16BE(m.lsb, 4 * i + 2);
    });
    const head = Buffer.from(source.table('head')!);
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set once the whole file is known
    head.writeInt16BE(1, 50); // indexToLocFormat: long offsets
    const hhea = Buffer.from(source.table('hhea')!);
    hhea.writeUInt16BE(n, 34); // numberOfHMetrics
    const maxp = Buffer.from(source.table('maxp')!);
    maxp.writeUInt16BE(n, 4); // numGlyphs
    const tables: SfntTable[] = [['head', head], ['hhea', hhea], ['maxp', maxp], ['loca', loca], ['glyf', glyf, glyfSum], ['hmtx', hmtx]];
    for (const tag of ['cvt ', 'fpgm', 'prep']) {
      const t = source.table(tag);
      if (t) tables.push([tag, t]);
    }
    const { file, offsets, sum } = sfnt(tables);
    // head.checkSumAdjustment = 0xB1B0AFBA − the sum of the whole font (OpenType 'head').
    file.writeUInt32BE((0xb1b0afba - sum) >>> 0, offsets.get('head')! + 8);
    return file;
  }
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** A table: its tag, its bytes, and its checksum when already known. */
type SfntTable = [tag: string, data: Uint8Array, checksum?: number];

/**
 * An sfnt file: the table directory (records sorted by tag), then each table 4-byte aligned,
 * with the checksum of the whole file: the directory's sum and the tables' (each zero-padded
 * to a 4-byte boundary, so the file's words are the directory's and the tables' words).
 */
function sfnt(tables: SfntTable[]): { file: Buffer; offsets: Map<string, number>; sum: number } {
  tables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const count = tables.length;
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = 16 * 2 ** entrySelector;
  let offset = 12 + 16 * count;
  const size = tables.reduce((s, [, t]) => s + pad4(t.length), offset);
  const out = Buffer.alloc(size);
  const offsets = new Map<string, number>();
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(count * 16 - searchRange, 10);
  let tablesSum = 0;
  tables.forEach(([tag, data, known], i) => {
    const rec = 12 + 16 * i;
    const sum = known ?? sfntChecksum(data);
    tablesSum = (tablesSum + sum) >>> 0;
    out.write(tag, rec, 4, 'latin1');
    out.writeUInt32BE(sum, rec + 4);
    out.writeUInt32BE(offset, rec + 8);
    out.writeUInt32BE(data.length, rec + 12);
    out.set(data, offset);
    offsets.set(tag, offset);
    offset += pad4(data.length);
  });
  return { file: out, offsets, sum: (sfntChecksum(out.subarray(0, 12 + 16 * count)) + tablesSum) >>> 0 };
}
