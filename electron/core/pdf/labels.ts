// The words the package prints. The package goes to the Xiamen medical-insurance office, so it
// is written in zh-CN only; terms follow the glossary in shared/domain/RULES.md.
import type { ExpenseKind, Scheme } from '../../../shared/model/case.ts';
import type { FindingLevel } from '../../../shared/model/evaluation.ts';
import type { PolicyPack } from '../../../shared/policy/index.ts';

export const PACKAGE_SUBTITLE = '零星报销申请材料';

export const KIND_LABELS: Record<ExpenseKind, string> = {
  outpatient: '门诊',
  inpatient: '住院',
  delivery: '住院分娩',
  prenatal: '产前检查',
  postpartum: '产后检查',
  pharmacy: '药店购药',
  other: '其他',
};

/** Social Insurance Law art. 26 (rule cov.schemes). */
export const SCHEME_LABELS: Record<Scheme, string> = {
  employee: '职工基本医疗保险',
  resident: '城镇居民基本医疗保险',
  rural: '新型农村合作医疗',
};

export const MATERIAL_STATUS_LABELS: Record<'provided' | 'missing' | 'waived', string> = {
  provided: '已提供',
  missing: '缺少',
  waived: '免予提供',
};

/** An optional material not handed in: not missing (nothing is wrong), in grey. */
export const OPTIONAL_NOT_GIVEN = '未提供';

export const LEVEL_LABELS: Record<FindingLevel, string> = {
  error: '问题',
  warning: '提醒',
  info: '提示',
};

export const SEX_LABELS: Record<'male' | 'female', string> = { male: '男', female: '女' };

export const SECTION_TITLES = {
  cover: '封面',
  materials: '申请材料清单',
  expenses: '医疗费用汇总表',
  subtotals: '费用小计',
  voucher: '新生儿凭证信息表',
  attachments: '附件',
} as const;

/** '2024-05-01' → '2024年5月1日'. */
export function chineseDate(iso: string | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 'Page n of m' as the package prints it. */
export function pageLabel(n: number, m: number): string {
  return `第 ${n} 页 / 共 ${m} 页`;
}

/**
 * The name a material's attachments are printed under (materials index, page headers,
 * bookmarks): its title in the pack, any category's; an id the pack does not know (a typo in
 * a case file) as 未知材料（id）, never the bare internal id as if it were a name. The check
 * reports such an id (case.materials).
 */
export function materialTitle(pack: PolicyPack, id: string): string {
  for (const c of pack.categories) for (const m of c.materials) if (m.id === id) return m.title['zh-CN'];
  return `未知材料（${id}）`;
}
