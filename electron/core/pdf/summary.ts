// The expense summary table (费用汇总表) and the subtotals per institution and per kind,
// each total in figures and in 大写 (rule money.words).
import { amountInWords, formatFen } from '../../../shared/rules/moneyWords.ts';
import type { Expense, ExpenseKind } from '../../../shared/model/case.ts';
import { MUTED } from './canvas.ts';
import type { PackageFacts } from './facts.ts';
import type { Fonts } from './fonts.ts';
import { Flow } from './layout/flow.ts';
import { serialColumn, table, type Cell, type Column } from './layout/table.ts';
import { KIND_LABELS, SECTION_TITLES } from './labels.ts';
import { wrapAmountWords } from './text.ts';
import type { Section } from './section.ts';

export function invoiceLabel(e: Expense): string {
  if (e.invoiceCode && e.invoiceNo) return `${e.invoiceCode} ${e.invoiceNo}`;
  return e.invoiceCode ?? e.invoiceNo ?? '—';
}

/** The summary table's columns by weight; `expenseColumns` fits 序号 to the row count. */
export const EXPENSE_COLUMNS: readonly Column[] = [
  { title: '序号', weight: 4.2, align: 'center' },
  { title: '就诊日期', weight: 9.6, align: 'center' },
  { title: '医疗机构', weight: 21, gives: true },
  { title: '项目', weight: 14, gives: true },
  { title: '票据代码 / 号码', weight: 18, align: 'center' },
  { title: '类别', weight: 8.2, align: 'center' },
  { title: '金额（元）', weight: 11.5, align: 'right', fitCells: 'always' },
];

/** 序号 widens for four-digit row numbers (2000 lines) rather than wrap them onto two lines. */
export const expenseColumns = (rows: number): readonly Column[] => [serialColumn(rows), ...EXPENSE_COLUMNS.slice(1)];

function titled(flow: Flow, title: string, subtitle: string): void {
  flow.paragraph(title, { size: 15, face: 'bold', align: 'center', lineHeight: 24 });
  flow.paragraph(subtitle, { size: 9, color: MUTED, align: 'center', lineHeight: 14, after: 6 });
}

/** The summary table of every expense line, then the subtotals and the grand total. */
export function expenseSection(fonts: Fonts, facts: PackageFacts): Section {
  const flow = new Flow(fonts, SECTION_TITLES.expenses);
  const { claimant } = facts.caseFile;
  const subtitle = `案件编号 ${facts.number}　参保人 ${claimant.name}　共 ${facts.expenses.length} 笔　合计 ¥${formatFen(facts.totalFen)} 元`;
  titled(flow, SECTION_TITLES.expenses, subtitle);
  flow.onNewPage = (f) => f.paragraph(`${SECTION_TITLES.expenses}（续）`, { size: 11, face: 'bold', align: 'center', lineHeight: 20, after: 4 });

  const rows: Cell[][] = facts.expenses.map((e, i) => [
    String(i + 1),
    e.date,
    e.institution,
    e.item ?? '',
    invoiceLabel(e),
    KIND_LABELS[e.kind],
    formatFen(e.amountFen),
  ]);
  rows.push([
    { text: `合计（${facts.expenses.length} 笔）`, span: 6, bold: true, align: 'center' },
    { text: formatFen(facts.totalFen), bold: true },
  ]);
  rows.push([{ text: `合计金额（大写）：人民币${amountInWords(facts.totalFen)}`, span: 7, bold: true, align: 'left' }]);
  const last = rows.length - 1;
  // The 合计 row stays with the last line and the 大写 row with 合计: never a total alone under
  // the repeated header of a continued page.
  table(flow, expenseColumns(facts.expenses.length), rows, { shaded: (i) => i >= last - 1, keepWithPrevious: (i) => i >= last - 1 });

  const marks = [{ title: SECTION_TITLES.subtotals, page: 0 }];
  flow.onNewPage = undefined;
  flow.space(18);
  flow.ensure(120);
  marks[0]!.page = flow.pageIndex;
  subtotals(flow, facts);
  return { key: 'expenses', title: SECTION_TITLES.expenses, pages: flow.pages, marks };
}

function groupSum<K>(expenses: readonly Expense[], key: (e: Expense) => K): Map<K, { lines: number; fen: number }> {
  const out = new Map<K, { lines: number; fen: number }>();
  for (const e of expenses) {
    const k = key(e);
    const g = out.get(k) ?? { lines: 0, fen: 0 };
    g.lines += 1;
    g.fen += e.amountFen;
    out.set(k, g);
  }
  return out;
}

