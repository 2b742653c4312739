// The current language and everything that depends on it: t(), Localized values from the
// core, and locale formatting of money, dates and sizes. Switching the language only changes
// what is read from here; no component is re-created, so nothing typed is lost.
import type { Locale, Localized } from '../../../shared/model/evaluation.ts';
import { zhCN, type MessageKey, type Messages } from './zh-CN.ts';
import { en } from './en.ts';

export type { Locale, MessageKey };
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'claimdesk.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // no storage: fall back to the default
  }
  return 'zh-CN';
}

const state = $state<{ locale: Locale }>({ locale: initialLocale() });

export const i18n = {
  get locale(): Locale {
    return state.locale;
  },
  set locale(next: Locale) {
    state.locale = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted; still switched
    }
    document.documentElement.lang = next;
  },
};

export type Params = Record<string, string | number>;

// The one piece of ICU syntax the catalogs use: {n, plural, one {# line} other {# lines}}.
const PLURAL_RE = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

/** The message for `key` in the current language, with {placeholders} filled. */
export function t(key: MessageKey, params?: Params): string {
  const text = catalogs[state.locale][key];
  if (!params) return text;
  const rules = new Intl.PluralRules(state.locale);
  return text
    .replace(PLURAL_RE, (whole, name: string, one: string, other: string) => {
      const value = params[name];
      if (typeof value !== 'number') return whole;
      return (rules.select(value) === 'one' ? one : other).replace('#', formatNumber(value));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : typeof value === 'number' ? formatNumber(value) : value;
    });
}

/** A value the core localised itself (category titles, findings, materials). */
export function pick(value: Localized): string {
  return value[state.locale] || value['zh-CN'];
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(state.locale).format(n);
}

/** Integer fen as money in the current locale (¥1,234.56). Exact: no floats involved. */
export function formatMoney(amountFen: number): string {
  const negative = amountFen < 0;
  const abs = Math.abs(amountFen);
  const decimal = `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  // Intl formats a decimal string exactly (Intl.NumberFormat v3).
  const format = new Intl.NumberFormat(state.locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' })
    .format as (value: string) => string;
  return format(decimal);
}

/** An ISO calendar date ('2026-11-05') for reading: 2026年11月5日 / Nov 5, 2026. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/**
 * A moment (ISO timestamp, or SQLite's 'YYYY-MM-DD HH:MM:SS' in UTC) on Xiamen's clock
 * (UTC+8), whatever the machine's zone: as the case numbers, filing dates and exports count
 * days, so a case made at 04:58 is shown on the day its number says.
 */
export function formatDateTime(stamp: string | null | undefined): string {
  if (!stamp) return '';
  let text = stamp;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return stamp;
  return new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(date);
}

/** A byte count for people: 38 KB, 1.2 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return t('package.size.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return t('package.size.mb', { n: new Intl.NumberFormat(state.locale, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024) });
}
