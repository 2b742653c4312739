// cat.newborn.parentName (seed §11): a newborn without a name when the expenses arose
// appears on the vouchers (invoices, summary lists, discharge records) as the mother's or
// father's name + 之子 (son) or 之女 (daughter): 张三之子.
// Twins and more: the first-born keeps the plain form; the 2nd, 3rd… get the pack's ordinal
// suffix, in Xiamen '（{n}）' with a Chinese numeral: 张三之子（二）. Chosen over 张三之次子
// because 次子 means "second son of the family" and would misname a twin with an elder
// sibling; the suffix only tells the children of one birth apart.
// Names are compared after NFKC (full-width and half-width brackets alike) and without
// spaces, since hospitals type them either way.
import type { Finding } from '../model/evaluation.ts';
import type { CaseFile } from '../model/case.ts';
import type { NewbornNaming, PolicyPack } from '../policy/schema.ts';
import type { RuleContext } from './context.ts';
import { finding } from './finding.ts';

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** The name a newborn carries on vouchers: 张三之子, 张三之女, 张三之子（二）. */
export function newbornVoucherName(parentName: string, sex: 'male' | 'female', ordinal: number, naming: NewbornNaming): string {
  if (!Number.isInteger(ordinal) || ordinal < 1 || ordinal > 9) throw new RangeError(`ordinal must be 1 to 9, got ${ordinal}`);
  const base = parentName.trim() + (sex === 'male' ? naming.son : naming.daughter);
  return ordinal === 1 ? base : base + naming.ordinal.replace('{n}', NUMERALS[ordinal]!);
}

/** Same name for a voucher check: NFKC, no spaces. */
export function sameVoucherName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return norm(a) === norm(b);
}

/**
 * The name the vouchers of a newborn case should carry (for the PDF's voucher sheet and the
 * expense form), or null when the case has no newborn or its sex is not recorded.
 */
export function expectedVoucherName(caseFile: CaseFile, pack: PolicyPack): string | null {
  const nb = caseFile.newborn;
  if (!nb?.sex) return null;
  // An empty parent name is no name: the claimant (the parent who claims) is meant.
  return newbornVoucherName(nb.parentName?.trim() || caseFile.claimant.name, nb.sex, nb.ordinal ?? 1, pack.newbornNaming);
}

export function parentNameFindings(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const nb = ctx.caseFile.newborn;
  if (!nb) return out;
  const expected = expectedVoucherName(ctx.caseFile, ctx.pack);
  if (expected === null) {
    out.push(finding('cat.newborn.parentName', 'warning', '请填写新生儿性别（票据姓名为“之子”或“之女”）', "Record the newborn's sex (vouchers say 之子 or 之女)", 'newborn.sex'));
    return out;
  }
  const childName = nb.name ?? null;
  (ctx.caseFile.expenses ?? []).forEach((e, i) => {
    const at = `expenses[${i}].nameOnVoucher`;
    if (!e.nameOnVoucher) {
      out.push(finding('cat.newborn.parentName', 'warning', `请填写票据上的姓名（未取名的应为“${expected}”）`,
        `Record the name on the voucher (for an unnamed newborn: ${expected})`, at));
      return;
    }
    if (sameVoucherName(e.nameOnVoucher, expected)) return;
    // A child named after the expenses may appear under either name.
    if (childName && sameVoucherName(e.nameOnVoucher, childName)) return;
    out.push(finding('cat.newborn.parentName', 'error',
      `票据姓名“${e.nameOnVoucher}”应为“${expected}”${childName ? `或“${childName}”` : ''}`,
      `The voucher names "${e.nameOnVoucher}"; it should read "${expected}"${childName ? ` or "${childName}"` : ''}`, at));
  });
  return out;
}