/** Middle dots of every kind (·, ・, •, ‧, ∙, ⋅, ･): hospital systems and typists use them interchangeably in a name. */
const MIDDLE_DOTS = /[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65]/gu;
/** Runs of white space of any kind (U+202F from Excel, U+3000, tabs…) and invisible format characters. */
const SPACES = /[\p{White_Space}\u200b-\u200d\u2060\ufeff]+/gu;

/**
 * One institution however it was typed: its lines imported from two systems write
 * "厦门大学附属第一医院\u202F思明分院" and "厦门大学附属第一医院 思明分院", "Ｘ医院" and "X医院",
 * "中山医院・门诊" and "中山医院•门诊". Printed apart, they gave the counter two subtotal rows that
 * look alike. Compatibility forms folded (NFKC: full-width letters and digits), white space of
 * any kind one space, middle dots one dot. Nothing else is merged: two names that differ in a
 * character are two institutions.
 */
export function institutionKey(name: string): string {
  return name.normalize('NFKC').replace(MIDDLE_DOTS, '·').replace(SPACES, ' ').trim();
}

/** Subtotals per institution: lines grouped by institutionKey, each group under the first spelling met. */
export function institutionSubtotals(expenses: readonly Expense[]): Map<string, { lines: number; fen: number }> {
  const byKey = new Map<string, { shown: string; lines: number; fen: number }>();
  for (const e of expenses) {
    const k = institutionKey(e.institution);
    const g = byKey.get(k) ?? { shown: e.institution, lines: 0, fen: 0 };
    g.lines += 1;
    g.fen += e.amountFen;
    byKey.set(k, g);
  }
  return new Map([...byKey.values()].map(({ shown, lines, fen }) => [shown, { lines, fen }]));
}

const SUBTOTAL_COLUMNS = (first: string): Column[] => [
  { title: first, weight: 30, gives: true },
  { title: '笔数', weight: 7, align: 'center', fitCells: 'always' },
  { title: '金额（元）', weight: 14, align: 'right', fitCells: 'always' },
  { title: '金额（大写）', weight: 35, fitCells: 'prefer', wrap: wrapAmountWords },
];

function subtotals(flow: Flow, facts: PackageFacts): void {
  flow.paragraph(SECTION_TITLES.subtotals, { size: 13, face: 'bold', lineHeight: 22, after: 2 });
  flow.onNewPage = (f) => f.paragraph(`${SECTION_TITLES.subtotals}（续）`, { size: 11, face: 'bold', align: 'center', lineHeight: 20, after: 4 });

  const byInstitution = institutionSubtotals(facts.expenses);
  flow.paragraph('按医疗机构', { size: 10.5, face: 'bold', lineHeight: 18 });
  const instRows: Cell[][] = [...byInstitution].map(([name, g]) => [name, String(g.lines), formatFen(g.fen), amountInWords(g.fen)]);
  instRows.push(totalRow(facts));
  table(flow, SUBTOTAL_COLUMNS('医疗机构'), instRows, { shaded: (i) => i === instRows.length - 1, keepWithPrevious: (i) => i === instRows.length - 1 });

  flow.space(12);
  const byKind = groupSum(facts.expenses, (e) => e.kind);
  flow.ensure(18 + 40);
  flow.paragraph('按费用类别', { size: 10.5, face: 'bold', lineHeight: 18 });
  const kinds = (Object.keys(KIND_LABELS) as ExpenseKind[]).filter((k) => byKind.has(k));
  const kindRows: Cell[][] = kinds.map((k) => {
    const g = byKind.get(k)!;
    return [KIND_LABELS[k], String(g.lines), formatFen(g.fen), amountInWords(g.fen)];
  });
  kindRows.push(totalRow(facts));
  table(flow, SUBTOTAL_COLUMNS('费用类别'), kindRows, { shaded: (i) => i === kindRows.length - 1, keepWithPrevious: (i) => i === kindRows.length - 1 });

  flow.space(12);
  flow.ensure(40);
  flow.paragraph(`总计（小写）：¥ ${formatFen(facts.totalFen)} 元`, { size: 11, face: 'bold', lineHeight: 19 });
  flow.paragraph(`总计（大写）：人民币${amountInWords(facts.totalFen)}`, { size: 11, face: 'bold', lineHeight: 19 });
}

function totalRow(facts: PackageFacts): Cell[] {
  return [
    { text: '合计', bold: true, align: 'center' },
    { text: String(facts.expenses.length), bold: true },
    { text: formatFen(facts.totalFen), bold: true },
    { text: amountInWords(facts.totalFen), bold: true },
  ];
}
