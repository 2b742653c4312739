// The cover sheet: who claims what, how much (figures and 大写), on which legal basis,
// whether the case is complete, and the case number as a QR code.
import { amountInWords, formatFen } from '../../../shared/rules/moneyWords.ts';
import { AMBER, GREEN, MUTED, RED } from './canvas.ts';
import type { PackageFacts } from './facts.ts';
import type { Fonts } from './fonts.ts';
import { BODY_TOP, Flow } from './layout/flow.ts';
import { table, type Cell } from './layout/table.ts';
import { chineseDate, LEVEL_LABELS, PACKAGE_SUBTITLE, SCHEME_LABELS, SECTION_TITLES } from './labels.ts';
import { printedIdNumber } from './idNumber.ts';
import { breakCode } from './text.ts';
import { qrOps } from './qr.ts';
import { invoiceLabel } from './summary.ts';
import { voucherNameText } from './voucher.ts';
import type { Section } from './section.ts';
import type { Finding } from '../../../shared/model/evaluation.ts';

export const QR_SIZE = 78;
const CAPTION_SIZE = 7.5;
/** Smallest type the caption shrinks to before it breaks onto more lines. */
const CAPTION_MIN_SIZE = 6;

/**
 * The case number under the QR code, within the QR's width (it sits against the right margin):
 * smaller type for a long number, then broken after its hyphens, never cut short, so the
 * printed number is the one the QR encodes.
 */
function qrCaption(fonts: Fonts, number: string): { size: number; lineHeight: number; lines: string[] } {
  const full = fonts.regular.width(number, CAPTION_SIZE);
  const size = full <= QR_SIZE ? CAPTION_SIZE : Math.max(CAPTION_MIN_SIZE, (CAPTION_SIZE * QR_SIZE) / full);
  return { size, lineHeight: size * 1.3, lines: breakCode(number, fonts.regular, size, QR_SIZE) };
}

/** 'seed §11' → '，第 11 项' (the item of the published answer the category rests on). */
function sourceLabel(source: string): string {
  const m = /\u00A7\s*(\d+)/.exec(source); // §
  return m ? `，第 ${m[1]} 项` : '';
}

export function coverSection(fonts: Fonts, facts: PackageFacts): Section {
  const flow = new Flow(fonts, SECTION_TITLES.cover);
  const { caseFile, evaluation, pack, category } = facts;
  const claimant = caseFile.claimant;

  // QR code of the case number, top right, with the number under it.
  const qrLeft = flow.right - QR_SIZE;
  const caption = qrCaption(fonts, facts.number);
  flow.draw((c, ctx) => {
    c.raw(qrOps(facts.number, qrLeft, c.height - BODY_TOP, QR_SIZE));
    caption.lines.forEach((line, i) => {
      c.text(qrLeft + QR_SIZE / 2, BODY_TOP + QR_SIZE + 8 + i * caption.lineHeight, line, ctx.fonts.regular, caption.size, { align: 'center', color: MUTED });
    });
  });

  flow.y = BODY_TOP + 22;
  flow.paragraph(`医疗费用${PACKAGE_SUBTITLE}`, { size: 20, face: 'bold', align: 'center', lineHeight: 30 });
  flow.paragraph(pack.title['zh-CN'], { size: 12, align: 'center', color: MUTED, lineHeight: 20 });
  // The table starts below the caption, however many lines it took.
  flow.y = Math.max(flow.y, BODY_TOP + QR_SIZE + 22 + (caption.lines.length - 1) * caption.lineHeight);

  const rows: Cell[][] = [];
  const kv = (label: string, value: string, bold = false): void => {
    rows.push([{ text: label, bold: true }, { text: value, bold }]);
  };
  kv('案件编号', facts.number);
  kv('参保人姓名', claimant.name, true);
  kv('公民身份号码', printedIdNumber(claimant.idNumber));
  if (claimant.employer) kv('工作单位', claimant.employer);
  if (claimant.phone) kv('联系电话', claimant.phone);
  kv('参保险种', caseFile.scheme ? SCHEME_LABELS[caseFile.scheme] : '未填写');
  kv('报销类别', category ? category.title['zh-CN'] : caseFile.category, true);
  if (caseFile.category === 'newborn' && caseFile.newborn) {
    // The voucher sheet's own words for the voucher name (with the sex not recorded: the names
    // the invoices carry), never a second guess of them.
    const v = voucherNameText(facts);
    const named = caseFile.newborn.name;
    kv('新生儿', named ? (v.startsWith('—') ? named : `${named}（凭证姓名 ${v}）`) : v);
  }
  if (category) kv('政策依据', `${category.basis['zh-CN']}（${pack.title['zh-CN']}政策 ${pack.version}${sourceLabel(category.source)}）`);
  kv('费用笔数', `${facts.expenses.length} 笔`);
  kv('费用合计（小写）', `¥ ${formatFen(facts.totalFen)} 元`, true);
  kv('费用合计（大写）', `人民币${amountInWords(facts.totalFen)}`, true);
  kv('经办人', facts.preparedBy ?? '—');
  // 制表日期: the day the package is built (both hosts pass their today). 申请日期: the date the
  // case was evaluated for — its filedOn, or by default the day of the evaluation
  // (CASE-FILE.md: default today) — printed either way, as the rules counted from it.
  kv('制表日期', chineseDate(facts.preparedOn));
  kv('申请日期', chineseDate(evaluation.filedOn ?? caseFile.filedOn ?? facts.preparedOn));
  table(flow, [{ title: '项目', weight: 1.15 }, { title: '内容', weight: 3.85 }], rows, {
    header: false,
    style: { size: 10.5, lineHeight: 15, padX: 6, padY: 4.5 },
  });

  // Completeness verdict and what is still open.
  flow.space(16);
  flow.paragraph('材料完整性', { size: 12.5, face: 'bold', lineHeight: 20 });
  if (evaluation.complete) {
    flow.paragraph('√ 材料齐全，未发现需要处理的问题，可以提交。', { size: 10.5, color: GREEN, face: 'bold' });
  } else {
    flow.paragraph('× 尚不完整：请先处理下列事项再提交。', { size: 10.5, color: RED, face: 'bold' });
  }
  // Missing materials are findings of the evaluation too; the materials index lists them all.
  const hang = fonts.regular.width('【问题】', 10);
  for (const item of coverFindings(evaluation.findings)) {
    const f = item.finding;
    const color = f.level === 'error' ? RED : f.level === 'warning' ? AMBER : MUTED;
    const text = item.moreLines
      ? `另有 ${item.moreLines.length} 行同类问题：${lineRanges(item.moreLines)}`
      : `${lineOf(facts, f.at)}${f.message['zh-CN']}`;
    flow.paragraph(`【${LEVEL_LABELS[f.level]}】${text}`, { size: 10, color, indent: 10, hang });
  }
  const missing = evaluation.materials.filter((m) => m.required && m.status === 'missing');
  if (missing.length > 0 && evaluation.findings.length === 0) {
    flow.paragraph(`【缺少材料】${missing.map((m) => m.title['zh-CN']).join('、')}`, { size: 10, color: RED, indent: 10, hang: fonts.regular.width('【缺少材料】', 10) });
  }
  if (evaluation.complete && evaluation.findings.length === 0) {
    flow.paragraph('无待处理事项。', { size: 10, color: MUTED, indent: 10 });
  }

  // Signatures.
  flow.space(28);
  flow.ensure(40);
  flow.paragraph('参保人（代办人）签名：____________________        经办人签名：____________________', { size: 10, lineHeight: 22 });
  flow.paragraph('本材料由 ClaimDesk 医保零星报销材料助手生成，金额以原始票据为准。', { size: 8, color: MUTED });

  return { key: 'cover', title: SECTION_TITLES.cover, pages: flow.pages, marks: [] };
}

