// Keep-with rules of the PDF tables (electron/core/pdf/layout/table.ts): a total row stays with
// the last line, the 大写 row with the total, a footnote with the table's last rows, and a
// continued page never shows a repeated column header with no rows under it. Checked on the
// layout's page plans (drawn on a canvas that records the text) for every line count or note
// length around a page break, then once in a built package with pdftotext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Canvas } from '../../electron/core/pdf/canvas.ts';
import { createFaces, type Fonts } from '../../electron/core/pdf/fonts.ts';
import { packageFacts } from '../../electron/core/pdf/facts.ts';
import { buildPackage } from '../../electron/core/pdf/index.ts';
import type { PagePlan, RenderContext } from '../../electron/core/pdf/layout/flow.ts';
import { materialsSection } from '../../electron/core/pdf/materials.ts';
import { expenseSection } from '../../electron/core/pdf/summary.ts';
import { voucherSection } from '../../electron/core/pdf/voucher.ts';
import { amountInWords } from '../../shared/rules/moneyWords.ts';
import type { CaseFile, Expense } from '../../shared/model/case.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { evaluationFor, idNumber, newbornCase, tripCase } from '../fixtures/pdf/cases.ts';
import { pageCount, pdftotext, writeTemp } from '../fixtures/pdf/poppler.ts';

const pack = defaultPack();
const fontsOnce = PDFDocument.create().then((doc) => createFaces(doc, 'keep-with'));

/** The text each page plan draws, in drawing order (the running header and footer are not in the plans). */
function pageTexts(pages: readonly PagePlan[], fonts: Fonts): string[][] {
  return pages.map((plan, i) => {
    const texts: string[] = [];
    const canvas = new Proxy({}, { get: (_, name) => (name === 'text' ? (_x: number, _y: number, text: string) => texts.push(text) : () => {}) }) as Canvas;
    const ctx: RenderContext = { fonts, pageNumber: i + 1, pageCount: pages.length, materialPages: new Map() };
    for (const op of plan.ops) op(canvas, ctx);
    return texts;
  });
}

