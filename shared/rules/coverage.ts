// Coverage continuity from a payment history: cov.frozen, cov.makeup, cov.reset,
// cov.transfer, cov.retire. Usable without a case (the "my insurance lapsed, can I make it
// up?" screen: checkCoverage) and by the case evaluation (coverageFindings.ts).
//
// Readings of the source text (RULES.md, seed "coverage"):
// - A month counts as unpaid once it has ended without payment: the current month is still
//   payable, so it is not unpaid unless the history says so.
// - Months between the first recorded month and the month before today that the history
//   does not list are unpaid (a payment history lists what was paid; a hole is a lapse).
//   Such months are marked `inferred` so a screen can say "no payment recorded".
// - A lapse is a run of months not paid on time: unpaid or made up later. It can be made up
//   while it is not longer than cov.maxGapMonths (6: the 6th unpaid month can, the 7th
//   cannot). A lapse longer than that clears every payment month before it.
// - An ongoing lapse that started in month M can still be made up until the last day of
//   month M + maxGap (the month that would become the 7th unpaid one): paying within it
//   keeps the lapse at 6 months.
// - Payment months count toward cumulative years wherever they were paid (art. 32); a month
//   recorded in two areas counts once.
import * as z from 'zod';
import { SCHEMES, coveragePeriodSchema, isoDate, type CoveragePeriod, type Scheme } from '../model/case.ts';
import type { Localized } from '../model/evaluation.ts';
import { parameterAt } from '../policy/parameters.ts';
import type { RuleId } from '../policy/registry.ts';
import type { PolicyPack } from '../policy/schema.ts';
import { defaultPack } from '../policy/index.ts';
import { localized } from './finding.ts';
import { addMonthsToMonth, eachMonth, lastDayOf, monthOf } from './months.ts';

export type MonthStatus = 'paid' | 'madeUp' | 'unpaid';

export interface MonthRecord {
  month: string;
  status: MonthStatus;
  /** the area it was paid in (or recorded for); absent for an inferred month */
  area?: string;
  /** not in the history: a hole between recorded months or after the last one */
  inferred: boolean;
  /** index of the coverage period that gave the status */
  period?: number;
  /** when a made-up month was paid (the period's madeUpOn) */
  madeUpOn?: string;
}

export interface Timeline {
  months: MonthRecord[];
  /** months listed by more than one period (counted once) */
  overlaps: string[];
}

const RANK: Record<MonthStatus, number> = { paid: 3, madeUp: 2, unpaid: 1 };

/**
 * Month by month, from the first recorded month to the later of the last recorded month and
 * `through` (the month before today), no later than `currentMonth`.
 */
export function buildTimeline(periods: readonly CoveragePeriod[], through: string, currentMonth: string): Timeline {
  const byMonth = new Map<string, MonthRecord>();
  const seen = new Set<string>();
  const overlaps = new Set<string>();
  periods.forEach((p, i) => {
    for (const month of eachMonth(p.from, p.to)) {
      if (month > currentMonth) break;
      if (seen.has(month)) overlaps.add(month);
      seen.add(month);
      const prev = byMonth.get(month);
      // Paid anywhere beats unpaid elsewhere: one payment covers the month.
      if (!prev || RANK[p.status] > RANK[prev.status]) {
        const rec: MonthRecord = { month, status: p.status, inferred: false, period: i };
        if (p.area !== undefined) rec.area = p.area;
        if (p.madeUpOn !== undefined) rec.madeUpOn = p.madeUpOn;
        byMonth.set(month, rec);
      }
    }
  });
  if (byMonth.size === 0) return { months: [], overlaps: [] };
  const recorded = [...byMonth.keys()].sort();
  const first = recorded[0]!;
  const lastRecorded = recorded[recorded.length - 1]!;
  const last = lastRecorded > through ? lastRecorded : through;
  const months = eachMonth(first, last).map((m) => byMonth.get(m) ?? { month: m, status: 'unpaid' as const, inferred: true });
  return { months, overlaps: [...overlaps].sort() };
}

