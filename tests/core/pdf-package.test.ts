// The claim package PDF, built for real and checked with poppler (pdftotext, pdffonts,
// pdfinfo). Text extraction passes even when glyphs render as boxes, so fonts are also
// checked for being embedded subsets; look at `pdftoppm -png` output when changing layout.
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPackage, PackageError } from '../../electron/core/pdf/index.ts';
import { EXPENSE_COLUMNS } from '../../electron/core/pdf/summary.ts';
import { QR_SIZE } from '../../electron/core/pdf/cover.ts';
import { toUnicodeCMap } from '../../electron/core/pdf/fonts.ts';
import { A4_PORTRAIT, HEADER_HEIGHT, MARGIN_X } from '../../electron/core/pdf/geometry.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { amountInWords, formatFen } from '../../shared/rules/moneyWords.ts';
import { evaluationFor, expenses, idNumber, LONG_INSTITUTION, newbornCase, tripCase } from '../fixtures/pdf/cases.ts';
import { pageCount, pdffonts, pdftotext, words, writeTemp } from '../fixtures/pdf/poppler.ts';

const pack = defaultPack();
const NUMBER = 'XM-2024-000123';

async function build(lines: number) {
  const caseFile = tripCase(lines);
  const evaluation = evaluationFor(caseFile, pack);
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation, pack, preparedBy: '陈美玲', preparedOn: '2024-07-10' });
  return { caseFile, evaluation, out, file: writeTemp(out.bytes) };
}

const big = build(300);

test('pdf package: a 300-line case runs over several pages, each numbered 第 n 页 / 共 N 页', async () => {
  const { out, file } = await big;
  const pages = pageCount(file);
  assert.ok(pages > 1, `expected more than one page, got ${pages}`);
  assert.equal(out.pages, pages);
  const text = pdftotext(file);
  for (let n = 1; n <= pages; n++) assert.ok(text.includes(`第 ${n} 页 / 共 ${pages} 页`), `page ${n} has its number`);
});

test('pdf package: the cover names the claimant with the full ID number (as the counter needs it) and gives the total in figures and 大写', async () => {
  const { caseFile, out, file } = await big;
  const cover = pdftotext(file, '-f', '1', '-l', '1');
  const total = caseFile.expenses!.reduce((s, e) => s + e.amountFen, 0);
  assert.ok(cover.includes('林晓燕'));
  assert.ok(cover.includes(NUMBER));
  assert.ok(cover.includes(caseFile.claimant.idNumber!), 'the full ID number');
  assert.ok(!cover.includes('****'), 'nothing masked');
  assert.ok(cover.includes(formatFen(total)));
  assert.ok(cover.includes(amountInWords(total)), '大写 total on the cover');
  assert.ok(cover.includes('因公出差、探亲、旅游等短期外出'), 'category title');
  assert.ok(cover.includes('职工基本医疗保险'), 'scheme');
  assert.ok(out.bytes.length < 400_000, `a 300-line package without attachments stays small (${out.bytes.length} bytes)`);
});

