// The newborn voucher sheet (category newborn, rule cat.newborn.parentName): until the child
// is registered with a name, invoices carry the parent's name + 之子 (son) / 之女 (daughter)
// (shared/rules/newbornName.ts). The sheet ties the voucher name to the child, the parent and
// the invoices that carry it.
import type { Newborn } from '../../../shared/model/case.ts';
import { amountInWords, formatFen } from '../../../shared/rules/moneyWords.ts';
import { MUTED } from './canvas.ts';
import type { PackageFacts } from './facts.ts';
import type { Fonts } from './fonts.ts';
import { Flow } from './layout/flow.ts';
import { serialColumn, table, type Cell } from './layout/table.ts';
import { chineseDate, KIND_LABELS, SECTION_TITLES, SEX_LABELS } from './labels.ts';
import { printedIdNumber } from './idNumber.ts';
import { invoiceLabel } from './summary.ts';
import { expectedVoucherName, newbornVoucherName, sameVoucherName } from '../../../shared/rules/newbornName.ts';
import { newbornParentIdNumber } from '../../../shared/rules/identity.ts';
import type { NewbornNaming } from '../../../shared/policy/schema.ts';
import type { Section } from './section.ts';

/** The voucher names a child of unknown sex may carry: son's and daughter's, for the recorded
 *  ordinal (a twin's （二）…), or for any when none is recorded. */
function possibleVoucherNames(parentName: string, ordinal: number | undefined, naming: NewbornNaming): string[] {
  const ordinals = ordinal !== undefined && Number.isInteger(ordinal) && ordinal >= 1 && ordinal <= 9 ? [ordinal] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  return ordinals.flatMap((n) => [newbornVoucherName(parentName, 'male', n, naming), newbornVoucherName(parentName, 'female', n, naming)]);
}

/**
 * The voucher name as the sheet's 凭证姓名 row prints it — and the cover, so that the two
 * never disagree: the name the rule gives, or with the sex not recorded the names the
 * invoices carry (票据所载，性别未登记), or — when they carry none — a dash.
 */
export function voucherNameText(facts: PackageFacts): string {
  return voucherNames(facts).text;
}

function voucherNames(facts: PackageFacts): { vName: string | undefined; possible: string[]; carried: string[]; text: string } {
  const { caseFile } = facts;
  const nb: Newborn = caseFile.newborn ?? {};
  const vName = expectedVoucherName(caseFile, facts.pack) ?? undefined;
  const possible = vName ? [vName] : possibleVoucherNames(nb.parentName?.trim() || caseFile.claimant.name, nb.ordinal, facts.pack.newbornNaming);
  const carried = vName ? [vName] : possible.filter((n) => facts.expenses.some((e) => e.nameOnVoucher !== undefined && sameVoucherName(e.nameOnVoucher, n)));
  const text = vName ?? (carried.length > 0 ? `${carried.join('、')}（票据所载，性别未登记）` : '—（性别未登记）');
  return { vName, possible, carried, text };
}

