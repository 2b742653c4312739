// id.resident on a case: the claimant's and the newborn's parent's ID numbers, and the sex
// and birth date recorded beside them (which the ID number also states).
import type { CaseFile } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import { finding } from './finding.ts';
import { checkIdNumber, ID_PROBLEM_MESSAGES } from './idNumber.ts';

/** Sex and birth date of the claimant: as recorded, else from a valid ID number. */
export function claimantFacts(caseFile: CaseFile, today: string): { sex?: 'male' | 'female'; birthDate?: string } {
  const c = caseFile.claimant;
  const checked = c.idNumber ? checkIdNumber(c.idNumber, today) : null;
  const out: { sex?: 'male' | 'female'; birthDate?: string } = {};
  const sex = c.sex ?? (checked?.ok ? checked.facts.sex : undefined);
  const birthDate = c.birthDate ?? (checked?.ok ? checked.facts.birthDate : undefined);
  if (sex) out.sex = sex;
  if (birthDate) out.birthDate = birthDate;
  return out;
}

export function identityFindings(caseFile: CaseFile, today: string): Finding[] {
  const out: Finding[] = [];
  const c = caseFile.claimant;
  if (!c.idNumber) {
    out.push(finding('id.resident', 'warning', '请填写参保人身份证号', "Record the claimant's ID number", 'claimant.idNumber'));
  } else {
    const checked = checkIdNumber(c.idNumber, today);
    if (!checked.ok) {
      out.push({ rule: 'id.resident', level: 'error', message: ID_PROBLEM_MESSAGES[checked.problem], at: 'claimant.idNumber' });
    } else {
      if (c.sex && c.sex !== checked.facts.sex) {
        out.push(finding('id.resident', 'warning', '性别与身份证号第17位不符', 'The sex differs from the one the ID number states (17th digit)', 'claimant.sex'));
      }
      if (c.birthDate && c.birthDate !== checked.facts.birthDate) {
        out.push(finding('id.resident', 'warning', `出生日期与身份证号中的 ${checked.facts.birthDate} 不符`,
          `The birth date differs from ${checked.facts.birthDate} in the ID number`, 'claimant.birthDate'));
      }
    }
  }
  const parentId = caseFile.newborn?.parentIdNumber;
  if (parentId) {
    const checked = checkIdNumber(parentId, today);
    if (!checked.ok) out.push({ rule: 'id.resident', level: 'error', message: ID_PROBLEM_MESSAGES[checked.problem], at: 'newborn.parentIdNumber' });
  }
  out.push(...parentRelationFindings(caseFile, today));
  return out;
}

/**
 * The ID number of the parent the newborn voucher sheet names: newborn.parentIdNumber, else
 * the claimant's when the parent is the claimant (no other parent name given). The voucher
 * sheet prints this one, and the relation check below reads it, so the two never disagree.
 */
export function newbornParentIdNumber(caseFile: CaseFile): string | undefined {
  const nb = caseFile.newborn;
  if (!nb) return undefined;
  if (nb.parentIdNumber !== undefined) return nb.parentIdNumber;
  const parentName = nb.parentName?.trim() || caseFile.claimant.name;
  return parentName === caseFile.claimant.name.trim() ? caseFile.claimant.idNumber : undefined;
}

const RELATION_SEX = { father: 'male', mother: 'female' } as const;

/**
 * newborn.parent (father | mother) is the sex of the parent, recorded beside an ID number that
 * states it too: a father whose ID number says female (17th digit even), or a mother whose
 * says male, would print 与新生儿关系 父亲 next to a woman's name and ID number on the voucher
 * sheet, which the counter refuses. Under id.resident, as the recorded sex of the claimant
 * is (the sex the ID number states is that rule's); cat.newborn.parentName is about the form
 * of the voucher name, not whose ID number stands beside it. An error, not a warning as for
 * claimant.sex: the relation is printed on the sheet, where the contradiction is seen. Only
 * for the newborn category, the one whose package prints the sheet.
 */
function parentRelationFindings(caseFile: CaseFile, today: string): Finding[] {
  const nb = caseFile.newborn;
  if (caseFile.category !== 'newborn' || !nb?.parent) return [];
  const id = newbornParentIdNumber(caseFile);
  const checked = id ? checkIdNumber(id, today) : null;
  if (!checked?.ok || checked.facts.sex === RELATION_SEX[nb.parent]) return []; // no number, or a bad one (reported above)
  const ownId = nb.parentIdNumber !== undefined ? '父（母）亲的身份证号' : '参保人（代办的父亲或母亲）的身份证号';
  const ownIdEn = nb.parentIdNumber !== undefined ? "the parent's ID number" : "the claimant's (the claiming parent's) ID number";
  return nb.parent === 'father'
    ? [finding('id.resident', 'error', `与新生儿关系为“父亲”，但${ownId}（第17位为偶数）显示为女性：请核对是父亲还是母亲，及其身份证号`,
      `The parent is recorded as the father, but ${ownIdEn} states a woman (even 17th digit): check whether it is the father or the mother, and the ID number`, 'newborn.parent')]
    : [finding('id.resident', 'error', `与新生儿关系为“母亲”，但${ownId}（第17位为奇数）显示为男性：请核对是母亲还是父亲，及其身份证号`,
      `The parent is recorded as the mother, but ${ownIdEn} states a man (odd 17th digit): check whether it is the mother or the father, and the ID number`, 'newborn.parent')];
}
