// Words for things the core names in codes: a rule's source, a month, runs of months.
import { t, i18n } from '../i18n/index.svelte.ts';

/** 'practice' / 'seed §3' / 'seed (coverage)' / 'Social Insurance Law art. 27' as the catalog words them. */
export function sourceText(source: string): string {
  if (source === 'practice') return t('source.practice');
  if (source === 'seed (coverage)') return t('guide.source.seedCoverage');
  let m = /^seed §(\d+)$/.exec(source);
  if (m) return t('source.seed', { n: m[1]! });
  m = /^Social Insurance Law art\. (\d+)$/.exec(source);
  if (m) return t('guide.source.law', { n: m[1]! });
  return source;
}

/** '2025-03' → 2025年3月 / Mar 2025. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Sorted months as runs: ['2025-03','2025-04','2025-07'] → 2025年3月–2025年4月、2025年7月. */
export function formatMonthRuns(months: readonly string[]): string {
  const sorted = [...months].sort();
  const runs: [string, string][] = [];
  for (const month of sorted) {
    const last = runs[runs.length - 1];
    if (last && nextMonth(last[1]) === month) last[1] = month;
    else runs.push([month, month]);
  }
  const sep = i18n.locale === 'en' ? ', ' : '、';
  return runs.map(([a, b]) => (a === b ? formatMonth(a) : `${formatMonth(a)}–${formatMonth(b)}`)).join(sep);
}
