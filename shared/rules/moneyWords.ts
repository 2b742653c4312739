// money.words — amounts in Chinese capital numerals (大写), computed from integer fen.
// Written by hand: the rule is short and exact, and npm's converters work on floats.
// Conventions (RULES.md money.words): 壹拾 not 拾 at the front; one 零 for a run of zeros
// inside the number, none for zeros at the end of a section (壹拾万柒仟);
// 整 after 元 only when there are no 角 and 分; 零 after 元 when the 个 digit is 0 and
// 角/分 follow (107000.53 → 壹拾万柒仟元零伍角叁分).

import { MAX_AMOUNT_FEN } from '../model/case.ts';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;

/** 1–9999 in 大写: one 零 for zeros between digits, none for trailing zeros (柒佰零伍, 柒仟). */
function sectionWords(n: bigint): string {
  let out = '';
  let zeroPending = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Number((n / 10n ** BigInt(pos)) % 10n);
    if (d === 0) { if (out) zeroPending = true; continue; }
    if (zeroPending) out += '零';
    zeroPending = false;
    out += DIGITS[d]! + SMALL_UNITS[pos]!;
  }
  return out;
}

/** 1–99999999: sections joined by 万; 零 when the lower section has no 仟 (壹拾万零柒佰). */
function belowYi(n: bigint): string {
  const wan = n / 10000n;
  const rest = n % 10000n;
  if (wan === 0n) return sectionWords(rest);
  let out = sectionWords(wan) + '万';
  if (rest > 0n) out += (rest < 1000n ? '零' : '') + sectionWords(rest);
  return out;
}

/**
 * The integer part (元) in 大写, without the 元; n > 0. Split at 亿 so that 万亿 reads right
 * (壹万零壹亿, not 壹万亿零壹亿); any size.
 */
function yuanWords(n: bigint): string {
  const yi = n / 100000000n;
  const rest = n % 100000000n;
  if (yi === 0n) return belowYi(rest);
  let out = yuanWords(yi) + '亿';
  if (rest > 0n) out += (rest < 10000000n ? '零' : '') + belowYi(rest);
  return out;
}

/** money.words: integer fen → 大写, e.g. 140950 → 壹仟肆佰零玖元伍角. Takes a bigint for sums past 2^53. */
export function amountInWords(amountFen: number | bigint): string {
  if (typeof amountFen === 'number' && (!Number.isSafeInteger(amountFen) || amountFen < 0)) {
    throw new RangeError(`amount must be a non-negative whole number of fen, got ${amountFen}`);
  }
  const fen = BigInt(amountFen);
  if (fen < 0n) throw new RangeError(`amount must be a non-negative whole number of fen, got ${amountFen}`);
  if (fen === 0n) return '零元整';
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const fenDigit = Number(fen % 10n);

  let out = yuan > 0n ? yuanWords(yuan) + '元' : '';
  if (jiao === 0 && fenDigit === 0) return out + '整';
  // One 零 after 元 when the 个 digit or the 角 is zero (107000.53 → 壹拾万柒仟元零伍角叁分).
  if (yuan > 0n && (yuan % 10n === 0n || jiao === 0)) out += '零';
  if (jiao > 0) out += DIGITS[jiao]! + '角';
  if (fenDigit > 0) out += DIGITS[fenDigit]! + '分';
  return out;
}

/** Integer fen → '1,234.56' (figures, two decimals, grouping), no floats involved. */
export function formatFen(amountFen: number): string {
  const negative = amountFen < 0;
  const abs = Math.abs(amountFen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/**
 * Digits with thousands separators only where they belong: '1,234,567', never
 * '1,23' — a European 1,23 or a slip of the finger — which read without its comma would be
 * a hundred times the amount.
 */
const YUAN = /^(\d{1,3}(?:(,)\d{3}(?:\2\d{3})*)?|\d+)(?:\.(\d{0,2}))?$/;

/**
 * The fen an amount typed in 元 stands for, however large (Infinity for hundreds of digits);
 * null when it is not written as one. Exact up to MAX_AMOUNT_FEN, far below 2^53.
 */
function typedFen(input: string): number | null {
  const s = input.normalize('NFKC').trim().replace(/^\u00A5\s*/, '').replace(/\s*\u5143$/, ''); // ¥ … 元
  const m = YUAN.exec(s);
  if (!m) return null;
  const yuan = m[1]!.replace(/[,\uFF0C]/g, '');
  const cents = (m[3] ?? '').padEnd(2, '0');
  return Number(yuan) * 100 + Number(cents);
}

/**
 * Parse an amount typed in 元 ('12', '12.5', '1,234.56', '¥88.80', '12,345.67元') into integer
 * fen; null when not ≤ 2 decimals, or more than one line may hold (MAX_AMOUNT_FEN, the case
 * file's bound). Full-width digits and punctuation from a Chinese input method (１２３．５, ，, ￥)
 * read as their ASCII forms (NFKC).
 */
export function parseYuanToFen(input: string): number | null {
  const fen = typedFen(input);
  return fen !== null && fen <= MAX_AMOUNT_FEN ? fen : null;
}

/** An amount written as one, in 元 with ≤ 2 decimals, but larger than a line may hold: said so, not as a malformed amount. */
export function amountTooLarge(input: string): boolean {
  const fen = typedFen(input);
  return fen !== null && fen > MAX_AMOUNT_FEN;
}
