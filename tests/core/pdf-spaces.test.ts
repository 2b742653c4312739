// Unicode spaces and invisible format characters in the package. Excel, macOS (U+202F before
// AM/PM in a screenshot's file name) and hospital systems put U+202F NARROW NO-BREAK SPACE,
// thin and hair spaces, zero-width spaces, BOMs and soft hyphens into names, institutions and
// items. Noto Sans SC has no glyph for most of them: they printed as crossed boxes (.notdef)
// and were reported as characters to write in by hand. A space must print as blank space, an
// invisible character as nothing; neither is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from '@cantoo/pdf-lib';
import { buildPackage } from '../../electron/core/pdf/index.ts';
import { createFaces } from '../../electron/core/pdf/fonts.ts';
import { wrapText } from '../../electron/core/pdf/text.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { evaluationFor, newbornCase, tripCase } from '../fixtures/pdf/cases.ts';
import { attachment, fixture } from '../fixtures/pdf/attachments.ts';
import { pdftotext, writeTemp } from '../fixtures/pdf/poppler.ts';

const pack = defaultPack();
const NUMBER = 'XM-2024-000777';

/** Every space character that is not U+0020, and the invisible ones (zero-width, BOM, soft hyphen…). */
const SPACES = ['\u00a0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000', '\u1680', '\t'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u0001'];

/**
 * The glyph ids each generated page draws (`<hex> Tj`, four hex digits a glyph). Glyph 0 of a
 * subset is .notdef, the crossed box.
 */
async function drawnGlyphs(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    let ops = '';
    for (const s of streams) if (s instanceof PDFRawStream) ops += Buffer.from(decodePDFRawStream(s).decode()).toString('latin1');
    return [...ops.matchAll(/<([0-9a-f]*)> Tj/g)].flatMap((m) => m[1]!.match(/.{4}/g) ?? []);
  });
}

async function assertNoBox(bytes: Uint8Array): Promise<void> {
  const pages = await drawnGlyphs(bytes);
  assert.ok(pages.flat().length > 100, 'text is drawn');
  pages.forEach((glyphs, i) => assert.ok(!glyphs.includes('0000'), `page ${i + 1} draws .notdef (a crossed box)`));
}

/** pdftotext's text with runs of white space made one space. */
const squeezed = (file: string, ...args: string[]): string => pdftotext(file, ...args).replace(/\s+/g, ' ');

test('pdf spaces: U+202F and other spaces print blank, zero-width characters print nothing — cover, materials index, expense table, subtotals, attachment header; none is reported', async () => {
  const caseFile = tripCase(3);
  caseFile.claimant.name = '林\u202f晓燕\u200b';
  caseFile.expenses![0]!.institution = '厦门大学附属第一医院\u202f思明分院';
  caseFile.expenses![1]!.institution = '厦门\u2005市\u200b\u00ad中\ufeff医\u2060院\u0001';
  caseFile.expenses![0]!.item = '挂号费\u2009(1\u202f234)\ufeff';
  caseFile.expenses![2]!.item = `诊查${INVISIBLE.join('')}费\u3000B超`;
  caseFile.expenses![2]!.institution = `复旦大学附属${INVISIBLE.join('')}中山医院`;
  caseFile.materials![3] = { id: 'expense-list', status: 'waived', note: '医院\u2002说明\u00ad：清单\u200d待补' };
  const screenshot = 'Screenshot 2024-07-01 at 10.00.00\u202fAM.png';
  const attachments = [attachment('original-invoices', '医疗费用原始发票', screenshot, fixture('scan-rgb.png'), 'image/png')];
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedBy: '陈美玲', preparedOn: '2024-07-10', attachments });

  assert.deepEqual(out.unprintable, [], 'nothing to write in by hand');
  await assertNoBox(out.bytes);

  const file = writeTemp(out.bytes);
  // A space reads back as a space, an invisible character as nothing.
  assert.ok(squeezed(file, '-f', '1', '-l', '1').includes('林 晓燕'), 'the name on the cover');
  const text = squeezed(file);
  assert.ok(text.includes('厦门大学附属第一医院 思明分院'), 'the institution in the subtotal table');
  assert.ok(text.replace(/ /g, '').includes('厦门大学附属第一医院思明分院'), 'the institution wrapped in the expense table');
  assert.ok(text.includes('厦门 市中医院'), 'spaces blank, invisible characters nothing');
  assert.ok(text.includes('挂号费 (1 234)'));
  assert.ok(text.includes('诊查费') && text.includes('B超'));
  assert.ok(text.includes('复旦大学附属中山医院'), 'invisible characters, nothing between the letters');
  assert.ok(text.includes('医院 说明：清单待补'), 'the waived material\'s note in the index');
  assert.ok(text.includes('10.00.00 AM.png'), 'the attachment page header names the file');
  assert.equal(caseFile.expenses![0]!.institution, '厦门大学附属第一医院\u202f思明分院', 'the case keeps what was typed');
});

