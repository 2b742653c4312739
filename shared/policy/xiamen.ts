// The Xiamen pack (default), read from ../shared/domain/seed.txt via RULES.md.
// First slice: the eleven categories with their titles and legal basis, and the baseline
// materials of any manual claim. Issue 3 adds each category's own materials and parameters.
import type { CategoryDef, MaterialDef, PolicyPack } from './types.ts';

const baseline: MaterialDef[] = [
  { id: 'identity-document', source: 'practice',
    title: { 'zh-CN': '参保人身份证件', en: "Claimant's identity document" },
    help: { 'zh-CN': '参保人居民身份证正反面复印件', en: 'Copy of both sides of the resident ID card' } },
  { id: 'social-security-card', source: 'practice',
    title: { 'zh-CN': '社保卡或社保卡号', en: 'Social security card or its number' },
    help: { 'zh-CN': '社保卡复印件，或写明社保卡号', en: 'Copy of the card, or its number written down' } },
  { id: 'original-invoices', source: 'practice',
    title: { 'zh-CN': '医疗费用原始发票', en: 'Original medical invoices' },
    help: { 'zh-CN': '医疗收费票据原件（电子票据打印件）', en: 'Original receipts (printed e-receipts)' } },
  { id: 'expense-list', source: 'practice',
    title: { 'zh-CN': '费用汇总清单', en: 'Expense detail / summary list' },
    help: { 'zh-CN': '医疗机构出具的费用明细或汇总清单', en: 'The itemised or summary list issued by the institution' } },
];

function category(id: CategoryDef['id'], section: number, zh: string, en: string, basisZh: string, basisEn: string): CategoryDef {
  return {
    id, rule: `cat.${id}`, source: `seed §${section}`,
    title: { 'zh-CN': zh, en },
    basis: { 'zh-CN': basisZh, en: basisEn },
    materials: baseline,
  };
}

export const xiamenPack: PolicyPack = {
  id: 'xiamen',
  version: '2026.1',
  effectiveFrom: '2000-01-01',
  title: { 'zh-CN': '厦门市基本医疗保险零星报销', en: 'Xiamen basic medical insurance — manual reimbursement' },
  categories: [
    category('transfer', 1, '转诊转院', 'Transfer for treatment',
      '确需转诊转院的，病情紧急的应在转院入院之日起7日内补办手续', 'Urgent transfers must complete the formalities within 7 days of admission'),
    category('relocation', 2, '异地安置/异地工作', 'Living or working elsewhere',
      '异地居住、工作半年以上的，须事先办理登记手续', 'Living or working elsewhere for over half a year requires registration in advance'),
    category('trip', 3, '因公出差、探亲、旅游等短期外出', 'Short trips: business, visiting relatives, travel',
      '急症提供出差、探亲证明、旅游合同或实名机票等；慢性病门诊维持治疗须增加厦门病历', 'Acute illness: proof of the trip; chronic maintenance: Xiamen medical records'),
    category('delivery', 4, '异地分娩', 'Delivery elsewhere',
      '住院分娩费用及合理的产前、产后检查费用', 'Delivery hospitalisation and reasonable prenatal and postpartum examinations'),
    category('outage', 5, '系统故障未能实时刷卡结算', 'System failure: card not settled in real time',
      '医疗机构收费处在发票上签注并盖章', "Each invoice endorsed and stamped by the institution's charging office"),
    category('cardLost', 6, '社保卡挂失、损坏或制卡延迟', 'Card lost or damaged, new card delayed',
      '社保卡管理部门在发票背面盖章确认', 'Each invoice stamped on the back by the card management department'),
    category('visits20', 7, '单月门诊超过20次', 'More than 20 outpatient visits in a month',
      '须刷卡结算并显示挂号次数的票据，并提供门诊病历', 'Card-settled bills showing registered visits, and outpatient records'),
    category('noCard', 8, '急诊抢救未持社保卡', 'Acute illness or rescue without the card',
      '门诊或住院病历应详细清楚，足以认定为急症或抢救', 'Records detailed enough to establish acute illness or rescue'),
    category('cadreDrugs', 9, '离休干部目录外药品', "Retired cadres' off-catalogue drugs",
      '提供离休干部目录外药品审批表并加盖医院医保办公章', 'Approval form sealed by the hospital medical-insurance office'),
    category('enrolChange', 10, '参保状态变更、参保单位变更、地税数据延迟', 'Enrolment or employer change, delayed tax data',
      '地税变更于次月中旬确认后方可报销', 'Reimbursable once the tax change is confirmed in the middle of the next month'),
    category('newborn', 11, '新生儿出生后医疗费用', "Newborn's expenses from birth",
      '出生后三个月内参保并及时缴费，到账后方可报销；未取名的以父母姓名加“之子/之女”', 'Enrol within three months and pay; unnamed newborns appear as parent name + 之子/之女'),
  ],
};
