// Which column holds which field: guessed from the header (the names Chinese HR systems,
// hospital exports and e-receipt lists use), or remembered from an earlier import of a file
// with the same header (kept in the settings table).
import type { Db } from '../db/open.ts';
import { IMPORT_FIELDS, type ImportField, type ImportMapping } from '../../../shared/import.ts';

/** Header names per field, compared after dropping spaces, brackets and units. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ['姓名', '职工姓名', '员工姓名', '参保人姓名', '参保人', '患者姓名', '病人姓名', '报销人', 'name', 'claimant'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '社会保障号码', '社保号', 'idnumber', 'id'],
  employer: ['工作单位', '单位', '单位名称', '所在单位', '部门', 'employer', 'company'],
  phone: ['联系电话', '电话', '手机', '手机号', '手机号码', 'phone', 'mobile'],
  invoiceCode: ['发票代码', '票据代码', 'invoicecode'],
  invoiceNo: ['发票号码', '票据号码', '发票号', '票据号', 'invoiceno', 'invoicenumber'],
  date: ['日期', '开票日期', '就诊日期', '就诊时间', '收费日期', '收费时间', '费用日期', '发生日期', '票据日期', '开票时间', '结算日期', 'date'],
  institution: ['医疗机构', '医院', '就诊医院', '医疗机构名称', '就诊机构', '收款单位', '开票单位', 'institution', 'hospital'],
  item: ['项目', '项目名称', '费用项目', '收费项目', '诊疗项目', '药品名称', '摘要', 'item'],
  kind: ['类别', '费用类别', '就诊类别', '就诊类型', '医疗类别', 'kind', 'category'],
  amount: ['金额', '金额元', '发票金额', '票据金额', '费用金额', '费用总额', '总金额', '合计金额', '总费用', '医疗费用', '医疗费用总额', 'amount'],
  nameOnVoucher: ['票据姓名', '发票姓名', '交款人', 'nameonvoucher'],
};

export function headerKey(h: string): string {
  // \uFF08 （, \uFF09 ）, \uFF1A ：
  return h.normalize('NFKC').toLowerCase().replace(/[\uFF08(][^\uFF09)]*[\uFF09)]/g, '').replace(/[\s_\-:\uFF1A*]/g, '');
}

const LOOKUP = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((f) => SYNONYMS[f].map((s) => [headerKey(s), f] as const)),
);

// The words as strings, not inside regex literals: the bundler escapes strings to ASCII but
// copies regex literals as they are (see ASCII_ONLY in tests/core/cli.test.ts).
const words = (list: string[]) => new RegExp(list.join('|'), 'i');

/**
 * Headers that contain a field's synonym but mean something else: the claim's category
 * (报销类别 — one per import, chosen on the screen) is not an expense line's 类别. The loose
 * match skips them; a user can still map one by hand.
 */
const NOT_LOOSELY = new Set(['报销类别', '报销类型', '申报类别', '申请类别', '参保类别', '参保类型', '险种类别', '险种', '报销方式'].map(headerKey));

/**
 * Headers never guessed for a field, however they match (a user can still map one by hand):
 * a birth date is not the expense's date (lines dated on the birthday passed every check), and
 * a part of the bill — what the fund paid, what the patient paid himself — is not the invoice
 * total a claim is made for.
 */
const NEVER: Partial<Record<ImportField, RegExp>> = {
  date: words(['出生', '生日', 'birth', '有效期', '入职', '参保日期', '参保时间']),
  amount: words(['自付', '自费', '自理', '统筹', '医保支付', '医保基金', '基金支付', '个人支付', '现金支付', '个人账户', '账户支付', '报销金额', '已报销', '可报销', '减免', '起付']),
};

const UNITS = ['万元', '千元', '百元', '元', '角', '分', '万'];
const MONEY_WORDS = ['金额', '总额', '费用', '合计', '总计', '小计', '款'];

/**
 * The money unit a header states, if any: 金额（分）, 金额(万元), 金额（单位：角）, 金额/分,
 * 金额万元 → 分, 万元, 角, 分, 万元. The header key drops brackets (so 金额（元） is 金额), which
 * once made 金额（分） the amount and 35650 分 35,650.00 元: a unit other than 元 is never
 * guessed, and refused when mapped by hand.
 */
export function statedUnit(header: string): string | null {
  const t = header.normalize('NFKC').replace(/\s+/g, '');
  const unit = `(?:单位[:：]?)?(?:人民币)?(${UNITS.join('|')})`;
  const m = new RegExp(`[(\\[【]${unit}[)\\]】]`).exec(t)
    ?? new RegExp(`[/_\\-:：]${unit}$`).exec(t)
    ?? new RegExp(`(?:${MONEY_WORDS.join('|')})${unit}$`).exec(t);
  if (!m) return null;
  return m[1] === '万' ? '万元' : m[1]!;
}

/** A header stating a unit other than 元 (amounts are read in 元: issue 8). */
export function foreignUnit(header: string | undefined): string | null {
  const unit = header === undefined ? null : statedUnit(header);
  return unit && unit !== '元' ? unit : null;
}

/**
 * A header that is never taken for the field, by the guess or from memory (NEVER: a birth date,
 * a part of the bill; a unit other than 元 for the amount). Only a mapping set by hand uses it.
 */
export function refused(field: ImportField, header: string): boolean {
  return (NEVER[field]?.test(header.normalize('NFKC')) ?? false) || (field === 'amount' && foreignUnit(header) !== null);
}

/**
 * How well a header names a field: 3 an exact synonym (with 元 or nothing in brackets), 2.5 an
 * exact synonym with a remark in brackets (金额（旧）: the plain 金额 beside it is the one), 2 + a
 * fraction for a header that contains one (the longer the synonym, the better: '就诊医院名称' is
 * 就诊医院 before 医院), 0 not at all or never (NEVER, a foreign unit).
 */