test('pdf spaces: the newborn voucher sheet draws names with U+202F and a word joiner without a box', async () => {
  const base = newbornCase();
  const mother = '欧阳\u202f思远';
  const caseFile = {
    ...base,
    claimant: { ...base.claimant, name: mother },
    newborn: { ...base.newborn!, parentName: mother },
    expenses: base.expenses!.map((e) => ({ ...e, nameOnVoucher: `${mother}之\u2060子`, institution: '厦门市妇幼\u2009保健院' })),
  };
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  assert.deepEqual(out.unprintable, []);
  await assertNoBox(out.bytes);
  const text = squeezed(writeTemp(out.bytes));
  assert.ok(text.includes('欧阳 思远之子'), 'the voucher name');
  assert.ok(text.includes('厦门市妇幼 保健院'));
});

test('pdf spaces: a space the font lacks is as wide as a space and drawn with its glyph (its own glyph and width when the font has one: U+2002, U+3000); an invisible character has no width and no glyph', async () => {
  const { regular, bold } = await createFaces(await PDFDocument.create(), 'spaces');
  for (const face of [regular, bold]) {
    for (const sp of SPACES) {
      const name = `U+${sp.codePointAt(0)!.toString(16)}`;
      const runs = face.runs(`院${sp}思`);
      assert.equal(runs.length, 1, `${name}: no fallback font`);
      assert.equal(runs[0]!.hex.length, 12, `${name}: three glyphs`);
      assert.notEqual(runs[0]!.hex.slice(4, 8), '0000', `${name}: not .notdef`);
      assert.ok(face.width(sp, 10) > 0, `${name}: some width`);
    }
    for (const sp of ['\u2009', '\u200a', '\u202f', '\u205f', '\u2000', '\t']) {
      assert.deepEqual(face.runs(`1${sp}234`), face.runs('1 234'), `U+${sp.codePointAt(0)!.toString(16)}: the space glyph`);
      assert.equal(face.width(`1${sp}234`, 10), face.width('1 234', 10));
    }
    assert.equal(face.width('\u3000', 10), face.width('院', 10), 'the ideographic space is a full em, the font\'s own');
    for (const ch of INVISIBLE) {
      assert.deepEqual(face.runs(`A${ch}B`), face.runs('AB'), `U+${ch.codePointAt(0)!.toString(16)}: nothing drawn`);
      assert.equal(face.width(`A${ch}B`, 10), face.width('AB', 10));
    }
  }
  // No line break at U+202F (as at U+00A0) or at a BOM inside the text (\s would take it for a space).
  for (const glue of ['\u202f', '\ufeff']) {
    const amount = `1${glue}234${glue}567`;
    const text = `合计 ${amount} 元，另 ${amount} 元`;
    for (let width = 20; width <= 160; width++) {
      const lines = wrapText(text, regular, 10, width);
      if (regular.width(amount, 10) <= width) assert.equal(lines.join('\n').split(amount).length, 3, `width ${width}: the amount whole, twice: ${JSON.stringify(lines)}`);
    }
  }
  // A thin space (U+2009) is breakable, as U+0020 is, and disappears at the break.
  assert.deepEqual(wrapText('甲甲甲\u2009乙乙乙', regular, 10, regular.width('甲甲甲', 10) + 1), ['甲甲甲', '乙乙乙']);
});