export function voucherSection(fonts: Fonts, facts: PackageFacts): Section | undefined {
  const { caseFile } = facts;
  if (caseFile.category !== 'newborn') return undefined;
  const nb: Newborn = caseFile.newborn ?? {};
  const flow = new Flow(fonts, SECTION_TITLES.voucher);
  const { vName, possible, carried, text: vText } = voucherNames(facts);
  // The claimant's name and ID number are the parent's only when the parent is the claimant:
  // a father named beside a mother who claims must not get her number, and a parent's number
  // that is not the claimant's must not get the claimant's name.
  const claimantId = caseFile.claimant.idNumber?.trim().toUpperCase();
  const otherParentId = nb.parentIdNumber !== undefined && nb.parentIdNumber.toUpperCase() !== claimantId;
  const parentName = nb.parentName?.trim() || (otherParentId ? '未填写' : caseFile.claimant.name);
  // The parent's number (the claimant's only when the parent is the claimant): the same one
  // the rules check 与新生儿关系 against (id.resident).
  const parentId = newbornParentIdNumber(caseFile);
  const relation = nb.parent === 'father' ? '父亲' : nb.parent === 'mother' ? '母亲' : '—';
  // Sex not recorded: the name is 之子 or 之女 (and, for a twin, its ordinal form); the sheet
  // lists the invoices carrying either and shows which of them they carry.
  const quoted = (names: readonly string[], joiner: string): string => names.map((n) => `“${n}”`).join(joiner);

  flow.paragraph(SECTION_TITLES.voucher, { size: 15, face: 'bold', align: 'center', lineHeight: 24 });
  flow.paragraph(
    vName
      ? `新生儿取名登记前，医疗票据以${nb.parent === 'father' ? '父亲' : nb.parent === 'mother' ? '母亲' : '父母'}姓名加“之子/之女”开具，本案凭证姓名为“${vName}”。`
        // Once registered, later invoices carry the child's own name: said, so that the list
        // below (which holds both) does not read as if all were issued as the voucher name.
        + (nb.name ? `新生儿已登记姓名“${nb.name}”，登记后的票据以该姓名开具。` : '')
      : `未登记新生儿性别，凭证姓名应为${quoted(possible.slice(0, 2), '或')}${possible.length > 2 ? '（多胞胎加序号）' : ''}。`
        + (carried.length > 0 ? `本案票据所载凭证姓名为${quoted(carried, '、')}，请登记性别后核对。` : '本案票据均未载上述凭证姓名。'),
    { size: 9.5, color: MUTED, lineHeight: 15, after: 8 },
  );

  const kv = (rows: [string, string][]): Cell[][] => rows.map(([k, v]) => [{ text: k, bold: true }, v]);
  const kvColumns = [{ title: '项目', weight: 1.2 }, { title: '内容', weight: 3.8 }];
  const style = { size: 10, lineHeight: 14, padX: 6, padY: 4 };

  flow.paragraph('新生儿', { size: 11.5, face: 'bold', lineHeight: 20 });
  table(flow, kvColumns, kv([
    ['凭证姓名', vText],
    ['登记姓名', nb.name ?? '尚未取名'],
    ['性别', nb.sex ? SEX_LABELS[nb.sex] : '未登记'],
    ['出生日期', chineseDate(nb.birthDate)],
    ['出生医学证明编号', nb.birthCertificateNo ?? '—'],
    ...(nb.ordinal !== undefined && nb.ordinal > 1 ? [['多胞胎序号', `第 ${nb.ordinal} 个`] as [string, string]] : []),
  ]), { header: false, style });

  flow.space(10);
  flow.paragraph('父（母）', { size: 11.5, face: 'bold', lineHeight: 20 });
  table(flow, kvColumns, kv([
    ['姓名', parentName],
    ['公民身份号码', parentId ? printedIdNumber(parentId) : '未填写'],
    ['与新生儿关系', relation],
  ]), { header: false, style });

  flow.space(10);
  flow.paragraph('参保缴费', { size: 11.5, face: 'bold', lineHeight: 20 });
  table(flow, kvColumns, kv([
    ['参保登记日期', chineseDate(nb.enrolledOn)],
    ['缴费到账日期', chineseDate(nb.premiumPaidOn)],
  ]), { header: false, style });

  // The invoices that carry the voucher name (or, once registered, the child's name).
  const names = [...carried, nb.name ?? undefined].filter((n): n is string => !!n);
  const invoices = facts.expenses.filter((e) => e.nameOnVoucher !== undefined && names.some((n) => sameVoucherName(e.nameOnVoucher!, n)));
  flow.space(12);
  const underRegistered = nb.name ? invoices.filter((e) => !carried.some((n) => sameVoucherName(e.nameOnVoucher!, n))).length : 0;
  flow.paragraph(underRegistered > 0
    ? `新生儿的票据（${invoices.length} 张：凭证姓名 ${invoices.length - underRegistered} 张，登记姓名 ${underRegistered} 张）`
    : `以凭证姓名开具的票据（${invoices.length} 张）`, { size: 11.5, face: 'bold', lineHeight: 20 });
  flow.onNewPage = (f) => f.paragraph(`${SECTION_TITLES.voucher}（续）`, { size: 11, face: 'bold', align: 'center', lineHeight: 20, after: 4 });
  if (invoices.length === 0) {
    flow.paragraph('没有票据登记为上述凭证姓名。', { size: 10, color: MUTED });
  } else {
    let sum = 0;
    const rows: Cell[][] = invoices.map((e, i) => {
      sum += e.amountFen;
      return [String(i + 1), e.date, e.institution, invoiceLabel(e), e.nameOnVoucher ?? '', KIND_LABELS[e.kind], formatFen(e.amountFen)];
    });
    rows.push([{ text: `合计（${invoices.length} 张）`, span: 6, bold: true, align: 'center' }, { text: formatFen(sum), bold: true }]);
    rows.push([{ text: `合计金额（大写）：人民币${amountInWords(sum)}`, span: 7, bold: true, align: 'left' }]);
    // 合计 stays with the last invoice and 大写 with 合计, as in the summary table.
    table(flow, [
      serialColumn(invoices.length),
      { title: '日期', weight: 9.6, align: 'center' },
      { title: '医疗机构', weight: 22, gives: true },
      { title: '票据代码 / 号码', weight: 18, align: 'center' },
      { title: '凭证姓名', weight: 10, align: 'center', fitCells: 'prefer' },
      { title: '类别', weight: 8, align: 'center' },
      { title: '金额（元）', weight: 11.5, align: 'right', fitCells: 'always' },
    ], rows, { shaded: (i) => i >= rows.length - 2, keepWithPrevious: (i) => i >= rows.length - 2 });
  }
  return { key: 'voucher', title: SECTION_TITLES.voucher, pages: flow.pages, marks: [] };
}