export interface Lapse {
  from: string;
  to: string;
  /** calendar months in the lapse (unpaid and made up) */
  months: number;
  unpaidMonths: string[];
  madeUpMonths: string[];
  /** it runs to the end of the history: still going on */
  ongoing: boolean;
  /** longer than cov.maxGapMonths: cannot be made up, earlier years cleared (null: not configured) */
  resets: boolean | null;
  /** for an ongoing lapse that can still be made up: the last day to pay */
  makeUpUntil: string | null;
}

/** Runs of months not paid on time. */
export function findLapses(timeline: Timeline, maxGap: number | null): Lapse[] {
  const lapses: Lapse[] = [];
  const ms = timeline.months;
  let i = 0;
  while (i < ms.length) {
    if (ms[i]!.status === 'paid') { i++; continue; }
    let j = i;
    while (j + 1 < ms.length && ms[j + 1]!.status !== 'paid') j++;
    const run = ms.slice(i, j + 1);
    const from = run[0]!.month;
    const ongoing = j === ms.length - 1 && run[run.length - 1]!.status === 'unpaid';
    const resets = maxGap === null ? null : run.length > maxGap;
    lapses.push({
      from, to: run[run.length - 1]!.month, months: run.length,
      unpaidMonths: run.filter((m) => m.status === 'unpaid').map((m) => m.month),
      madeUpMonths: run.filter((m) => m.status === 'madeUp').map((m) => m.month),
      ongoing, resets,
      makeUpUntil: ongoing && resets === false && maxGap !== null ? lastDayOf(addMonthsToMonth(from, maxGap)) : null,
    });
    i = j + 1;
  }
  return lapses;
}

/** A rule's answer with the rule id and the legal basis it rests on. */
export interface Cited {
  rule: RuleId;
  source: string;
  basis: Localized;
  message: Localized;
}

export type RetirementAnswer = Cited & (
  | { status: 'notConfigured' | 'notApplicable' | 'sexUnknown' }
  | { status: 'configured'; requiredYears: number; monthsStillNeeded: number; reached: boolean }
);

export interface CoverageCheck {
  asOf: string;
  timeline: Timeline;
  lapses: Lapse[];
  maxGapMonths: number | null;
  /** cov.frozen: unpaid months (no benefits for expenses in them) */
  frozen: Cited & { months: string[] };
  /** cov.makeup: whether the unpaid months can be made up, and until when */
  makeUp: Cited & { possible: boolean | null; months: string[]; until: string | null };
  /** cov.reset: whether a lapse over the limit cleared the earlier years */
  reset: Cited & { cleared: boolean | null; reenrolRequired: boolean; lapse: Lapse | null; clearedMonths: number };
  /** cov.transfer: cumulative payment months since the last reset, other areas counted */
  cumulative: Cited & {
    months: number; years: number; remainderMonths: number; otherAreaMonths: number;
    byArea: { area: string; months: number; home: boolean }[];
  };
  /** cov.retire: years still needed at retirement (employee scheme) */
  retirement: RetirementAnswer;
}

/** The request of a coverage check, for the contract: the same fields as CoverageInput. */
export const coverageInputSchema = z.object({
  periods: z.array(coveragePeriodSchema).max(600),
  today: isoDate,
  sex: z.enum(['male', 'female']).optional(),
  scheme: z.enum(SCHEMES).optional(),
});

export interface CoverageInput {
  periods: readonly CoveragePeriod[];
  /** the day of the check (ISO date) */
  today: string;
  sex?: 'male' | 'female';
  scheme?: Scheme;
}

function cite(pack: PolicyPack, rule: RuleId, message: Localized): Cited {
  const def = pack.rules.find((r) => r.id === rule);
  return { rule, source: def?.source ?? '', basis: def?.basis ?? localized('', ''), message };
}

