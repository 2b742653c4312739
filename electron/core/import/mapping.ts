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
  date: ['日期', '开票日期', '就诊日期', '收费日期', '费用日期', '发生日期', '票据日期', 'date'],
  institution: ['医疗机构', '医院', '就诊医院', '医疗机构名称', '就诊机构', '收款单位', '开票单位', 'institution', 'hospital'],
  item: ['项目', '项目名称', '费用项目', '收费项目', '诊疗项目', '药品名称', '摘要', 'item'],
  kind: ['类别', '费用类别', '就诊类别', '就诊类型', '医疗类别', 'kind', 'category'],
  amount: ['金额', '金额元', '发票金额', '票据金额', '费用金额', '总金额', '合计金额', '医疗费用', 'amount'],
  nameOnVoucher: ['票据姓名', '发票姓名', '交款人', 'nameonvoucher'],
};

export function headerKey(h: string): string {
  // \uFF08 （, \uFF09 ）, \uFF1A ：
  return h.normalize('NFKC').toLowerCase().replace(/[\uFF08(][^\uFF09)]*[\uFF09)]/g, '').replace(/[\s_\-:\uFF1A*]/g, '');
}

const LOOKUP = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((f) => SYNONYMS[f].map((s) => [headerKey(s), f] as const)),
);

/**
 * Headers that contain a field's synonym but mean something else: the claim's category
 * (报销类别 — one per import, chosen on the screen) is not an expense line's 类别. The loose
 * match skips them; a user can still map one by hand.
 */
const NOT_LOOSELY = new Set(['报销类别', '报销类型', '申报类别', '申请类别', '参保类别', '参保类型', '险种类别', '险种', '报销方式'].map(headerKey));

/** A mapping from the header alone: exact synonyms first, then a header that contains one. */
export function guessMapping(columns: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<number>();
  columns.forEach((c, i) => {
    const f = LOOKUP.get(headerKey(c));
    if (f && mapping[f] === undefined) { mapping[f] = i; taken.add(i); }
  });
  // Looser: '就诊医院名称' contains '医院'; longest synonym wins, each column once.
  for (const f of IMPORT_FIELDS) {
    if (mapping[f] !== undefined) continue;
    let best: { i: number; len: number } | null = null;
    columns.forEach((c, i) => {
      if (taken.has(i)) return;
      const k = headerKey(c);
      if (NOT_LOOSELY.has(k)) return;
      for (const s of SYNONYMS[f]) {
        const sk = headerKey(s);
        if (sk.length >= 2 && /[^\x00-\x7f]/.test(sk) && k.includes(sk) && (!best || sk.length > best.len)) best = { i, len: sk.length };
      }
    });
    if (best) { mapping[f] = (best as { i: number }).i; taken.add((best as { i: number }).i); }
  }
  return mapping;
}

/** The settings key a header's mapping is remembered under. */
export function mappingKey(columns: readonly string[]): string {
  return `import.mapping:${columns.map(headerKey).join('|')}`;
}

export function rememberedMapping(db: Db, columns: readonly string[]): ImportMapping | null {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(mappingKey(columns)) as { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value) as ImportMapping;
    // Only columns that exist in this file.
    return Object.fromEntries(Object.entries(parsed).filter(([f, i]) => (IMPORT_FIELDS as readonly string[]).includes(f) && (i === null || (Number.isInteger(i) && (i as number) < columns.length)))) as ImportMapping;
  } catch {
    return null;
  }
}

export function rememberMapping(db: Db, columns: readonly string[], mapping: ImportMapping): void {
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
    .run(mappingKey(columns), JSON.stringify(mapping));
}
