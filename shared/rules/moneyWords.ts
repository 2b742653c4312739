// money.words — amounts in Chinese capital numerals (大写), computed from integer fen.
// Written by hand: the rule is short and exact, and npm's converters work on floats.
// Conventions (RULES.md money.words): 壹拾 not 拾 at the front; one 零 for a run of zeros;
// 整 after 元 only when there are no 角 and 分; 零 after 元 when the 个 digit is 0 and
// 角/分 follow (107000.53 → 壹拾万柒仟元零伍角叁分).

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;
const GROUP_UNITS = ['', '万', '亿', '万亿'] as const;

/** The integer part (元) in 大写, without the 元. Supports up to 16 digits. */
function yuanWords(yuan: string): string {
  let out = '';
  let zeroPending = false;
  const len = yuan.length;
  for (let i = 0; i < len; i++) {
    const position = len - 1 - i;
    const digit = Number(yuan[i]);
    if (digit === 0) {
      zeroPending = true;
    } else {
      if (zeroPending) out += '零';
      zeroPending = false;
      out += DIGITS[digit]! + SMALL_UNITS[position % 4]!;
    }
    if (position % 4 === 0 && position > 0) {
      const groupStart = Math.max(0, i - 3);
      const group = yuan.slice(groupStart, i + 1);
      if (/[1-9]/.test(group)) {
        out += GROUP_UNITS[position / 4]!;
        // Zeros at the end of a group are absorbed by its unit (壹拾万柒仟, not 壹拾万零柒仟).
        zeroPending = false;
      }
    }
  }
  return out;
}

/** money.words: integer fen → 大写, e.g. 140950 → 壹仟肆佰零玖元伍角. */
export function amountInWords(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`amount must be a non-negative whole number of fen, got ${amountFen}`);
  }
  const yuan = Math.floor(amountFen / 100);
  const jiao = Math.floor(amountFen / 10) % 10;
  const fenDigit = amountFen % 10;
  if (amountFen === 0) return '零元整';

  let out = yuan > 0 ? yuanWords(String(yuan)) + '元' : '';
  if (jiao === 0 && fenDigit === 0) return out + '整';
  if (yuan > 0 && (yuan % 10 === 0 || jiao === 0)) out += '零';
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

/** Parse an amount typed in 元 ('12', '12.5', '1,234.56') into integer fen; null when not ≤ 2 decimals. */
export function parseYuanToFen(input: string): number | null {
  const s = input.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const m = /^(\d{1,11})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}
