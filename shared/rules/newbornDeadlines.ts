// cat.newborn.enrol3m and cat.newborn.paidFirst (seed §11): "they should be insured within
// three months of birth and paid in time, and can only be reimbursed after receiving the
// money".
// - Enrolment on or before birth date + newborn.enrolMonths (3) calendar months, clamped to
//   the month's end (born 2024-11-30 → last day 2025-02-28); that day is still in time.
// - "Paid in time" names no period: newborn.premiumMonths (3, the same window) is the pack's
//   reading; a later payment is a warning, since the text does not make it a bar.
// - Received before reimbursement: the claim is filed on or after the premium's payment
//   date (the payment date is the only date a case records for it).
import type { Finding } from '../model/evaluation.ts';
import { readParam, type RuleContext } from './context.ts';
import { finding } from './finding.ts';
import { addMonthsToDate } from './months.ts';

/** The last day a newborn may be enrolled (or its premium paid) `months` after birth. */
export function newbornLastDay(birthDate: string, months: number): string {
  return addMonthsToDate(birthDate, months);
}

export function isNewbornEnrolledInTime(birthDate: string, enrolledOn: string, months: number): boolean {
  return enrolledOn <= newbornLastDay(birthDate, months);
}

/** cat.newborn.paidFirst: may a claim filed on `filedOn` be reimbursed, given the premium? */
export function isPremiumPaidBeforeFiling(premiumPaidOn: string | undefined, filedOn: string): boolean {
  return premiumPaidOn !== undefined && premiumPaidOn <= filedOn;
}

export function newbornEnrolFindings(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const nb = ctx.caseFile.newborn;
  if (!nb?.birthDate) {
    out.push(finding('cat.newborn.enrol3m', 'error', '请填写新生儿出生日期', "Record the newborn's birth date", nb ? 'newborn.birthDate' : 'newborn'));
    return out;
  }
  const months = readParam(ctx, 'newborn.enrolMonths', nb.birthDate, out);
  if (months !== undefined) {
    const last = newbornLastDay(nb.birthDate, months);
    if (!nb.enrolledOn) {
      out.push(ctx.today <= last
        ? finding('cat.newborn.enrol3m', 'warning', `新生儿尚未参保：请最迟于 ${last} 参保并缴费`, `The newborn is not enrolled yet: enrol and pay by ${last}`, 'newborn.enrolledOn')
        : finding('cat.newborn.enrol3m', 'error', `新生儿须在出生后${months}个月内（最迟 ${last}）参保，未填写参保日期`, `The newborn had to be enrolled within ${months} months of birth (by ${last}); no enrolment date recorded`, 'newborn.enrolledOn'));
    } else if (nb.enrolledOn < nb.birthDate) {
      out.push(finding('cat.newborn.enrol3m', 'error', '参保日期早于出生日期', 'The enrolment date is before the birth date', 'newborn.enrolledOn'));
    } else if (!isNewbornEnrolledInTime(nb.birthDate, nb.enrolledOn, months)) {
      out.push(finding('cat.newborn.enrol3m', 'error', `新生儿须在出生后${months}个月内（最迟 ${last}）参保，实际参保 ${nb.enrolledOn}`,
        `The newborn had to be enrolled within ${months} months of birth (by ${last}); enrolled ${nb.enrolledOn}`, 'newborn.enrolledOn'));
    }
  }
  // Enrolled in time, the newborn is covered from birth: an expense dated before it is not
  // the newborn's (or its date is wrong).
  (ctx.caseFile.expenses ?? []).forEach((e, i) => {
    if (e.date < nb.birthDate!) {
      out.push(finding('cat.newborn.enrol3m', 'error', `费用日期 ${e.date} 早于新生儿出生日期 ${nb.birthDate}：新生儿自出生起享受待遇，请核对日期`,
        `Expense dated ${e.date}, before the birth (${nb.birthDate}): the newborn is covered from birth; check the date`, `expenses[${i}].date`));
    }
  });
  if (nb.premiumPaidOn) {
    const payMonths = readParam(ctx, 'newborn.premiumMonths', nb.birthDate, out);
    if (payMonths !== undefined) {
      const lastPay = newbornLastDay(nb.birthDate, payMonths);
      if (nb.premiumPaidOn < nb.birthDate) {
        // The newborn's own premium cannot be paid before it is born (as its enrolment): a date slip.
        out.push(finding('cat.newborn.enrol3m', 'warning', `缴费日期 ${nb.premiumPaidOn} 早于出生日期 ${nb.birthDate}：请核对缴费日期`,
          `The premium is dated ${nb.premiumPaidOn}, before the birth (${nb.birthDate}): check the payment date`, 'newborn.premiumPaidOn'));
      } else if (nb.premiumPaidOn > lastPay) {
        out.push(finding('cat.newborn.enrol3m', 'warning', `保费于 ${nb.premiumPaidOn} 缴纳，晚于出生后${payMonths}个月（${lastPay}）：可能不属于“及时缴费”`,
          `The premium was paid on ${nb.premiumPaidOn}, after ${payMonths} months from birth (${lastPay}): it may not count as paid in time`, 'newborn.premiumPaidOn'));
      }
    }
  }
  return out;
}

export function newbornPaidFirstFindings(ctx: RuleContext): Finding[] {
  const paidOn = ctx.caseFile.newborn?.premiumPaidOn;
  if (paidOn === undefined) {
    return [finding('cat.newborn.paidFirst', 'error', '新生儿保费到账后方可报销：请填写缴费日期', "Reimbursement only after the newborn's premium is received: record the payment date", 'newborn.premiumPaidOn')];
  }
  if (!isPremiumPaidBeforeFiling(paidOn, ctx.filedOn)) {
    return [finding('cat.newborn.paidFirst', 'error', `保费 ${paidOn} 缴纳，申请日 ${ctx.filedOn} 尚未到账：请在缴费后申请`,
      `The premium is paid on ${paidOn}, after the filing date ${ctx.filedOn}: file once it is received`, 'filedOn')];
  }
  return [];
}