function score(field: ImportField, header: string): number {
  const k = headerKey(header);
  if (!k) return 0;
  if (refused(field, header)) return 0;
  if (LOOKUP.get(k) === field) return /[\uFF08(]/.test(header) && !statedUnit(header) ? 2.5 : 3;
  if (NOT_LOOSELY.has(k)) return 0;
  let best = 0;
  for (const s of SYNONYMS[field]) {
    const sk = headerKey(s);
    if (sk.length >= 2 && /[^\x00-\x7f]/.test(sk) && k.includes(sk)) best = Math.max(best, 2 + sk.length / 100);
  }
  return best;
}

export interface Guess {
  mapping: ImportMapping;
  /** Fields left unmapped because several columns name them equally well: the user chooses. */
  ambiguous: Partial<Record<ImportField, number[]>>;
}

/**
 * A mapping from the header alone. Best matches first (an exact synonym before a header that
 * contains one), each column once. When two columns are equally good for a field (就诊日期
 * and 开票日期, two 金额), neither is guessed: a plausible wrong column passes every row
 * check, so the choice is left to the user, who is shown the candidates.
 */
export function guessColumns(columns: readonly string[]): Guess {
  const candidates: { field: ImportField; column: number; score: number }[] = [];
  for (const field of IMPORT_FIELDS) {
    columns.forEach((c, column) => {
      const s = score(field, c);
      if (s > 0) candidates.push({ field, column, score: s });
    });
  }
  candidates.sort((a, b) => b.score - a.score);
  const mapping: ImportMapping = {};
  const ambiguous: Guess['ambiguous'] = {};
  const taken = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || ambiguous[c.field] || taken.has(c.column)) continue;
    const tied = candidates.filter((o) => o.field === c.field && o.score === c.score && !taken.has(o.column)).map((o) => o.column);
    if (tied.length > 1) { ambiguous[c.field] = tied; continue; }
    mapping[c.field] = c.column;
    taken.add(c.column);
  }
  return { mapping, ambiguous };
}

export function guessMapping(columns: readonly string[]): ImportMapping {
  return guessColumns(columns).mapping;
}

/**
 * A cell of a title line, "label：value" (制表单位：厦门某某有限公司, 填报日期：2024-08-01, 联系电话：
 * 0592-5551234): a colon with text after it. The label contains a field's word (单位, 日期, 电话),
 * so such a line above a narrow table named as many fields as the header and, being first, was
 * taken for it. A colon inside brackets (金额（单位：元）) or before a unit alone (金额：元) is part
 * of a header, not a label.
 */
export function labelWithValue(cell: string): boolean {
  // \u3010 【, \u3011 】 (NFKC has made （） and ［］ ASCII); escaped: see words above.
  const outsideBrackets = cell.normalize('NFKC').replace(/[(\[\u3010][^)\]\u3011]*[)\]\u3011]/g, '');
  return /:\s*\S/.test(outsideBrackets) && statedUnit(cell) === null;
}

/**
 * How many fields a row's cells name, each cell one field (the header row is the first that
 * names two or more; a sentence such as 金额以元为单位 in one cell is not a header, nor is a
 * label：value cell of a title line: labelWithValue).
 */
export function fieldsNamed(cells: readonly string[]): number {
  const { mapping, ambiguous } = guessColumns(cells.filter((c) => !labelWithValue(c)));
  return Object.keys(mapping).length + Object.keys(ambiguous).length;
}

/**
 * A header as written, for remembering its mapping: told apart from another by anything but
 * width (NFKC: （ is (), spaces and case. Not by headerKey, which drops what is in brackets:
 * 金额（合计） and 金额（自付） were one key, and a file with the two in the other order was
 * read from memory with the self-paid part as the invoice amount.
 */
function writtenKey(header: string): string {
  return header.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The settings key a header's mapping is remembered under. */
export function mappingKey(columns: readonly string[]): string {
  return `import.mapping:${columns.map(writtenKey).join('|')}`;
}

/**
 * The key mappings were remembered under before (brackets and what is in them dropped, a unit
 * other than 元 kept). Read only for a header with no brackets, where nothing was dropped and
 * the key still means this header: such a mapping is not lost on upgrading.
 */
function legacyMappingKey(columns: readonly string[]): string | null {
  if (columns.some((c) => /[\uFF08(]/.test(c))) return null;
  return `import.mapping:${columns.map((c) => headerKey(c) + (foreignUnit(c) ? `[${foreignUnit(c)}]` : '')).join('|')}`;
}

export function rememberedMapping(db: Db, columns: readonly string[]): ImportMapping | null {
  const get = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck();
  const legacy = legacyMappingKey(columns);
  const value = (get.get(mappingKey(columns)) ?? (legacy === null ? undefined : get.get(legacy))) as string | undefined;
  if (value === undefined) return null;
  try {
    const parsed = JSON.parse(value) as ImportMapping;
    // Only columns that exist in this file, and none the guess refuses for the field (出生日期
    // as the date, 个人自付 as the amount): a field left open is chosen again by the user.
    return Object.fromEntries(Object.entries(parsed).filter(([f, i]) => (IMPORT_FIELDS as readonly string[]).includes(f) && (i === null || (Number.isInteger(i) && (i as number) < columns.length && !refused(f as ImportField, columns[i as number]!))))) as ImportMapping;
  } catch {
    return null;
  }
}

export function rememberMapping(db: Db, columns: readonly string[], mapping: ImportMapping): void {
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
    .run(mappingKey(columns), JSON.stringify(mapping));
}