export function isHomeArea(pack: PolicyPack, area: string | undefined): boolean {
  if (area === undefined || area.trim() === '') return true; // unstated: the pack's own area
  // 'xiamen', 'XIAMEN' and 'Xiamen' are one place; the pack's names include the districts
  // (思明, 湖里, …), which are the home area as much as the city is.
  const written = area.toLowerCase();
  return pack.homeArea.names.some((n) => written.includes(n.toLowerCase()));
}

/** The coverage answers for a payment history on a day; no case needed. */
export function checkCoverage(input: CoverageInput, pack: PolicyPack = defaultPack()): CoverageCheck {
  const { today } = input;
  const currentMonth = monthOf(today);
  const through = addMonthsToMonth(currentMonth, -1);
  const timeline = buildTimeline(input.periods, through, currentMonth);
  const gapParam = parameterAt(pack, 'cov.maxGapMonths', today);
  const maxGap = gapParam.configured ? gapParam.value : null;
  const lapses = findLapses(timeline, maxGap);

  const frozenMonths = timeline.months.filter((m) => m.status === 'unpaid').map((m) => m.month);
  const frozen = {
    ...cite(pack, 'cov.frozen', frozenMonths.length === 0
      ? localized('没有断缴月份', 'No unpaid months')
      : localized(`断缴 ${frozenMonths.length} 个月（${frozenMonths[0]!} 起），期间医保卡冻结，发生的费用不享受待遇`,
        `${frozenMonths.length} unpaid month(s) from ${frozenMonths[0]!}: the card is frozen and expenses in them get no benefits`)),
    months: frozenMonths,
  };

  const lastReset = [...lapses].reverse().find((l) => l.resets === true) ?? null;
  const afterReset = lastReset ? timeline.months.filter((m) => m.month > lastReset.to) : timeline.months;
  const beforeReset = lastReset ? timeline.months.filter((m) => m.month < lastReset.from) : [];

  // cov.makeup: unpaid months in lapses that are not over the limit (after the last reset;
  // those before it were cleared with the years).
  const makeable = lapses.filter((l) => l.resets === false && l.unpaidMonths.length > 0 && (!lastReset || l.from > lastReset.to));
  const makeMonths = makeable.flatMap((l) => l.unpaidMonths);
  const ongoing = lapses.find((l) => l.ongoing) ?? null;
  const until = ongoing && ongoing.resets === false ? ongoing.makeUpUntil : null;
  let makeUpMsg: Localized;
  if (maxGap === null) makeUpMsg = localized('政策包未配置可补缴月数（cov.maxGapMonths），无法判断', 'The pack does not configure cov.maxGapMonths: cannot tell');
  else if (makeMonths.length === 0) makeUpMsg = lastReset?.ongoing
    ? localized(`断缴已超过 ${maxGap} 个月，不能补缴，须重新参保`, `The lapse is over ${maxGap} months: it cannot be made up; enrol again`)
    : localized('没有可补缴的月份', 'Nothing to make up');
  else makeUpMsg = until
    ? localized(`可补缴 ${makeMonths.length} 个月；请最迟于 ${until} 补缴，否则断缴将超过 ${maxGap} 个月`, `${makeMonths.length} month(s) can be made up; pay by ${until}, or the lapse will exceed ${maxGap} months`)
    : localized(`可补缴 ${makeMonths.length} 个月（断缴未超过 ${maxGap} 个月）`, `${makeMonths.length} month(s) can be made up (the lapse is not over ${maxGap} months)`);
  const makeUp = {
    ...cite(pack, 'cov.makeup', makeUpMsg),
    possible: maxGap === null ? null : makeMonths.length > 0,
    months: makeMonths,
    until,
  };

  const clearedMonths = beforeReset.filter((m) => m.status !== 'unpaid').length;
  const reset = {
    ...cite(pack, 'cov.reset', maxGap === null
      ? localized('政策包未配置可补缴月数，无法判断是否清零', 'The pack does not configure cov.maxGapMonths: cannot tell')
      : lastReset
        ? localized(`${lastReset.from} 至 ${lastReset.to} 断缴 ${lastReset.months} 个月，超过 ${maxGap} 个月：须重新参保，此前 ${clearedMonths} 个月缴费年限清零`,
          `Lapse ${lastReset.from} to ${lastReset.to} (${lastReset.months} months) is over ${maxGap}: enrol again; ${clearedMonths} earlier payment month(s) cleared`)
        : localized('未发生超过半年的断缴，缴费年限未清零', 'No lapse over half a year: earlier years stand')),
    cleared: maxGap === null ? null : lastReset !== null,
    reenrolRequired: lastReset?.ongoing === true,
    lapse: lastReset,
    clearedMonths,
  };

  const counted = afterReset.filter((m) => m.status !== 'unpaid');
  const areaMonths = new Map<string, { months: number; home: boolean }>();
  let otherAreaMonths = 0;
  for (const m of counted) {
    const home = isHomeArea(pack, m.area);
    const label = m.area?.trim() || pack.homeArea.title['zh-CN'];
    const entry = areaMonths.get(label) ?? { months: 0, home };
    entry.months++;
    areaMonths.set(label, entry);
    if (!home) otherAreaMonths++;
  }
  const total = counted.length;
  const years = Math.floor(total / 12);
  const cumulative = {
    ...cite(pack, 'cov.transfer', localized(
      `累计缴费 ${years} 年 ${total % 12} 个月${otherAreaMonths ? `（含外地 ${otherAreaMonths} 个月）` : ''}${lastReset ? `，自 ${lastReset.to} 后重新计算` : ''}`,
      `Cumulative payment: ${years} year(s) ${total % 12} month(s)${otherAreaMonths ? ` (${otherAreaMonths} month(s) in other areas)` : ''}${lastReset ? `, counted again after ${lastReset.to}` : ''}`)),
    months: total, years, remainderMonths: total % 12, otherAreaMonths,
    byArea: [...areaMonths].map(([area, v]) => ({ area, months: v.months, home: v.home })),
  };

  return { asOf: today, timeline, lapses, maxGapMonths: maxGap, frozen, makeUp, reset, cumulative,
    retirement: retirementAnswer(pack, input, total) };
}

