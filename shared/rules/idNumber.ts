// id.resident — resident ID numbers (GB 11643-1999): 17 digits + an ISO 7064 MOD 11-2
// check character; digits 7–14 are the birth date, the 17th digit's parity the sex.
import { isIsoDate } from '../model/dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'checkDigit' | 'birthDate' | 'futureBirthDate';

export interface IdNumberFacts {
  birthDate: string;
  sex: 'male' | 'female';
  areaCode: string;
}

export type IdNumberResult =
  | { ok: true; value: string; facts: IdNumberFacts }
  | { ok: false; problem: IdNumberProblem };

/** Validate a resident ID number; `today` bounds the birth date (ISO date). */
export function checkIdNumber(raw: string, today: string): IdNumberResult {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (idCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checkDigit' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < '1880-01-01') return { ok: false, problem: 'birthDate' };
  if (birthDate > today) return { ok: false, problem: 'futureBirthDate' };
  const sex = Number(value[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, facts: { birthDate, sex, areaCode: value.slice(0, 6) } };
}

export const ID_PROBLEM_MESSAGES: Record<IdNumberProblem, { 'zh-CN': string; en: string }> = {
  format: { 'zh-CN': '身份证号应为18位：17位数字加1位数字或X', en: 'An ID number has 18 characters: 17 digits and a digit or X' },
  checkDigit: { 'zh-CN': '身份证号校验位不正确，请核对', en: 'The ID number check digit is wrong; please check the number' },
  birthDate: { 'zh-CN': '身份证号中的出生日期不存在', en: 'The birth date inside the ID number does not exist' },
  futureBirthDate: { 'zh-CN': '身份证号中的出生日期晚于今天', en: 'The birth date inside the ID number is in the future' },
};
