// The hand-written TrueType reader (electron/core/pdf/trueType.ts) against fontkit, which the
// app used before: for every character a font maps, the same glyph and advance; the same
// numbers for the PDF's FontDescriptor. Noto Sans SC regular and bold are the fonts packages
// embed; DejaVu Sans has a short hmtx and a different cmap layout.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import * as fontkit from 'fontkit';
import { locateNotoSansSC } from '../../electron/core/pdf/fonts.ts';
import { FontFormatError, TrueTypeFont } from '../../electron/core/pdf/trueType.ts';
import { TrueTypeSubset } from '../../electron/core/pdf/ttfSubset.ts';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const fonts = [
  ['Noto Sans SC Regular', locateNotoSansSC().regular],
  ['Noto Sans SC Bold', locateNotoSansSC().bold],
  ['DejaVu Sans', DEJAVU],
] as const;

for (const [label, file] of fonts) {
  const skip = !fs.existsSync(file) && process.env.CI !== 'true' ? `${file} missing (Debian: fonts-dejavu-core)` : false;
  test(`true type: ${label} maps every character to fontkit's glyph, with its advance`, { skip }, () => {
    const bytes = fs.readFileSync(file);
    const ours = new TrueTypeFont(bytes);
    const theirs = fontkit.create(bytes) as fontkit.Font;
    const chars = theirs.characterSet;
    assert.ok(chars.length > 3000, `${chars.length} characters`);
    for (const cp of chars) {
      const glyph = theirs.glyphForCodePoint(cp);
      const gid = ours.glyphForCodePoint(cp);
      if (gid !== glyph.id) assert.fail(`U+${cp.toString(16)}: glyph ${gid}, fontkit ${glyph.id}`);
      if (ours.metrics(gid).advance !== glyph.advanceWidth) assert.fail(`U+${cp.toString(16)}: advance ${ours.metrics(gid).advance}, fontkit ${glyph.advanceWidth}`);
    }
    // Characters the font lacks are .notdef, beyond the BMP too.
    for (const cp of [0x10ffff, 0xe000, 0x1f600].filter((c) => !theirs.hasGlyphForCodePoint(c))) assert.equal(ours.glyphForCodePoint(cp), 0);
  });

  test(`true type: ${label} gives the FontDescriptor the numbers fontkit gives`, { skip }, () => {
    const bytes = fs.readFileSync(file);
    const ours = new TrueTypeFont(bytes);
    const theirs = fontkit.create(bytes) as fontkit.Font;
    assert.equal(ours.postscriptName, theirs.postscriptName);
    assert.equal(ours.unitsPerEm, theirs.unitsPerEm);
    assert.equal(ours.numGlyphs, theirs.numGlyphs);
    assert.deepEqual(ours.bbox, { minX: theirs.bbox.minX, minY: theirs.bbox.minY, maxX: theirs.bbox.maxX, maxY: theirs.bbox.maxY });
    assert.equal(ours.ascent, theirs.ascent);
    assert.equal(ours.descent, theirs.descent);
    // An OS/2 table before version 2 has neither: fontkit says undefined, the descriptor gets the ascent and 0.
    assert.equal(ours.capHeight, theirs.capHeight ?? theirs.ascent);
    assert.equal(ours.xHeight, theirs.xHeight ?? 0);
    assert.equal(ours.italicAngle, theirs.italicAngle);
  });
}

/** A copy of the font whose format 12 cmap subtables read as an unknown format: only format 4 is left. */
function withoutFormat12(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  let cmap = -1;
  for (let i = 0; i < out.readUInt16BE(4); i++) if (out.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'cmap') cmap = out.readUInt32BE(20 + 16 * i);
  for (let i = 0; i < out.readUInt16BE(cmap + 2); i++) {
    const sub = cmap + out.readUInt32BE(cmap + 8 + 8 * i);
    if (out.readUInt16BE(sub) === 12) out.writeUInt16BE(13, sub);
  }
  return out;
}

for (const [label, file] of fonts) {
  const skip = !fs.existsSync(file) && process.env.CI !== 'true' ? `${file} missing (Debian: fonts-dejavu-core)` : false;
  test(`true type: ${label} read through its format 4 cmap alone (segments with glyph arrays too) agrees with fontkit on the BMP`, { skip }, () => {
    const bytes = fs.readFileSync(file);
    const ours = new TrueTypeFont(withoutFormat12(bytes));
    const theirs = fontkit.create(bytes) as fontkit.Font;
    const bmp = theirs.characterSet.filter((cp) => cp <= 0xffff);
    for (const cp of bmp) {
      const gid = ours.glyphForCodePoint(cp);
      if (gid !== theirs.glyphForCodePoint(cp).id) assert.fail(`U+${cp.toString(16)}: glyph ${gid}, fontkit ${theirs.glyphForCodePoint(cp).id}`);
    }
    assert.equal(ours.glyphForCodePoint(0x20000), 0, 'beyond the BMP, format 4 maps nothing');
  });
}