/** Per-line findings of one kind shown in full on the cover; the rest are counted and their lines named. */
const SHOWN_PER_KIND = 3;

/**
 * The findings as the cover lists them. A slip repeated on many lines (200 expenses dated
 * before the birth) used to fill nine pages of the cover, pushing the signature line far
 * from the rest: per-line findings of one rule, level and field are shown for their first
 * lines, then counted in one line naming the others (the summary table has them by 序号).
 */
export function coverFindings(findings: readonly Finding[]): { finding: Finding; moreLines?: number[] }[] {
  const kindOf = (f: Finding): string | undefined => {
    const m = /^expenses\[(\d+)\](.*)$/.exec(f.at ?? '');
    return m ? `${f.rule}|${f.level}|${m[2]}` : undefined;
  };
  const byKind = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = kindOf(f);
    if (k) byKind.set(k, [...(byKind.get(k) ?? []), f]);
  }
  const out: { finding: Finding; moreLines?: number[] }[] = [];
  for (const f of findings) {
    const k = kindOf(f);
    const kind = k ? byKind.get(k)! : undefined;
    if (!kind || kind.length <= SHOWN_PER_KIND + 1) { out.push({ finding: f }); continue; }
    const at = kind.indexOf(f);
    if (at < SHOWN_PER_KIND) out.push({ finding: f });
    else if (at === SHOWN_PER_KIND) out.push({ finding: f, moreLines: kind.slice(SHOWN_PER_KIND).map((x) => Number(/^expenses\[(\d+)\]/.exec(x.at!)![1]) + 1).sort((a, b) => a - b) });
  }
  return out;
}

/** [4, 5, 6, 9, 11, 12] → '第 4–6、9、11–12 行'. */
function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j > i ? `${lines[i]}–${lines[j]}` : String(lines[i]));
    i = j;
  }
  return `第 ${parts.join('、')} 行`;
}

/**
 * Which expense line a finding is about, as the summary table numbers it (序号 = line):
 * '第 3 行（票据 35010126 0007712001）：'. Per-line findings say 'this invoice'; on paper that
 * needs saying which.
 */
function lineOf(facts: PackageFacts, at: string | undefined): string {
  const m = /^expenses\[(\d+)\]/.exec(at ?? '');
  if (!m) return '';
  const i = Number(m[1]);
  const e = facts.caseFile.expenses?.[i];
  if (!e) return '';
  const invoice = e.invoiceCode || e.invoiceNo ? `票据 ${invoiceLabel(e)}` : `${e.date} ${e.institution}`;
  return `第 ${i + 1} 行（${invoice}）：`;
}
