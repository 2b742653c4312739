// Parsing what people type — the only rules the renderer keeps. Everything else (what a
// case needs, what is wrong with it) comes from the core.
import { isIsoDate } from '../../../shared/model/dates.ts';
import { parseYuanToFen } from '../../../shared/rules/moneyWords.ts';
import type { MessageKey } from '../i18n/zh-CN.ts';

/**
 * What was typed, trimmed, with full-width digits and punctuation from a Chinese input method
 * (２０２４－０３－１０, １２３) as their ASCII forms (NFKC), so they parse like the rest.
 */
function typed(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/**
 * A typed date → ISO 'YYYY-MM-DD', or null. Accepts 2026-11-05, 2026-11-5, 2026/11/5,
 * 2026.11.5, 2026年11月5日 and 20261105, and only dates that exist.
 */
export function parseDateInput(raw: string): string | null {
  const s = typed(raw);
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Trimmed text, or undefined when blank (optional fields are left out of a request). */
export function optionalText(raw: string): string | undefined {
  const s = raw.trim();
  return s === '' ? undefined : s;
}

/** Integer fen → the amount as one types it in 元 ('128.5' → '128.50'; no grouping). */
export function fenToInput(amountFen: number): string {
  return `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
}

/** A typed month → 'YYYY-MM', or null. Accepts 2024-03, 2024-3, 2024/3, 2024.3, 2024年3月 and 202403. */
export function parseMonthInput(raw: string): string | null {
  const s = typed(raw);
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})$/.exec(s);
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, '0')}` : null;
}

/** A typed whole number (visits, months) → the number, or null. */
export function parseCountInput(raw: string, max = 1_000_000): number | null {
  const s = typed(raw);
  if (!/^\d{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

/** Why a typed amount is refused: an i18n key (amount.*), or null when it is an amount in 元. */
export function amountProblem(raw: string): MessageKey | null {
  if (parseYuanToFen(raw) !== null) return null;
  const s = typed(raw).replace(/^\u00A5\s*/, '').replace(/\s*\u5143$/, ''); // ¥ … 元
  if (s === '') return 'amount.missing';
  if (/^[-\u2212]/.test(s)) return 'amount.negative'; // - −
  if (/^[\d,.]+(\s+[\d,.]+)+$/.test(s)) return 'amount.space';
  if (!/^[\d,.]+$/.test(s) || !/\d/.test(s)) return 'amount.notNumber';
  if (/,/.test(s) && !/\.\d{3,}$/.test(s)) return 'amount.grouping';
  return 'amount.invalid';
}
