// Calendar arithmetic on ISO strings, all of it through date-fns (one date library; no
// hand-rolled month lengths). Dates are 'YYYY-MM-DD', months 'YYYY-MM'.
// Per-function modules, not the barrel (see ../model/dates.ts).
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarMonths } from 'date-fns/differenceInCalendarMonths';
import { endOfMonth } from 'date-fns/endOfMonth';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { lightFormat } from 'date-fns/lightFormat';
import { parseISO } from 'date-fns/parseISO';

// parseISO and lightFormat, not parse and format: the inputs are validated ISO strings, and the
// general format parser was a tenth of a batch job's time (coverage timelines walk every month
// of a payment history).
const toDay = (iso: string): Date => parseISO(iso);
const toMonth = (month: string): Date => parseISO(month);
const fmtDay = (d: Date): string => lightFormat(d, 'yyyy-MM-dd');
const fmtMonth = (d: Date): string => lightFormat(d, 'yyyy-MM');

/**
 * '2024-03-02' → '2024-03'. Reading the month of a validated ISO date is not arithmetic, and
 * evaluate() calls it for every expense line: a slice instead of a parse keeps 20,000 lines fast.
 */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** A month plus n months: ('2024-11', 3) → '2025-02'. */
export function addMonthsToMonth(month: string, n: number): string {
  return fmtMonth(addMonths(toMonth(month), n));
}

/** Calendar months from a to b: ('2024-11', '2025-02') → 3. */
export function monthsFrom(a: string, b: string): number {
  return differenceInCalendarMonths(toMonth(b), toMonth(a));
}

/** Every month from `from` to `to`, both included; empty when to < from. */
export function eachMonth(from: string, to: string): string[] {
  const start = toMonth(from);
  const n = differenceInCalendarMonths(toMonth(to), start);
  const out: string[] = [];
  for (let i = 0; i <= n; i++) out.push(fmtMonth(addMonths(start, i)));
  return out;
}

/** A date plus n calendar months, clamped to the month's last day (2024-11-30 + 3 → 2025-02-28). */
export function addMonthsToDate(date: string, n: number): string {
  return fmtDay(addMonths(toDay(date), n));
}

/** A date plus n days. */
export function addDaysToDate(date: string, n: number): string {
  return fmtDay(addDays(toDay(date), n));
}

/** The last day of a month: '2025-02' → '2025-02-28'. */
export function lastDayOf(month: string): string {
  return fmtDay(endOfMonth(toMonth(month)));
}

/** Day `day` of a month, clamped to its last day ('2025-02', 30) → '2025-02-28'. */
export function dayOfMonth(month: string, day: number): string {
  const m = toMonth(month);
  const d = Math.min(Math.max(1, day), getDaysInMonth(m));
  return `${month}-${String(d).padStart(2, '0')}`;
}