function facts(caseFile: CaseFile) {
  return packageFacts({ number: 'KW-1', caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2026-11-20' });
}

/** One-line invoices as the tester's case had them (the same height every row). */
function oneLineInvoices(n: number): Expense[] {
  const hospitals = ['厦门市中医院', '厦门长庚医院', '厦门市第三医院'];
  return Array.from({ length: n }, (_, i) => ({
    invoiceCode: '35010126', invoiceNo: String(1000 + i).padStart(10, '0'), date: '2026-10-02',
    institution: hospitals[i % 3]!, item: '门诊诊疗', kind: 'outpatient' as const, amountFen: 100 + i, visits: 1,
  }));
}

/**
 * The page of each summary-table row (data lines by their invoice label, then 合计 and 大写),
 * and every page that draws the table's column header.
 */
function expenseTablePages(texts: string[][], lines: readonly Expense[]) {
  const pageOf = (match: (t: string) => boolean): number => texts.findIndex((p) => p.some(match));
  const linePages = lines.map((e) => pageOf((t) => t === `${e.invoiceCode} ${e.invoiceNo}`));
  return {
    linePages,
    total: pageOf((t) => t === `合计（${lines.length} 笔）`),
    words: pageOf((t) => t.startsWith('合计金额（大写）：')),
    headerPages: texts.flatMap((p, i) => (p.includes('票据代码 / 号码') ? [i] : [])),
  };
}

test('summary table: for every line count around a page break, 大写 is on the page of 合计, 合计 on the page of the last line, and no header stands without lines', async () => {
  const fonts = await fontsOnce;
  // Lines with rows of several heights (long institutions wrap) and one-line lines: the break
  // falls before the last line, before 合计 and before 大写 at some count in each.
  const generators: [string, (n: number) => CaseFile][] = [
    ['mixed rows', (n) => tripCase(n)],
    ['one-line rows', (n) => ({ ...tripCase(0), expenses: oneLineInvoices(n) })],
  ];
  for (const [kind, make] of generators) {
    let lastLineOpensPage = 0;
    for (let n = 1; n <= 140; n++) {
      const caseFile = make(n);
      const texts = pageTexts(expenseSection(fonts, facts(caseFile)).pages, fonts);
      const at = expenseTablePages(texts, caseFile.expenses!);
      const label = `${kind}, ${n} lines`;
      assert.ok(at.linePages.every((p) => p >= 0), `${label}: every line is drawn`);
      assert.equal(at.words, at.total, `${label}: 合计金额（大写） on page ${at.words + 1}, 合计 on page ${at.total + 1}`);
      assert.equal(at.total, at.linePages[n - 1], `${label}: 合计 on page ${at.total + 1}, the last line on page ${at.linePages[n - 1]! + 1}`);
      for (const p of at.headerPages) assert.ok(at.linePages.includes(p), `${label}: page ${p + 1} repeats the column header with no line under it`);
      // The case the rule is for: the last line carried over to a continued page with 合计 and 大写.
      if (n > 1 && at.linePages[n - 1] !== at.linePages[n - 2]) lastLineOpensPage++;
    }
    assert.ok(lastLineOpensPage > 0, `${kind}: some count puts the break right before the last line (the loop reaches the critical place)`);
  }
});

test('subtotal tables and the voucher sheet: the 合计 row is never alone under a repeated header', async () => {
  const fonts = await fontsOnce;
  for (let n = 1; n <= 140; n++) {
    const texts = pageTexts(expenseSection(fonts, facts(tripCase(n))).pages, fonts);
    // A subtotal table's header is 金额（大写）; under it, some row other than 合计.
    texts.forEach((page, p) => {
      let header = page.indexOf('金额（大写）');
      while (header >= 0) {
        const next = page.indexOf('金额（大写）', header + 1);
        const under = page.slice(header + 1, next < 0 ? undefined : next);
        assert.ok(under.length > 0 && under[0] !== '合计', `${n} lines: page ${p + 1} has a subtotal header over ${under[0] ?? 'nothing'}`);
        header = next;
      }
    });
  }
  const base = newbornCase();
  let lastOpensPage = 0;
  for (let n = 1; n <= 90; n++) {
    const lines = Array.from({ length: n }, (_, i) => ({ ...base.expenses![i % base.expenses!.length]!, invoiceNo: String(5000 + i).padStart(10, '0'), nameOnVoucher: '欧阳思远之子' }));
    const caseFile = { ...base, expenses: lines };
    const texts = pageTexts(voucherSection(fonts, facts(caseFile))!.pages, fonts);
    const pageOf = (match: (t: string) => boolean): number => texts.findIndex((p) => p.some(match));
    const linePages = lines.map((e) => pageOf((t) => t === `${e.invoiceCode} ${e.invoiceNo}`));
    const total = pageOf((t) => t === `合计（${n} 张）`);
    assert.equal(pageOf((t) => t.startsWith('合计金额（大写）：')), total, `voucher sheet, ${n} invoices: 大写 with 合计`);
    assert.equal(total, linePages[n - 1], `voucher sheet, ${n} invoices: 合计 with the last invoice`);
    texts.forEach((page, p) => {
      if (page.includes('凭证姓名') && page.includes('金额（元）')) assert.ok(linePages.includes(p), `voucher sheet, ${n} invoices: page ${p + 1} has the header and no invoice`);
    });
    if (n > 1 && linePages[n - 1] !== linePages[n - 2]) lastOpensPage++;
  }
  assert.ok(lastOpensPage > 0, 'the voucher loop reaches a count where the last invoice opens a page');
});

test('materials index: for every note length around a page break, the 所在页码 footnote is on the page of the table\'s last row, and no header stands without rows', async () => {
  const fonts = await fontsOnce;
  let footnoteMovedRow = 0;
  for (let k = 1; k <= 70; k++) {
    // A long note on the first material pushes the last rows towards the foot of the page.
    const note = Array.from({ length: k }, (_, i) => `原件第${i + 1}页另行提交`).join('\n');
    const base = tripCase(3);
    const caseFile: CaseFile = { ...base, materials: [{ ...base.materials![0]!, note }, ...base.materials!.slice(1)] };
    const f = facts(caseFile);
    const texts = pageTexts(materialsSection(fonts, f, []).pages, fonts);
    const rows = f.evaluation.materials.length;
    // Row n's 序号 is the text "n" drawn in the table; a row's title starts with its material's.
    const titlePage = (i: number): number => texts.findIndex((p) => p.some((t) => t.startsWith(f.evaluation.materials[i]!.title['zh-CN'])));
    const lastRow = titlePage(rows - 1);
    const footnote = texts.findIndex((p) => p.some((t) => t.startsWith('“所在页码”指本材料包中附件所在的页')));
    assert.ok(lastRow >= 0 && footnote >= 0, `note of ${k} lines: the last row and the footnote are drawn`);
    assert.equal(footnote, lastRow, `note of ${k} lines: footnote on page ${footnote + 1}, the last row on page ${lastRow + 1}`);
    texts.forEach((page, p) => {
      if (page.includes('材料名称')) assert.ok(page.some((t) => /^\d+$/.test(t)), `note of ${k} lines: page ${p + 1} repeats the header with no row under it`);
    });
    if (lastRow > titlePage(rows - 2)) footnoteMovedRow++;
  }
  assert.ok(footnoteMovedRow > 0, 'some note length puts the break right before the last row (the loop reaches the critical place)');
});

test('the tester\'s case (38 one-line invoices) as built: 合计 and 大写 on one page with the last line, no page holding only the header', async () => {
  const caseFile: CaseFile = {
    ...tripCase(0), claimant: { name: '王五', idNumber: idNumber('35020319900512042'), employer: '厦门某某有限公司', phone: '13800000000' },
    expenses: oneLineInvoices(38),
  };
  const out = await buildPackage({ number: 'ORPH-38', caseFile, evaluation: evaluationFor(caseFile, pack), pack, preparedOn: '2026-11-20' });
  const file = writeTemp(out.bytes);
  const pages = Array.from({ length: pageCount(file) }, (_, i) => pdftotext(file, '-layout', '-f', String(i + 1), '-l', String(i + 1)));
  const total = pages.findIndex((p) => p.includes('合计（38 笔）'));
  assert.ok(total >= 0);
  assert.ok(pages[total]!.includes(`合计金额（大写）：人民币${amountInWords(caseFile.expenses!.reduce((s, e) => s + e.amountFen, 0))}`), '大写 on the page of 合计');
  assert.ok(pages[total]!.includes('0000001037'), 'the last line on the page of 合计');
  pages.forEach((p, i) => {
    if (p.includes('票据代码 / 号码')) assert.match(p, /35010126 \d{10}/, `page ${i + 1} has the column header and no line`);
  });
});
