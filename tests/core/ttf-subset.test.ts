// The hand-written TrueType subsetter (electron/core/pdf/ttfSubset.ts): a subset, read back by
// fontkit, draws every included character exactly as the full font does, with the same advance,
// and is a well-formed sfnt (table checksums, head.checkSumAdjustment). DejaVu Sans brings
// composite glyphs (é = e + ´) and a short hmtx; Noto Sans SC is the font packages embed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import test from 'node:test';
import * as fontkit from 'fontkit';
import { locateNotoSansSC } from '../../electron/core/pdf/fonts.ts';
import { TrueTypeFont } from '../../electron/core/pdf/trueType.ts';
import { TrueTypeSubset, componentIdOffsets } from '../../electron/core/pdf/ttfSubset.ts';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function open(file: string): { bytes: Buffer; font: fontkit.Font } {
  const bytes = fs.readFileSync(file);
  return { bytes, font: fontkit.create(bytes) as fontkit.Font };
}

/** Subset `text` and check each character against the full font; returns the subset's bytes. */
function subsetAndCompare(file: string, text: string): { bytes: Buffer; size: number; subset: fontkit.Font } {
  const { bytes, font } = open(file);
  const subset = new TrueTypeSubset(new TrueTypeFont(bytes));
  const ids = [...text].map((ch) => [ch, subset.include(font.glyphForCodePoint(ch.codePointAt(0)!).id)] as const);
  const out = subset.encode();
  const back = fontkit.create(out) as fontkit.Font;
  assert.equal(back.numGlyphs, subset.size);
  for (const [ch, id] of ids) {
    const original = font.glyphForCodePoint(ch.codePointAt(0)!);
    const copy = back.getGlyph(id);
    assert.equal(copy.path.toSVG(), original.path.toSVG(), `outline of ${ch}`);
    assert.equal(copy.advanceWidth, original.advanceWidth, `advance of ${ch}`);
    assert.equal(leftBearing(copy), leftBearing(original), `left side bearing of ${ch}`);
  }
  return { bytes: out, size: subset.size, subset: back };
}

const leftBearing = (g: fontkit.Glyph): number => (g as unknown as { _getMetrics(): { leftBearing: number } })._getMetrics().leftBearing;

function sum32(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let s = 0;
  for (let i = 0; i < padded.length; i += 4) s = (s + padded.readUInt32BE(i)) >>> 0;
  return s;
}

test('ttf subset: Chinese, Latin, digits and full-width punctuation of Noto Sans SC draw as in the full font', () => {
  const text = '张三之子医保零星报销厦门市湖里区 ABC xyz 0123456789 ¥（），。';
  const { bytes, size } = subsetAndCompare(locateNotoSansSC().regular, text);
  assert.equal(size, new Set(text).size + 1, 'each distinct character once, plus .notdef');
  // Small: a few hundred bytes a glyph, not the 10 MB font.
  assert.ok(bytes.length < 40_000, `${bytes.length} bytes`);
});

test('ttf subset: the same glyph included twice gets one id; ids follow first use; .notdef is 0', () => {
  const { bytes, font } = open(locateNotoSansSC().regular);
  const subset = new TrueTypeSubset(new TrueTypeFont(bytes));
  const gid = (ch: string) => font.glyphForCodePoint(ch.codePointAt(0)!).id;
  assert.deepEqual(['张', '三', '张', '\u{10FFFF}'].map((ch) => subset.include(gid(ch))), [1, 2, 1, 0]);
  assert.throws(() => subset.include(font.numGlyphs), /not in the font/);
});

test('ttf subset: a well-formed sfnt — every table checksum and head.checkSumAdjustment hold', () => {
  const { bytes } = subsetAndCompare(locateNotoSansSC().bold, '报销材料 Bold 2026');
  const count = bytes.readUInt16BE(4);
  const tags: string[] = [];
  for (let i = 0; i < count; i++) {
    const rec = 12 + 16 * i;
    const tag = bytes.toString('latin1', rec, rec + 4);
    tags.push(tag);
    const [sum, offset, length] = [bytes.readUInt32BE(rec + 4), bytes.readUInt32BE(rec + 8), bytes.readUInt32BE(rec + 12)];
    assert.equal(offset % 4, 0, `${tag} aligned`);
    const data = Buffer.from(bytes.subarray(offset, offset + length));
    if (tag === 'head') data.writeUInt32BE(0, 8); // the head checksum is taken with the adjustment at 0
    assert.equal(sum, sum32(data), `${tag} checksum`);
  }
  assert.deepEqual(tags, [...tags].sort(), 'records sorted by tag');
  for (const t of ['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']) assert.ok(tags.includes(t), t);
  assert.equal(sum32(bytes), 0xb1b0afba, 'whole-font checksum');
});

test('ttf subset: composite glyphs bring their components, renumbered; metrics past numberOfHMetrics are read right', { skip: !fs.existsSync(DEJAVU) && process.env.CI !== 'true' ? `${DEJAVU} missing (Debian: fonts-dejavu-core)` : false }, () => {
  const { bytes, font } = open(DEJAVU);
  const source = new TrueTypeFont(bytes);
  // é is a composite in DejaVu Sans (e + acute): without its components the subset would draw nothing.
  assert.equal(componentIdOffsets(source.glyph(font.glyphForCodePoint('é'.codePointAt(0)!).id)).length, 2);
  assert.deepEqual(componentIdOffsets(source.glyph(font.glyphForCodePoint('e'.codePointAt(0)!).id)), []);
  const { size } = subsetAndCompare(DEJAVU, 'éñŐǎ plain');
  assert.ok(size > new Set('éñŐǎ plain').size + 1, `components added: ${size} glyphs`);
  // The last glyphs of DejaVu Sans lie past hmtx's numberOfHMetrics: advance repeats, lsb from the tail.
  const last = font.numGlyphs - 1;
  const glyph = font.getGlyph(last);
  assert.equal(source.metrics(last).advance, glyph.advanceWidth);
  assert.equal(source.metrics(last).lsb, leftBearing(glyph));
});