test('pdf package: Chinese is drawn with embedded subsets of Noto Sans SC, regular and bold', async () => {
  const { file } = await big;
  const fonts = pdffonts(file);
  assert.equal(fonts.length, 2);
  for (const f of fonts) {
    assert.match(f.name, /^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
    assert.ok(f.emb && f.sub && f.uni, `${f.name}: emb ${f.emb} sub ${f.sub} uni ${f.uni}`);
  }
});

test('pdf package: every expense line is listed, and the table total is in figures and 大写', async () => {
  const { caseFile, file } = await big;
  const text = pdftotext(file);
  for (const e of caseFile.expenses!) assert.ok(text.includes(`${e.invoiceCode} ${e.invoiceNo}`), `invoice ${e.invoiceNo}`);
  const total = caseFile.expenses!.reduce((s, e) => s + e.amountFen, 0);
  assert.ok(text.includes(`合计金额（大写）：人民币${amountInWords(total)}`));
  assert.ok((text.match(/医疗费用汇总表（续）/g) ?? []).length >= 2, 'continued pages say so');
});

test('pdf package: the header row repeats on every page of the table, long institutions wrap inside their cell', async () => {
  const { file } = await big;
  const all = words(file);
  const tablePages = [...new Set(all.filter((w) => /^\d{8}$/.test(w.text)).map((w) => w.page))];
  assert.ok(tablePages.length >= 5);
  for (const p of tablePages) {
    const onPage = all.filter((w) => w.page === p).map((w) => w.text);
    for (const h of ['序号', '就诊日期', '医疗机构', '金额（元）']) assert.ok(onPage.includes(h), `page ${p} repeats header ${h}`);
  }
  // The institution column's edges, as the table lays it out.
  const width = A4_PORTRAIT.width - 2 * MARGIN_X;
  const total = EXPENSE_COLUMNS.reduce((s, c) => s + c.weight, 0);
  const left = MARGIN_X + (width * (EXPENSE_COLUMNS[0]!.weight + EXPENSE_COLUMNS[1]!.weight)) / total;
  const right = left + (width * EXPENSE_COLUMNS[2]!.weight) / total;
  const longParts = all.filter((w) => tablePages.includes(w.page) && LONG_INSTITUTION.startsWith(w.text.slice(0, 6)) && w.text.length >= 6);
  assert.ok(longParts.length > 0, 'the long institution is in the table');
  const pieces = all.filter((w) => tablePages.includes(w.page) && w.xMin >= left - 1 && w.xMin < right && LONG_INSTITUTION.includes(w.text) && w.text.length >= 2);
  const joined = new Set(pieces.map((w) => w.text));
  assert.ok(joined.size >= 2, 'the long name is broken into several lines');
  for (const w of pieces) assert.ok(w.xMax <= right + 0.5, `"${w.text}" ends at ${w.xMax}, inside the column edge ${right}`);
  for (const w of all) assert.ok(w.xMax <= A4_PORTRAIT.width - MARGIN_X + 1, `"${w.text}" on page ${w.page} stays inside the margin`);
});

/** The row numbers read from the 序号 column of the expense tables (pages with 票据代码), in order. */
function rowNumbers(file: string): string[] {
  const all = words(file);
  const tablePages = new Set(all.filter((w) => w.text === '票据代码').map((w) => w.page));
  return all.filter((w) => tablePages.has(w.page) && w.xMin < MARGIN_X + 12 && /^\d+$/.test(w.text)).map((w) => w.text);
}

test('pdf package: four-digit row numbers stay on one line in the summary and voucher tables (序号 widens)', async () => {
  const serials = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
  const caseFile = tripCase(1002);
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  // Wrapped, row 1000 read "100" over "0" (and row 1 of the next page's "0" sat in the column).
  assert.deepEqual(rowNumbers(writeTemp(out.bytes)), serials(1002));

  const newborn = newbornCase();
  newborn.expenses = expenses(1001, 7, '欧阳思远之子').map((e) => ({ ...e, institution: '厦门市妇幼保健院', kind: 'inpatient' as const }));
  const voucher = await buildPackage({ number: 'XM-2024-000200', caseFile: newborn, evaluation: evaluationFor(newborn, pack), pack, preparedOn: '2024-05-01' });
  // The summary table lists all 1001 lines, then the voucher sheet the same 1001 invoices.
  assert.deepEqual(rowNumbers(writeTemp(voucher.bytes)), [...serials(1001), ...serials(1001)]);
});

test('pdf package: a slip repeated on 200 lines keeps the cover to one page: the first lines in full, the others counted and named', async () => {
  const caseFile = newbornCase();
  // Every line dated before the birth (2024-01-31): one error per line (cat.newborn.enrol3m).
  caseFile.expenses = expenses(200, 3, '欧阳思远之子').map((e) => ({ ...e, date: '2024-01-10' }));
  const evaluation = evaluate(caseFile, pack, { today: '2024-05-01' });
  assert.equal(evaluation.findings.filter((f) => /^expenses\[\d+\]\.date$/.test(f.at ?? '')).length, 200);
  const file = writeTemp((await buildPackage({ number: 'XM-2024-000202', caseFile, evaluation, pack, preparedOn: '2024-05-01' })).bytes);
  const cover = pdftotext(file, '-f', '1', '-l', '1').replace(/\s+/g, '');
  for (const n of [1, 2, 3]) assert.ok(cover.includes(`第${n}行（票据`), `line ${n} in full`);
  assert.ok(!cover.includes('第4行（票据'), 'line 4 is counted, not printed in full');
  assert.ok(cover.includes('另有197行同类问题：第4–200行'), cover.slice(0, 400));
  // The fixture's missing materials and other findings fill the first page; the cover used to run to page 9.
  assert.ok(pdftotext(file, '-f', '1', '-l', '2').includes('参保人（代办人）签名'), 'the signature line is on the cover\'s first two pages');
  assert.ok(!pdftotext(file, '-f', '3', '-l', '3').includes('【问题】'), 'no findings on page 3');
});

test('pdf package: the newborn voucher sheet names 欧阳思远之子 and lists the invoices that carry it', async () => {
  const caseFile = newbornCase();
  const out = await buildPackage({ number: 'XM-2024-000200', caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-05-01' });
  const file = writeTemp(out.bytes);
  const text = pdftotext(file);
  assert.ok(text.includes('新生儿凭证信息表'));
  assert.ok(text.includes('欧阳思远之子'));
  assert.ok(text.includes('Q350123456'));
  assert.ok(text.includes('以凭证姓名开具的票据（5 张）'), 'the sixth invoice carries the mother’s own name and is not listed');
  const five = caseFile.expenses!.filter((e) => e.nameOnVoucher === '欧阳思远之子').reduce((s, e) => s + e.amountFen, 0);
  assert.ok(text.includes(amountInWords(five)));
});

test('pdf package: once the newborn is registered, the voucher sheet says which invoices carry the voucher name and which the registered name', async () => {
  const caseFile = newbornCase();
  caseFile.newborn = { ...caseFile.newborn!, name: '欧阳小宝' };
  const voucherLines = caseFile.expenses!.filter((e) => e.nameOnVoucher === '欧阳思远之子');
  voucherLines[0]!.nameOnVoucher = '欧阳小宝'; // issued after the registration
  const out = await buildPackage({ number: 'XM-2024-000201', caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-05-01' });
  const text = pdftotext(writeTemp(out.bytes)).replace(/\s+/g, '');
  assert.ok(text.includes('新生儿已登记姓名“欧阳小宝”，登记后的票据以该姓名开具。'), 'the sheet says the later invoices carry the registered name');
  assert.ok(text.includes('新生儿的票据（5张：凭证姓名4张，登记姓名1张）'));
  assert.ok(!text.includes('以凭证姓名开具的票据（5张）'), 'no longer claims all five were issued in the voucher name');
});

test('pdf package: a father named on the voucher sheet never gets the claiming mother\'s ID number', async () => {
  const caseFile = newbornCase();
  const mother = caseFile.claimant.idNumber!;
  const father = idNumber('35020319890712003');
  const withFather = (newborn: object) => ({ ...caseFile, newborn: { ...caseFile.newborn!, parent: 'father' as const, parentName: '王大伟', ...newborn } });
  const page = async (c: typeof caseFile) => {
    const out = await buildPackage({ number: 'XM-2024-000201', caseFile: c, evaluation: evaluationFor(c, pack), pack, preparedOn: '2024-05-01' });
    const text = pdftotext(writeTemp(out.bytes));
    return text.slice(text.indexOf('父（母）'), text.indexOf('参保缴费'));
  };
  const unknown = await page(withFather({ parentIdNumber: undefined }));
  assert.match(unknown, /王大伟/);
  assert.match(unknown, /未填写/);
  assert.doesNotMatch(unknown, new RegExp(mother.slice(-4)), 'the mother\'s number is not printed as the father\'s');
  const given = await page(withFather({ parentIdNumber: father }));
  assert.ok(given.includes(father), 'the father\'s full number');
  // The mother who claims, named or not: her own number
  const own = await page({ ...caseFile, newborn: { ...caseFile.newborn!, parentName: undefined, parentIdNumber: undefined } });
  assert.ok(own.includes(mother), 'her full number');
  // A parent's number that is not the claimant's, no parent name: not printed under the claimant's name
  const otherId = await page({ ...caseFile, newborn: { ...caseFile.newborn!, parentName: undefined, parentIdNumber: father } });
  assert.doesNotMatch(otherId, /欧阳思远/);
  assert.match(otherId, /未填写/);
});

test('pdf package: id.resident — a newborn\'s parent recorded as father beside the claiming mother\'s ID number is an open finding on the cover', async () => {
  const caseFile = newbornCase(); // 欧阳思远 claims; her ID number's 17th digit is even (female)
  const cover = async (c: typeof caseFile) => {
    const evaluation = evaluate(c, pack, { today: '2024-05-01' });
    const out = await buildPackage({ number: 'XM-2024-000202', caseFile: c, evaluation, pack, preparedOn: '2024-05-01' });
    return pdftotext(writeTemp(out.bytes), '-f', '1', '-l', '1').replace(/\s+/g, '');
  };
  const father = await cover({ ...caseFile, newborn: { ...caseFile.newborn!, parent: 'father', parentName: undefined, parentIdNumber: undefined } });
  assert.match(father, /【问题】与新生儿关系为“父亲”，但参保人（代办的父亲或母亲）的身份证号（第17位为偶数）显示为女性/);
  assert.match(father, /尚不完整/);
  const mother = await cover(caseFile);
  assert.doesNotMatch(mother, /与新生儿关系为/);
});

test('pdf package: the summary table numbers lines as the case does, and the cover says which line a per-line finding is about', async () => {
  const caseFile = tripCase(4);
  // out of date order on purpose: line 1 is the latest
  caseFile.expenses = caseFile.expenses!.map((e, i) => ({ ...e, date: ['2024-06-20', '2024-06-01', '2024-06-05', '2024-06-25'][i]!, invoiceCode: '35010126', invoiceNo: `00000${i + 1}0001` }));
  const evaluation = evaluationFor(caseFile, pack, [{ rule: 'cat.outage.stamp', level: 'error', message: { 'zh-CN': '该发票未经医疗机构收费处签注并盖章', en: 'not stamped' }, at: 'expenses[2].stampedByChargingOffice' }]);
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation, pack, preparedOn: '2024-07-10' });
  const file = writeTemp(out.bytes);
  assert.match(pdftotext(file, '-f', '1', '-l', '1'), /第 3 行（票据 35010126 0000030001）：该发票未经医疗机构收费处签注并盖章/);
  const table = pdftotext(file, '-f', '3', '-l', '3');
  const order = ['0000010001', '0000020001', '0000030001', '0000040001'].map((n) => table.indexOf(n));
  assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), `lines in the case's order: ${order}`);
});

test('pdf package: a long case number prints whole under the QR code, inside the margin (smaller, over several lines)', async () => {
  // The CLI numbers a case from its file name, which can be long.
  const number = 'FILE-A-VERY-LONG-CASE-FILE-NAME-FOR-A-NEWBORN-CLAIM-BATCH-0001';
  const caseFile = tripCase(2);
  const out = await buildPackage({ number, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  const cover = words(writeTemp(out.bytes), 1, 1);
  const right = A4_PORTRAIT.width - MARGIN_X;
  const tableTop = cover.find((w) => w.text === '参保人姓名')!.yMin;
  // Under the QR code (top right), above the table: the caption, line by line.
  const caption = cover.filter((w) => w.xMax > right - QR_SIZE && w.yMin > 60 && w.yMax < tableTop - 20);
  assert.ok(caption.length >= 2, `the caption breaks onto several lines: ${caption.map((w) => w.text).join(' | ')}`);
  assert.equal(caption.map((w) => w.text).join(''), number, 'the printed number is the whole number, as the QR encodes it');
  for (const w of caption) assert.ok(w.xMin >= right - QR_SIZE - 0.5 && w.xMax <= right + 0.5, `"${w.text}" (${w.xMin}–${w.xMax}) stays under the QR code`);
  // An ordinary number keeps one line at the usual size.
  const short = words((await big).file, 1, 1).filter((w) => w.xMax > right - QR_SIZE && w.yMin > 60 && w.text.startsWith('XM-'));
  assert.deepEqual(short.map((w) => w.text), [NUMBER]);
});

test('pdf package: the same input gives the same bytes', async () => {
  const a = await build(40);
  const b = await build(40);
  assert.equal(Buffer.compare(Buffer.from(a.out.bytes), Buffer.from(b.out.bytes)), 0);
});

test('pdf package: a case without expenses or materials still builds (totals 零元整)', async () => {
  const caseFile = { ...tripCase(0), materials: [] };
  const out = await buildPackage({ number: 'XM-2024-000001', caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  const text = pdftotext(writeTemp(out.bytes));
  assert.ok(text.includes('零元整'));
  assert.ok(text.includes(`第 1 页 / 共 ${out.pages} 页`));
});

test('pdf package: an empty case number is refused', async () => {
  const caseFile = tripCase(1);
  await assert.rejects(
    buildPackage({ number: ' ', caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' }),
    (e: unknown) => e instanceof PackageError && e.code === 'input',
  );
});

test('pdf package: names with accents, rare characters beyond the BMP and emoji still build; what the font has is extracted as text', async () => {
  const caseFile = tripCase(3);
  // 𠀀 (U+20000, CJK Extension B) and 😀 are not in Noto Sans SC: drawn as .notdef, never a crash.
  caseFile.claimant = { ...caseFile.claimant, name: 'Zhāng Lí·张𠀀😀' };
  caseFile.expenses![0] = { ...caseFile.expenses![0]!, institution: 'Xiàmén Hospital 厦门大学附属第一医院' };
  const evaluation = evaluationFor(caseFile, pack);
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation, pack, preparedBy: '陈美玲', preparedOn: '2024-07-10' });
  const file = writeTemp(out.bytes);
  const text = pdftotext(file);
  assert.ok(text.includes('Zhāng Lí·张'), 'accented Latin and Chinese come back as text');
  assert.ok(text.includes('Xiàmén Hospital'), 'in the table too');
  assert.ok(pdffonts(file).every((f) => f.emb && f.sub && f.uni));
});

test('pdf package: the ToUnicode map writes a character beyond the BMP as its UTF-16 surrogate pair', () => {
  const cmap = Buffer.from(toUnicodeCMap([[1, 0x5f20], [2, 0x20000], [3, 0x1f600]])).toString('latin1');
  assert.match(cmap, /<0001> <5f20>/);
  assert.match(cmap, /<0002> <d840dc00>/);
  assert.match(cmap, /<0003> <d83dde00>/);
  assert.match(cmap, /3 beginbfchar/);
});

test('pdf package: characters no font has (an Extension H character, an emoji) are reported, each once, in code point order; the rest prints', async () => {
  const caseFile = tripCase(3);
  caseFile.claimant.name = '吉𱍐';
  caseFile.expenses![0]!.institution = '厦门𱍐祥诊所🤔';
  caseFile.expenses![1]!.institution = '厦门市中医院';
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  assert.deepEqual(out.unprintable, ['🤔', '𱍐']);
  const text = pdftotext(writeTemp(out.bytes));
  assert.ok(text.includes('厦门市中医院') && text.includes('祥诊所'), 'the printable text around them is there');
  // A case in ordinary characters reports nothing.
  assert.deepEqual((await big).out.unprintable, []);
});

const HANAZONO = '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf';

test('pdf package: a name character Noto Sans SC lacks (𠮷) is drawn from the machine\'s fallback font, embedded as a third subset; without one it is reported', { skip: !fs.existsSync(HANAZONO) && process.env.CI !== 'true' ? `${HANAZONO} missing (Debian: fonts-hanazono)` : false }, async () => {
  const caseFile = tripCase(3);
  caseFile.claimant.name = '吉𠮷';
  const input = { number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' };
  const saved = process.env['CLAIMDESK_FALLBACK_FONTS'];
  try {
    process.env['CLAIMDESK_FALLBACK_FONTS'] = HANAZONO;
    const out = await buildPackage(input);
    assert.deepEqual(out.unprintable, []);
    const file = writeTemp(out.bytes);
    const fonts = pdffonts(file);
    assert.equal(fonts.length, 3);
    assert.match(fonts[2]!.name, /^[A-Z]{6}\+HanaMinA$/);
    assert.ok(fonts[2]!.emb && fonts[2]!.sub && fonts[2]!.uni);
    assert.ok(pdftotext(file, '-f', '1', '-l', '1').includes('吉𠮷'), 'the name reads back whole');
    process.env['CLAIMDESK_FALLBACK_FONTS'] = '';
    assert.deepEqual((await buildPackage(input)).unprintable, ['𠮷'], 'no fallback font: reported');
  } finally {
    if (saved === undefined) delete process.env['CLAIMDESK_FALLBACK_FONTS'];
    else process.env['CLAIMDESK_FALLBACK_FONTS'] = saved;
  }
});

test('pdf package: a table row taller than a page (a 120-line material note) runs on over pages under the repeated header, above the footer, nothing lost', async () => {
  const note = Array.from({ length: 120 }, (_, i) => `第${i + 1}行`).join('\n');
  const caseFile = { ...tripCase(3), materials: [{ id: 'identity-document', status: 'waived' as const, note }] };
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedBy: '陈美玲', preparedOn: '2024-07-10' });
  const file = writeTemp(out.bytes);
  const all = words(file);
  const footerTop = A4_PORTRAIT.height - 30;
  for (let n = 1; n <= 120; n++) {
    const w = all.filter((x) => x.text.includes(`第${n}行`));
    assert.equal(w.length, 1, `第${n}行 printed once`);
    assert.ok(w[0]!.yMax < footerTop, `第${n}行 above the footer (yMax ${w[0]!.yMax})`);
  }
  const title = all.find((w) => w.text === '申请材料清单')!;
  const first = all.find((w) => w.text.includes('第1行'))!;
  const last = all.find((w) => w.text.includes('第120行'))!;
  assert.equal(first.page, title.page, 'the row starts under the index title, no page with the title alone');
  for (let p = first.page; p <= last.page; p++) {
    assert.ok(all.some((w) => w.page === p && w.text === '材料名称'), `page ${p} repeats the header`);
    assert.ok(all.some((w) => w.page === p && /^第\d+行/.test(w.text)), `page ${p} carries lines of the row`);
  }
});

test('pdf package: amounts never break inside the figure in the summary, subtotal and voucher tables (13-digit totals); 大写 stays whole or breaks after 亿/万/元', async () => {
  const base = tripCase(3);
  const huge = [10_000_000_000_000, 10_000_000_000_000, 9_999_999_999_999];
  const caseFile = { ...base, expenses: base.expenses!.map((e, i) => ({ ...e, amountFen: huge[i]! })) };
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedBy: '陈美玲', preparedOn: '2024-07-10' });
  const file = writeTemp(out.bytes);
  const all = words(file).map((w) => w.text);
  const total = huge.reduce((s, f) => s + f, 0);
  for (const fen of [...huge, total]) {
    const figure = formatFen(fen);
    // Row amounts once in the summary; the total in the summary, both subtotal tables (row and 合计).
    const whole = all.filter((w) => w === figure).length;
    assert.ok(whole >= (fen === total ? 5 : 1), `${figure} printed whole (${whole} times); pieces: ${all.filter((w) => /^[\d,.]+$/.test(w) && figure.startsWith(w) && w !== figure).join(' | ')}`);
  }
  const byInstitution = new Map<string, number>();
  for (const e of caseFile.expenses) byInstitution.set(e.institution, (byInstitution.get(e.institution) ?? 0) + e.amountFen);
  for (const fen of [...byInstitution.values(), total]) {
    assert.ok(all.includes(amountInWords(fen)), `大写 ${amountInWords(fen)} whole in the subtotal tables`);
    assert.ok(all.includes(formatFen(fen)), `${formatFen(fen)} whole in the subtotal tables`);
  }
});

test('pdf package: 大写 in a narrow cell breaks after 亿, 万 or 元, never between a digit and its unit; a figure that cannot fit its widest column is drawn smaller, whole', async () => {
  const { PDFDocument } = await import('@cantoo/pdf-lib');
  const { createFaces } = await import('../../electron/core/pdf/fonts.ts');
  const { wrapAmountWords } = await import('../../electron/core/pdf/text.ts');
  const { Flow } = await import('../../electron/core/pdf/layout/flow.ts');
  const { table } = await import('../../electron/core/pdf/layout/table.ts');
  const fonts = await createFaces(await PDFDocument.create(), 'test');
  const text = amountInWords(29_999_999_999_999);
  const size = 8.5;
  const lines = wrapAmountWords(text, fonts.bold, size, fonts.bold.width('玖仟玖佰玖拾玖亿', size) + 1);
  assert.deepEqual(lines, ['贰仟玖佰玖拾玖亿', '玖仟玖佰玖拾玖万', '玖仟玖佰玖拾玖元', '玖角玖分']);
  const narrow = wrapAmountWords(text, fonts.bold, size, fonts.bold.width('玖仟玖', size) + 1);
  assert.equal(narrow.join(''), text, 'nothing cut');
  for (const l of narrow) assert.doesNotMatch(l, /^[拾佰仟万亿元角分]/u, `${l}: a unit never starts a line`);

  // A figure column no giving column can widen enough: one line, smaller.
  const flow = new Flow(fonts, 'test');
  const drawn: { text: string; size: number }[] = [];
  table(flow, [{ title: '名称', weight: 1, gives: true }, { title: '金额', weight: 1, fitCells: 'always', align: 'right' }], [['甲', '9'.repeat(200)]]);
  const canvas = { gridRow() {}, text(_x: number, _y: number, t: string, _f: unknown, s: number) { drawn.push({ text: t, size: s }); } };
  for (const op of flow.pages[0]!.ops) op(canvas as never, { fonts, pageNumber: 1, pageCount: 1, materialPages: new Map() });
  const fig = drawn.find((d) => d.text.startsWith('9'))!;
  assert.equal(fig.text, '9'.repeat(200), 'whole, on one line');
  assert.ok(fig.size < 8.5 && fonts.regular.width(fig.text, fig.size) <= flow.width, `drawn smaller (${fig.size})`);
});

test('pdf package: variation selectors and other default-ignorable characters (葛 + U+E0100, U+E0101, U+FE00, a ZWJ) are not drawn and not reported; the base character prints', async () => {
  const caseFile = tripCase(3);
  caseFile.claimant.name = '葛\u{E0100}小明';
  caseFile.expenses![0]!.institution = '厦门\u{E0101}市\uFE00中医院\u200D';
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  assert.deepEqual(out.unprintable, [], 'nothing to write in by hand');
  const file = writeTemp(out.bytes);
  const cover = words(file, 1, 1).find((w) => w.text.startsWith('葛'))!;
  assert.equal(cover.text, '葛小明');
  // Three characters wide, no crossed box (.notdef and its advance) between 葛 and 小.
  const { PDFDocument } = await import('@cantoo/pdf-lib');
  const { createFaces } = await import('../../electron/core/pdf/fonts.ts');
  const fonts = await createFaces(await PDFDocument.create(), 'test');
  assert.equal(fonts.regular.width('葛\u{E0100}小明', 10), fonts.regular.width('葛小明', 10));
  assert.equal(fonts.regular.runs('葛\u{E0100}小明').map((r) => r.hex).join('').length, 12, 'three glyphs drawn');
  assert.ok(pdftotext(file).includes('厦门市中医院'));
  assert.equal(caseFile.claimant.name, '葛\u{E0100}小明', 'the case keeps what was typed');
});

test('pdf package: with the newborn\'s sex not recorded, the voucher sheet shows the voucher names the invoices carry (之子, 之女, a twin\'s ordinal form) and lists those invoices', async () => {
  const base = newbornCase();
  const names = ['欧阳思远之子', '欧阳思远之女', '欧阳思远之子（二）', '欧阳思远', '欧阳思远之子', '别人之女'];
  const { sex: _sex, ordinal: _ordinal, ...newborn } = base.newborn!;
  const caseFile = { ...base, newborn, expenses: base.expenses!.map((e, i) => ({ ...e, nameOnVoucher: names[i]! })) };
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2024-07-10' });
  const text = pdftotext(writeTemp(out.bytes)).replace(/\s+/g, '');
  assert.ok(text.includes('以凭证姓名开具的票据（4张）'), 'the four invoices in a voucher name are listed');
  assert.ok(!text.includes('没有票据登记为上述凭证姓名'));
  assert.ok(text.includes('欧阳思远之子、欧阳思远之女、欧阳思远之子（二）（票据所载，性别未登记）'), 'the names the invoices carry');
  assert.ok(text.includes('未登记新生儿性别'), 'says the sex is not recorded');
  const listed = base.expenses!.filter((_, i) => [0, 1, 2, 4].includes(i));
  const sum = listed.reduce((s, e) => s + e.amountFen, 0);
  assert.ok(text.includes(`人民币${amountInWords(sum)}`) && text.includes(formatFen(sum)), `their total ${formatFen(sum)}`);
  assert.ok(text.includes('欧阳思远之子（二）住院'), 'a twin\'s voucher name on one line in its column');
  // The cover says what the voucher sheet says, not 未命名.
  const cover = pdftotext(writeTemp(out.bytes), '-f', '1', '-l', '1').replace(/\s+/g, '');
  assert.ok(cover.includes('新生儿欧阳思远之子、欧阳思远之女、欧阳思远之子（二）（票据所载，性别未登记）'), cover);
  assert.ok(!cover.includes('未命名'));
});

test('pdf package: a long case number fits the running header of every page — smaller, then shortened in the middle keeping its start and end — and the section title stays whole', async () => {
  const caseFile = tripCase(2);
  const evaluation = evaluationFor(caseFile, pack);
  // A case file named by an HR export (the CLI numbers it FILE-<name>): 110 characters, and longer.
  const r02 = 'FILE-HR-EXPORT-2026-06-10-EMPLOYEE-000123456789-CLAIMANT-350203198001011235-CATEGORY-OUTAGE-INSTITUTION-XMFY1-BATCH-0042';
  const longer = `${r02}-${'X'.repeat(60)}-SERIAL-0007`;
  const titles = ['封面', '申请材料清单', '医疗费用汇总表'];
  for (const number of [r02, longer]) {
    const file = writeTemp((await buildPackage({ number, caseFile, evaluation, pack, preparedOn: '2024-07-10' })).bytes);
    const all = words(file).filter((w) => w.yMax < HEADER_HEIGHT);
    for (let page = 1; page <= pageCount(file); page++) {
      const line = all.filter((w) => w.page === page);
      for (const w of line) assert.ok(w.xMin >= MARGIN_X - 0.5 && w.xMax <= A4_PORTRAIT.width - MARGIN_X + 0.5, `page ${page}: "${w.text}" (${w.xMin}–${w.xMax}) inside the margins`);
      assert.ok(titles.includes(line[0]!.text), `page ${page}: the title reads whole, got "${line[0]!.text}"`);
      assert.equal(line[1]!.text, '案件编号');
      const printed = line.slice(2).map((w) => w.text).join('');
      if (number === r02) assert.equal(printed, number, 'fits whole in smaller type');
      else {
        assert.match(printed, /^FILE-HR-EXPORT-2026-06-10-.*….*-SERIAL-0007$/, `start and end kept: ${printed}`);
        assert.ok(printed.length < number.length);
      }
    }
  }
});

test('pdf package: one subtotal row per institution however its name was typed (U+202F or a space, full-width letters, ・ or •), under its first spelling', async () => {
  const base = tripCase(4);
  const names = ['厦门大学附属第一医院\u202f思明分院', '厦门大学附属第一医院 思明分院', '中山医院・Ｘ光室', '中山医院•X光室'];
  const fen = [10_000, 20_000, 5_000, 2_500];
  const caseFile = { ...base, expenses: base.expenses!.map((e, i) => ({ ...e, institution: names[i]!, amountFen: fen[i]! })) };
  const out = await buildPackage({ number: NUMBER, caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedBy: '陈美玲', preparedOn: '2024-07-10' });
  const text = pdftotext(writeTemp(out.bytes));
  const subtotals = text.slice(text.indexOf('按医疗机构'), text.indexOf('按费用类别'));
  // Each group's sum and 大写 in its row; the lines' own amounts are not subtotals any more.
  for (const sum of [30_000, 7_500]) {
    assert.ok(subtotals.includes(formatFen(sum)), `subtotal ${formatFen(sum)} in:\n${subtotals}`);
    assert.ok(subtotals.replace(/\s/g, '').includes(amountInWords(sum)), `大写 ${amountInWords(sum)}`);
  }
  for (const alone of [10_000, 20_000, 5_000, 2_500]) assert.ok(!subtotals.includes(formatFen(alone)), `no row of ${formatFen(alone)} alone`);
  // Shown as first typed (the narrow space prints as a space), with two lines each.
  assert.match(subtotals, /厦门大学附属第一医院 思明分院\s+2\s/);
  assert.match(subtotals, /中山医院・Ｘ光室\s+2\s/);
});