test('true type: Chinese text of a claim finds its glyphs (no .notdef boxes)', () => {
  const font = new TrueTypeFont(fs.readFileSync(locateNotoSansSC().regular));
  for (const ch of '厦门市医疗保障局零星报销张三之子（壹万贰仟元整）¥0123') assert.notEqual(font.glyphForCodePoint(ch.codePointAt(0)!), 0, ch);
});

test('true type: what is not a TrueType font is refused with a reason', () => {
  assert.throws(() => new TrueTypeFont(Buffer.from('%PDF-1.7 not a font at all')), (e: unknown) => e instanceof FontFormatError && /not a TrueType font/.test((e as Error).message));
  assert.throws(() => new TrueTypeFont(Buffer.from('OTTO\0\0\0\0\0\0\0\0')), /CFF/);
  assert.throws(() => new TrueTypeFont(Buffer.from('ttcf\0\0\0\0\0\0\0\0')), /collection/);
  // A directory that points past the end of the file (a truncated download).
  const whole = fs.readFileSync(locateNotoSansSC().regular);
  assert.throws(() => new TrueTypeFont(whole.subarray(0, 100_000)), /runs past the end/);
});

for (const [label, file] of fonts) {
  const skip = !fs.existsSync(file) && process.env.CI !== 'true' ? `${file} missing (Debian: fonts-dejavu-core)` : false;
  test(`true type: ${label} opened from its file reads only the glyphs used, and subsets to the same bytes as the whole file`, { skip }, () => {
    const whole = new TrueTypeFont(fs.readFileSync(file));
    const opened = TrueTypeFont.open(file);
    const text = '张三之子医保零星报销 éñŐǎ Ağ 0123 ¥';
    const a = new TrueTypeSubset(whole);
    const b = new TrueTypeSubset(opened);
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      assert.equal(opened.glyphForCodePoint(cp), whole.glyphForCodePoint(cp), ch);
      a.include(whole.glyphForCodePoint(cp));
      b.include(opened.glyphForCodePoint(cp));
    }
    assert.deepEqual(b.encode(), a.encode());
    assert.equal(opened.postscriptName, whole.postscriptName);
    // The glyphs drawn were read each into a buffer of its own: nothing of 'glyf' went into the
    // file-sized buffer, whose pages there the process therefore never touched.
    const glyf = whole.table('glyf')!;
    const at = glyf.byteOffset - whole.bytes.byteOffset;
    assert.ok(opened.bytes.subarray(at, at + glyf.length).every((x) => x === 0), "'glyf' not read in place");
    for (const ch of text) {
      const gid = whole.glyphForCodePoint(ch.codePointAt(0)!);
      assert.deepEqual(opened.glyph(gid), whole.glyph(gid), `${ch}: the same outline`);
    }
  });
}

test('true type: opening a file that is not a font says so and leaves no file open', () => {
  const file = path.join(os.tmpdir(), `not-a-font-${process.pid}.ttf`);
  fs.writeFileSync(file, 'certainly not a font, just some text of reasonable length');
  const openFiles = () => fs.readdirSync('/proc/self/fd').length;
  try {
    const before = openFiles();
    assert.throws(() => TrueTypeFont.open(file), FontFormatError);
    assert.equal(openFiles(), before);
  } finally {
    fs.rmSync(file);
  }
});

test('true type: a font inside app.asar is opened from its unpacked twin when there is one, else read whole', () => {
  const font = locateNotoSansSC().regular;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asar-fonts-'));
  try {
    // Packaged: the archive path does not exist as a file here; its app.asar.unpacked twin does.
    fs.mkdirSync(path.join(root, 'a', 'app.asar.unpacked', 'fonts'), { recursive: true });
    fs.copyFileSync(font, path.join(root, 'a', 'app.asar.unpacked', 'fonts', 'f.ttf'));
    const lazy = TrueTypeFont.open(path.join(root, 'a', 'app.asar', 'fonts', 'f.ttf'));
    const glyf = lazy.table('glyf')!;
    assert.ok(glyf.every((x) => x === 0), 'opened lazily: no glyph read yet');
    // Only inside the archive: read whole (Electron serves it from there).
    fs.mkdirSync(path.join(root, 'b', 'app.asar', 'fonts'), { recursive: true });
    fs.copyFileSync(font, path.join(root, 'b', 'app.asar', 'fonts', 'f.ttf'));
    const whole = TrueTypeFont.open(path.join(root, 'b', 'app.asar', 'fonts', 'f.ttf'));
    assert.ok(whole.table('glyf')!.some((x) => x !== 0), 'read whole');
    assert.equal(whole.glyphForCodePoint(0x5f20), lazy.glyphForCodePoint(0x5f20));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