/** cov.retire: years still needed, or why that cannot be said. */
export function retirementAnswer(pack: PolicyPack, input: Pick<CoverageInput, 'today' | 'sex' | 'scheme'>, paidMonths: number): RetirementAnswer {
  if (input.scheme !== undefined && input.scheme !== 'employee') {
    return { ...cite(pack, 'cov.retire', localized('第二十七条只适用于职工基本医疗保险', 'Art. 27 applies to employee basic medical insurance only')), status: 'notApplicable' };
  }
  if (input.sex === undefined) {
    return { ...cite(pack, 'cov.retire', localized('性别未知，无法确定所需年限', 'Sex unknown: the required years cannot be chosen')), status: 'sexUnknown' };
  }
  const p = parameterAt(pack, input.sex === 'male' ? 'cov.retireYears.male' : 'cov.retireYears.female', input.today);
  if (!p.configured) {
    return { ...cite(pack, 'cov.retire', localized('退休所需累计缴费年限未配置（原文未给出，须由政策包注明来源）', 'Years required at retirement: not configured (the source does not give them; a pack must state them with their source)')), status: 'notConfigured' };
  }
  const needed = Math.max(0, p.value * 12 - paidMonths);
  return {
    ...cite(pack, 'cov.retire', needed === 0
      ? localized(`已达到 ${p.value} 年，退休后不再缴费`, `${p.value} years reached: no premiums after retirement`)
      : localized(`距 ${p.value} 年还差 ${Math.floor(needed / 12)} 年 ${needed % 12} 个月，可缴费至规定年限（可一次性缴纳）`,
        `${Math.floor(needed / 12)} year(s) ${needed % 12} month(s) short of ${p.value} years; may pay up to them (lump sum allowed)`)),
    status: 'configured', requiredYears: p.value, monthsStillNeeded: needed, reached: needed === 0,
  };
}
