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
  return out;
}
