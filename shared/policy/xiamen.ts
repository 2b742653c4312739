// The Xiamen pack (the default), read from ../shared/domain/seed.txt through RULES.md.
// Plain data in the shape of a JSON pack file: an administrator's pack is this object
// written as JSON. It goes through parsePack like any loaded pack, so a slip here fails at
// start-up and in the tests, not in front of a user.
//
// Sources: 'seed §N' is the Nth category of the source text; 'seed (coverage)' its opening
// paragraphs on lapses; 'Social Insurance Law art. N' the articles it quotes; 'practice' is
// what every manual claim carries though the seed names it only in passing.
// The source text is undated: its values apply from 2000-01-01 so that every case date
// falls under them; a later pack or a later dated value replaces them from its own date.
import { parsePack } from './parse.ts';
import type { CategoryDef, MaterialDef, ParameterDef, PolicyPack, RuleDef } from './schema.ts';

const SINCE = '2000-01-01';
const SEED = 'seed.txt (Xiamen basic medical insurance: lapses and manual reimbursement)';

// ---- baseline materials of any manual claim (source: practice) ----

const identityDocument: MaterialDef = {
  id: 'identity-document', source: 'practice', files: { min: 1, max: 4 },
  title: { 'zh-CN': '参保人身份证件', en: "Claimant's identity document" },
  help: { 'zh-CN': '参保人居民身份证正反面复印件（新生儿报销为代办的父亲或母亲的身份证件）', en: 'Copy of both sides of the resident ID card (for a newborn: the parent who claims)' },
};
const socialSecurityCard: MaterialDef = {
  id: 'social-security-card', source: 'practice', files: { min: 0, max: 2 },
  title: { 'zh-CN': '社保卡或社保卡号', en: 'Social security card or its number' },
  help: { 'zh-CN': '社保卡复印件，或写明社保卡号（无需扫描件）', en: 'Copy of the card, or its number written down (no scan needed)' },
};
const originalInvoices: MaterialDef = {
  id: 'original-invoices', source: 'practice', files: { min: 1 },
  title: { 'zh-CN': '医疗费用原始发票', en: 'Original medical invoices' },
  help: { 'zh-CN': '医疗收费票据原件（电子票据打印件）', en: 'Original receipts (printed e-receipts)' },
};
const expenseList: MaterialDef = {
  id: 'expense-list', source: 'practice', files: { min: 1 },
  title: { 'zh-CN': '费用汇总清单', en: 'Expense detail / summary list' },
  help: { 'zh-CN': '医疗机构出具的费用明细或汇总清单', en: 'The itemised or summary list issued by the institution' },
};
const INPATIENT_STAY = {
  when: { expenseKinds: ['inpatient', 'delivery'] },
  whenText: { 'zh-CN': '有住院（含住院分娩）费用时', en: 'when there is an inpatient stay (delivery included)' },
} as const satisfies Pick<MaterialDef, 'when' | 'whenText'>;
const dischargeRecord: MaterialDef = {
  id: 'discharge-record', source: 'practice', files: { min: 1 }, ...INPATIENT_STAY,
  title: { 'zh-CN': '出院记录（出院小结）', en: 'Discharge record' },
  help: { 'zh-CN': '住院的，提供医院出具的出院记录或出院小结', en: 'For an inpatient stay, the discharge record issued by the hospital' },
};

/** The baseline, with a category's own version of some entries (same id, stricter title). */
function baseline(overrides: Partial<Record<'original-invoices' | 'expense-list' | 'discharge-record', Partial<MaterialDef>>> = {}): MaterialDef[] {
  return [
    identityDocument,
    socialSecurityCard,
    { ...originalInvoices, ...overrides['original-invoices'] },
    { ...expenseList, ...overrides['expense-list'] },
    { ...dischargeRecord, ...overrides['discharge-record'] },
  ];
}

// ---- the rules with their citations ----

const rules: RuleDef[] = [
  { id: 'cov.makeup', source: 'seed (coverage)',
    title: { 'zh-CN': '断缴可以补缴', en: 'A lapse can be made up' },
    basis: { 'zh-CN': '医保断缴可以补缴，但断缴不能超过半年。', en: '"Medical insurance can make up for it. But you can\'t interrupt at will."' },
    parameters: ['cov.maxGapMonths'] },
  { id: 'cov.frozen', source: 'seed (coverage)',
    title: { 'zh-CN': '断缴期间冻结', en: 'Unpaid months are frozen' },
    basis: { 'zh-CN': '断缴期间未缴纳医保费的，医保卡将被冻结，断缴期间不能享受医保待遇。', en: '"If the medical insurance fee is not paid during the interruption period, the medical insurance card will be frozen and you will not be able to enjoy medical insurance benefits during this period."' } },
  { id: 'cov.reset', source: 'seed (coverage)',
    title: { 'zh-CN': '断缴超过半年须重新参保，缴费年限清零', en: 'A lapse over half a year: enrol again, earlier years cleared' },
    basis: { 'zh-CN': '医保断缴超过半年的，无需补缴，须重新参保，此前的缴费年限全部清零。', en: '"if the medical insurance is interrupted for more than half a year, there is no need to pay the medical insurance fee again, and the insured person needs to apply for medical insurance again, and all the previous payment years are cleared."' },
    parameters: ['cov.maxGapMonths'] },
  { id: 'cov.retire', source: 'Social Insurance Law art. 27',
    title: { 'zh-CN': '退休时累计缴费年限', en: 'Cumulative payment years at retirement' },
    basis: { 'zh-CN': '《社会保险法》第二十七条：参加职工基本医疗保险的个人，达到法定退休年龄时累计缴费达到国家规定年限的，退休后不再缴纳基本医疗保险费，按照国家规定享受基本医疗保险待遇；未达到国家规定年限的，可以缴费至国家规定年限。', en: 'at the statutory retirement age, a person whose accumulated payment has reached the years fixed by the state pays no more premiums and enjoys the benefits; one who has not may pay up to those years.' },
    parameters: ['cov.retireYears.male', 'cov.retireYears.female'] },
  { id: 'cov.transfer', source: 'Social Insurance Law art. 32',
    title: { 'zh-CN': '跨统筹地区就业，缴费年限累计计算', en: 'Employment across planning areas: payment periods add up' },
    basis: { 'zh-CN': '《社会保险法》第三十二条：个人跨统筹地区就业的，其基本医疗保险关系随本人转移，缴费年限累计计算。', en: 'a person employed across planning areas carries the basic medical insurance relationship, and the payment period is calculated cumulatively.' } },
  { id: 'cov.schemes', source: 'Social Insurance Law art. 26',
    title: { 'zh-CN': '三种基本医疗保险制度', en: 'The three basic medical insurance schemes' },
    basis: { 'zh-CN': '《社会保险法》第二十六条：职工基本医疗保险、新型农村合作医疗和城镇居民基本医疗保险的待遇标准按照国家规定执行。', en: 'employee basic medical insurance, the new rural cooperative medical system and urban residents\' basic medical insurance are implemented according to state regulations.' } },

  { id: 'cat.transfer', source: 'seed §1', title: { 'zh-CN': '转诊转院', en: 'Transfer for treatment' },
    basis: { 'zh-CN': '确需转诊转院的，应办理转诊转院手续。', en: '"Transfer for medical treatment: If it is really necessary to transfer for medical treatment…"' } },
  { id: 'cat.transfer.urgent7d', source: 'seed §1',
    title: { 'zh-CN': '病情紧急的，转院入院7日内补办手续', en: 'Urgent transfer: formalities within 7 days of admission' },
    basis: { 'zh-CN': '病情紧急的，应在转院入院之日起7日内补办手续；非紧急的，应在转院前办理。', en: '"if the condition is urgent, the formalities should be completed within 7 days of transfer and admission"' },
    parameters: ['transfer.urgentDays'] },
  { id: 'cat.relocation', source: 'seed §2', title: { 'zh-CN': '异地安置/异地工作', en: 'Living or working elsewhere' },
    basis: { 'zh-CN': '异地居住、工作半年以上的，须事先办理登记手续。', en: '"if you want to live and work in different places for more than half a year, you must go through the registration formalities in advance"' } },
  { id: 'cat.relocation.advance', source: 'seed §2',
    title: { 'zh-CN': '异地登记须在就医之前', en: 'Registration elsewhere comes before the treatment' },
    basis: { 'zh-CN': '异地居住、工作半年以上的，须事先办理登记手续。', en: '"…for more than half a year, you must go through the registration formalities in advance"' },
    parameters: ['relocation.minMonths'] },
  { id: 'cat.trip', source: 'seed §3', title: { 'zh-CN': '因公出差、探亲、旅游等短期外出', en: 'Short outings: business trip, visiting relatives, travel' },
    basis: { 'zh-CN': '因公出差、探亲、旅游等短期外出期间发生的医疗费用。', en: '"Medical expenses during short-term outings such as business trip, visiting relatives and traveling"' } },
  { id: 'cat.trip.proof', source: 'seed §3',
    title: { 'zh-CN': '急症：提供一种外出证明', en: 'Acute illness: one proof of the trip' },
    basis: { 'zh-CN': '急症的，提供出差证明、探亲证明、旅游合同、实名制机票等。', en: '"Acute illness: providing business trip certificate, visiting relatives certificate, travel contract, air ticket to real-name registration system, etc."' } },
  { id: 'cat.trip.chronicScope', source: 'seed §3',
    title: { 'zh-CN': '慢性病门诊维持治疗不超出厦门诊疗范围', en: 'Chronic maintenance: not beyond what Xiamen provides' },
    basis: { 'zh-CN': '慢性病门诊维持治疗的，应增加厦门病历，诊疗措施不得超出厦门的诊疗范围。', en: '"outpatient maintenance treatment of chronic diseases: the medical records of Xiamen should be increased, and the measures of diagnosis and treatment should not exceed that of Xiamen"' } },
  { id: 'cat.delivery', source: 'seed §4', title: { 'zh-CN': '异地分娩', en: 'Delivery elsewhere' },
    basis: { 'zh-CN': '异地分娩：住院分娩费用及合理的产前、产后检查费用。', en: '"Off-site delivery: hospitalization delivery expenses and reasonable prenatal and postpartum examination expenses"' } },
  { id: 'cat.delivery.scope', source: 'seed §4',
    title: { 'zh-CN': '仅限住院分娩及合理的产前产后检查费用', en: 'Only delivery stays and reasonable prenatal/postpartum examinations' },
    basis: { 'zh-CN': '住院分娩费用及合理的产前、产后检查费用。', en: '"hospitalization delivery expenses and reasonable prenatal and postpartum examination expenses"' } },
  { id: 'cat.outage', source: 'seed §5', title: { 'zh-CN': '系统故障未能实时刷卡结算', en: 'System failure: card not settled in real time' },
    basis: { 'zh-CN': '本地及同城化地区社保系统故障未能实时刷卡结算的。', en: '"Failures of social security system in local and urbanized areas cannot be settled in real time by credit cards"' } },
  { id: 'cat.outage.stamp', source: 'seed §5',
    title: { 'zh-CN': '每张发票须经收费处签注并盖章', en: "Each invoice endorsed and stamped by the charging office" },
    basis: { 'zh-CN': '医疗机构收费处应在发票上签注并盖章。', en: '"the invoices of the charging offices of medical institutions should be endorsed and stamped"' } },
  { id: 'cat.cardLost', source: 'seed §6', title: { 'zh-CN': '社保卡挂失、损坏或制卡延迟', en: 'Card lost or damaged, new card delayed' },
    basis: { 'zh-CN': '社保卡挂失或损坏、制卡延迟的。', en: '"The social security card is reported lost or damaged, and the printing of the business card is delayed"' } },
  { id: 'cat.cardLost.stamp', source: 'seed §6',
    title: { 'zh-CN': '每张发票背面须经社保卡管理部门盖章确认', en: 'Each invoice stamped on the back by the card office' },
    basis: { 'zh-CN': '由社保卡管理部门在发票背面盖章确认。', en: '"the back of the invoice of the social security card management department is stamped for confirmation"' } },
  { id: 'cat.visits20', source: 'seed §7', title: { 'zh-CN': '单月门诊超过20次', en: 'More than 20 outpatient visits in a month' },
    basis: { 'zh-CN': '单月门诊就诊超过20次的，票据须刷卡结算并显示挂号次数，并提供门诊病历。', en: '"The number of outpatient visits in a single month exceeds 20: the bill must be settled by credit card and show the number of registered visits, and outpatient records must be provided"' } },
  { id: 'cat.visits20.detect', source: 'seed §7',
    title: { 'zh-CN': '按自然月统计门诊次数，超过20次的月份', en: 'Outpatient visits counted per calendar month; a month over 20' },
    basis: { 'zh-CN': '单月门诊就诊次数超过20次。', en: '"The number of outpatient visits in a single month exceeds 20"' },
    parameters: ['visits.monthlyLimit'] },
  { id: 'cat.noCard', source: 'seed §8', title: { 'zh-CN': '急诊抢救未持社保卡', en: 'Acute illness or rescue without the card' },
    basis: { 'zh-CN': '急症或抢救未持社保卡的，门诊或住院病历应详细清楚，足以认定为急症或抢救。', en: '"Acute illness or rescue without social security card: the medical records of outpatient or inpatient should be detailed and clear enough to be identified as acute illness or rescue"' } },
  { id: 'cat.cadreDrugs', source: 'seed §9', title: { 'zh-CN': '离休干部目录外药品', en: "Retired cadres' off-catalogue drugs" },
    basis: { 'zh-CN': '离休干部目录外药品费用，应提供离休干部目录外药品审批表并加盖医院医保管理部门公章；省二级收费中心委托的离休干部应提供保健证。', en: '"An Approval Form for Off-catalogue Drugs of Retired Cadres should be provided and stamped with the official seal of the hospital medical insurance management department; The retired cadres entrusted by the provincial two-level charging center should provide health care certificates"' } },
  { id: 'cat.cadreDrugs.eligible', source: 'seed §9',
    title: { 'zh-CN': '报销人须为离休干部', en: 'The claimant must be a retired cadre' },
    basis: { 'zh-CN': '离休干部目录外药品费用。', en: '"Off-catalogue drug expenses of retired cadres"' } },
  { id: 'cat.enrolChange', source: 'seed §10', title: { 'zh-CN': '参保状态变更、参保单位变更、地税数据延迟', en: 'Enrolment or employer change, delayed tax data' },
    basis: { 'zh-CN': '参保状态变更、参保单位变更及地税数据延迟接收的，待次月中旬地税变更确认后方可报销。', en: '"Enrolment status, change, change of insured unit and delay in receiving local tax data: reimbursement can be made after the local tax change is confirmed in the middle of the next month"' } },
  { id: 'cat.enrolChange.midNextMonth', source: 'seed §10',
    title: { 'zh-CN': '次月中旬起方可报销', en: 'Filing from the middle of the next month' },
    basis: { 'zh-CN': '待次月中旬地税变更确认后方可报销。', en: '"reimbursement can be made after the local tax change is confirmed in the middle of the next month"' },
    parameters: ['enrol.confirmDay'] },
  { id: 'cat.newborn', source: 'seed §11', title: { 'zh-CN': '新生儿出生后医疗费用', en: "Newborn's expenses from birth" },
    basis: { 'zh-CN': '新生儿出生后发生的医疗费用，需提供出生医学证明。', en: '"Medical expenses of newborns from birth … Need a birth certificate"' } },
  { id: 'cat.newborn.enrol3m', source: 'seed §11',
    title: { 'zh-CN': '出生三个月内参保并及时缴费', en: 'Enrolled within three months of birth, premium paid in time' },
    basis: { 'zh-CN': '应在出生后三个月内参保并及时缴费。', en: '"they should be insured within three months of birth and paid in time"' },
    parameters: ['newborn.enrolMonths', 'newborn.premiumMonths'] },
  { id: 'cat.newborn.paidFirst', source: 'seed §11',
    title: { 'zh-CN': '保费到账后方可报销', en: 'Reimbursement only after the premium is received' },
    basis: { 'zh-CN': '缴费到账后方可报销。', en: '"and can only be reimbursed after receiving the money"' } },
  { id: 'cat.newborn.parentName', source: 'seed §11',
    title: { 'zh-CN': '未取名新生儿的票据姓名为“父或母姓名＋之子/之女”', en: "Unnamed newborn: vouchers carry the parent's name + 之子/之女" },
    basis: { 'zh-CN': '费用发生时尚未取名的新生儿，医疗费用发票、汇总清单、出院记录等报销凭证上的姓名应为母亲或父亲姓名加“之子”或“之女”。', en: '"For the unnamed newborn at the time of expense, the name on reimbursement vouchers such as medical expense invoices, summary tables and discharge records should be the name of the mother or father followed by \'son\' or \'daughter\'."' } },

  { id: 'id.resident', source: 'GB 11643-1999',
    title: { 'zh-CN': '居民身份证号码校验', en: 'Resident ID number check' },
    basis: { 'zh-CN': 'GB 11643-1999《公民身份号码》：18位，末位为ISO 7064 MOD 11-2校验码，第7–14位为出生日期，第17位奇数为男。', en: 'GB 11643-1999: 18 characters, the last an ISO 7064 MOD 11-2 check character; digits 7–14 the birth date; an odd 17th digit means male.' } },
  { id: 'money.words', source: 'practice',
    title: { 'zh-CN': '金额大写', en: 'Amounts in Chinese capital numerals' },
    basis: { 'zh-CN': '报销凭证上的合计金额同时以大写书写（零壹贰叁肆伍陆柒捌玖、拾佰仟万亿、元角分整）。', en: 'Every total printed in figures is also printed in 大写 (RULES.md money.words).' } },
  { id: 'case.duplicateInvoice', source: 'practice',
    title: { 'zh-CN': '同一发票不得重复报销', en: 'The same invoice may not be claimed twice' },
    basis: { 'zh-CN': '同一张发票（票据代码＋票据号码）不得在一次报销中重复出现，也不得在同一参保人的两次报销中出现。', en: 'The same invoice (code + number) must not appear twice in a case, nor in two cases of the same claimant (RULES.md).' } },
  { id: 'case.materials', source: 'practice',
    title: { 'zh-CN': '材料与附件', en: 'Materials and their files' },
    basis: { 'zh-CN': '已提供的材料应附有所需份数的扫描件。', en: 'A material marked provided carries the number of files (scans) it takes.' } },
  { id: 'case.expenseDates', source: 'practice',
    title: { 'zh-CN': '费用日期', en: 'Expense dates' },
    basis: { 'zh-CN': '申请报销的费用须发生在申请之前：票据日期不能晚于申请日期，也不能晚于今天。', en: 'A claim is for expenses already incurred: an invoice is not dated after the filing date, nor after today.' } },
  { id: 'case.filedOn', source: 'practice',
    title: { 'zh-CN': '申请日期', en: 'Filing date' },
    basis: { 'zh-CN': '申请日期是提交申请的日期，不能晚于今天：规则按申请日期计算期限、选用政策包。', en: 'The filing date is the day the claim is handed in, not after today: the rules count deadlines and choose the pack from it.' } },
  { id: 'policy.pack', source: 'practice',
    title: { 'zh-CN': '政策包适用', en: 'Policy pack in force' },
    basis: { 'zh-CN': '按报销申请日有效的政策包审核；政策包未配置的参数不作推测。', en: 'A case is evaluated with the pack in force on its filing date; a parameter the pack does not configure is not guessed.' } },
];

// ---- parameters: dated values with references ----

const parameters: Record<string, ParameterDef> = {
  'cov.maxGapMonths': {
    rule: 'cov.reset', unit: 'months',
    description: { 'zh-CN': '可补缴的最长连续断缴月数（超过即须重新参保、年限清零）', en: 'Longest lapse, in unpaid calendar months in a row, that can still be made up' },
    note: { 'zh-CN': '“超过半年”按自然月计：连续6个月未缴仍可补缴，第7个月即超过。', en: '"More than half a year" counted in calendar months: 6 unpaid months in a row can be made up, 7 cannot.' },
    values: [{ from: SINCE, value: 6, reference: `${SEED}, coverage: "interrupted for more than half a year … all the previous payment years are cleared"` }],
  },
  'cov.retireYears.male': {
    rule: 'cov.retire', unit: 'years',
    description: { 'zh-CN': '男性退休时须达到的累计缴费年限', en: 'Cumulative payment years a man needs at retirement' },
    note: { 'zh-CN': '原文只说“国家规定年限”，未给出数值；须由政策包注明来源后配置，否则显示“未配置”。', en: 'The source says only "the fixed number of years stipulated by the state"; a pack must state it with its source, else the app says "not configured".' },
    values: [],
  },
  'cov.retireYears.female': {
    rule: 'cov.retire', unit: 'years',
    description: { 'zh-CN': '女性退休时须达到的累计缴费年限', en: 'Cumulative payment years a woman needs at retirement' },
    note: { 'zh-CN': '原文只说“国家规定年限”，未给出数值；须由政策包注明来源后配置，否则显示“未配置”。', en: 'The source says only "the fixed number of years stipulated by the state"; a pack must state it with its source, else the app says "not configured".' },
    values: [],
  },
  'transfer.urgentDays': {
    rule: 'cat.transfer.urgent7d', unit: 'days',
    description: { 'zh-CN': '病情紧急转院的，自转院入院之日起补办手续的天数', en: 'Days after an urgent transfer admission within which the formalities are completed' },
    note: { 'zh-CN': '入院当日加7天（第7天仍在期限内）。', en: 'Admission date + 7 days; day 7 is still in time.' },
    values: [{ from: SINCE, value: 7, reference: `${SEED}, §1: "completed within 7 days of transfer and admission"` }],
  },
  'relocation.minMonths': {
    rule: 'cat.relocation.advance', unit: 'months',
    description: { 'zh-CN': '须事先登记的异地居住/工作时长（超过此月数）', en: 'Stay elsewhere (months) beyond which registration in advance is required' },
    values: [{ from: SINCE, value: 6, reference: `${SEED}, §2: "for more than half a year"` }],
  },
  'visits.monthlyLimit': {
    rule: 'cat.visits20.detect', unit: 'visits',
    description: { 'zh-CN': '单月门诊次数上限（超过即适用第7类）', en: 'Outpatient visits in one calendar month above which category 7 applies' },
    values: [{ from: SINCE, value: 20, reference: `${SEED}, §7: "The number of outpatient visits in a single month exceeds 20"` }],
  },
  'enrol.confirmDay': {
    rule: 'cat.enrolChange.midNextMonth', unit: 'dayOfMonth',
    description: { 'zh-CN': '变更次月的第几日起可报销（“次月中旬”）', en: 'Day of the month after the change from which filing is allowed ("the middle of the next month")' },
    note: { 'zh-CN': '原文为“次月中旬”，取15日。', en: 'The source says "the middle of the next month"; the 15th is taken.' },
    values: [{ from: SINCE, value: 15, reference: `${SEED}, §10: "confirmed in the middle of the next month"` }],
  },
  'newborn.enrolMonths': {
    rule: 'cat.newborn.enrol3m', unit: 'months',
    description: { 'zh-CN': '新生儿须在出生后几个月内参保', en: 'Months after birth within which a newborn is enrolled' },
    note: { 'zh-CN': '出生日加3个自然月，无对应日的取当月最后一天（11月30日出生→次年2月28日）。', en: 'Birth date + 3 calendar months, clamped to the month end (born 30 Nov → 28 Feb).' },
    values: [{ from: SINCE, value: 3, reference: `${SEED}, §11: "insured within three months of birth"` }],
  },
  'newborn.premiumMonths': {
    rule: 'cat.newborn.enrol3m', unit: 'months',
    description: { 'zh-CN': '新生儿保费须在出生后几个月内缴纳（“及时缴费”）', en: 'Months after birth within which the premium is paid ("paid in time")' },
    note: { 'zh-CN': '原文“及时缴费”未定期限，取与参保相同的三个月。', en: 'The source says "paid in time" without a period; the same three months as enrolment are taken.' },
    values: [{ from: SINCE, value: 3, reference: `${SEED}, §11: "should be insured within three months of birth and paid in time"` }],
  },
};

// ---- the eleven categories ----

function category(def: Omit<CategoryDef, 'rule' | 'source'> & { section: number }): CategoryDef {
  const { section, ...rest } = def;
  return { ...rest, rule: `cat.${def.id}`, source: `seed §${section}` };
}

const tripAcute = {
  when: { field: 'facts.tripKind', equals: 'acute' },
  whenText: { 'zh-CN': '急症就医的（任选一种外出证明）', en: 'for acute illness (any one proof of the trip)' },
} as const;

const categories: CategoryDef[] = [
  category({ id: 'transfer', section: 1, rules: ['cat.transfer.urgent7d'],
    title: { 'zh-CN': '转诊转院', en: 'Transfer for treatment' },
    basis: { 'zh-CN': '确需转诊转院的，病情紧急的应在转院入院之日起7日内补办手续', en: 'Urgent transfers must complete the formalities within 7 days of admission' },
    materials: [...baseline(), {
      id: 'transfer-approval', source: 'seed §1', rule: 'cat.transfer.urgent7d', files: { min: 1 },
      title: { 'zh-CN': '转诊转院审批手续', en: 'Transfer (referral) approval' },
      help: { 'zh-CN': '转诊转院审批表或备案记录；病情紧急的，自转院入院之日起7日内补办', en: 'The transfer approval form or filing record; for an urgent transfer, completed within 7 days of admission' },
    }] }),
  category({ id: 'relocation', section: 2, rules: ['cat.relocation', 'cat.relocation.advance'],
    title: { 'zh-CN': '异地安置/异地工作', en: 'Living or working elsewhere' },
    basis: { 'zh-CN': '异地居住、工作半年以上的，须事先办理登记手续', en: 'Living or working elsewhere for over half a year requires registration in advance' },
    materials: [...baseline(), {
      id: 'relocation-registration', source: 'seed §2', rule: 'cat.relocation.advance', files: { min: 1 },
      title: { 'zh-CN': '异地安置/异地工作登记备案', en: 'Registration of residence or work elsewhere' },
      help: { 'zh-CN': '就医前办理的异地居住或工作登记备案记录', en: 'The registration record for living or working elsewhere, made before the treatment' },
    }] }),
  category({ id: 'trip', section: 3, rules: ['cat.trip', 'cat.trip.proof', 'cat.trip.chronicScope'],
    title: { 'zh-CN': '因公出差、探亲、旅游等短期外出', en: 'Short trips: business, visiting relatives, travel' },
    basis: { 'zh-CN': '急症提供出差、探亲证明、旅游合同或实名机票等；慢性病门诊维持治疗须增加厦门病历', en: 'Acute illness: proof of the trip; chronic maintenance: Xiamen medical records' },
    materials: [...baseline(),
      { id: 'business-trip-certificate', source: 'seed §3', rule: 'cat.trip.proof', oneOf: 'trip-proof', files: { min: 1 }, ...tripAcute,
        title: { 'zh-CN': '出差证明', en: 'Business-trip certificate' },
        help: { 'zh-CN': '单位出具的出差证明', en: 'The employer\'s certificate of the business trip' } },
      { id: 'visiting-relatives-certificate', source: 'seed §3', rule: 'cat.trip.proof', oneOf: 'trip-proof', files: { min: 1 }, ...tripAcute,
        title: { 'zh-CN': '探亲证明', en: 'Visiting-relatives certificate' },
        help: { 'zh-CN': '探亲的证明材料', en: 'Proof of the visit to relatives' } },
      { id: 'travel-contract', source: 'seed §3', rule: 'cat.trip.proof', oneOf: 'trip-proof', files: { min: 1 }, ...tripAcute,
        title: { 'zh-CN': '旅游合同', en: 'Travel contract' },
        help: { 'zh-CN': '与旅行社签订的旅游合同', en: 'The contract with the travel agency' } },
      { id: 'air-ticket', source: 'seed §3', rule: 'cat.trip.proof', oneOf: 'trip-proof', files: { min: 1 }, ...tripAcute,
        title: { 'zh-CN': '实名制机票', en: 'Real-name air ticket' },
        help: { 'zh-CN': '实名制机票（行程单）', en: 'The real-name air ticket (itinerary)' } },
      { id: 'other-trip-proof', source: 'seed §3', rule: 'cat.trip.proof', oneOf: 'trip-proof', files: { min: 1 }, ...tripAcute,
        title: { 'zh-CN': '其他外出证明', en: 'Other proof of the trip' },
        help: { 'zh-CN': '原文“等”：其他能证明短期外出的材料（如实名火车票）', en: 'The source\'s "etc.": other proof of the outing (e.g. a real-name train ticket)' } },
      { id: 'xiamen-medical-records', source: 'seed §3', rule: 'cat.trip.chronicScope', files: { min: 1 },
        when: { field: 'facts.tripKind', equals: 'chronic' },
        whenText: { 'zh-CN': '慢性病门诊维持治疗的', en: 'for chronic-disease outpatient maintenance' },
        title: { 'zh-CN': '厦门病历', en: 'Xiamen medical records' },
        help: { 'zh-CN': '在厦门就诊的慢性病病历，外地诊疗措施不得超出厦门范围', en: 'The chronic-disease records from Xiamen; treatment elsewhere must not exceed what Xiamen provides' } },
    ] }),
  category({ id: 'delivery', section: 4, rules: ['cat.delivery', 'cat.delivery.scope'], expenseScope: ['delivery', 'prenatal', 'postpartum'],
    title: { 'zh-CN': '异地分娩', en: 'Delivery elsewhere' },
    basis: { 'zh-CN': '住院分娩费用及合理的产前、产后检查费用', en: 'Delivery hospitalisation and reasonable prenatal and postpartum examinations' },
    materials: [...baseline({ 'original-invoices': { source: 'seed §4', rule: 'cat.delivery.scope',
      title: { 'zh-CN': '住院分娩费用发票', en: 'Delivery hospitalisation invoices' },
      help: { 'zh-CN': '异地住院分娩的医疗收费票据原件', en: 'Original invoices of the delivery stay elsewhere' } } }),
    { id: 'prenatal-postpartum-invoices', source: 'seed §4', rule: 'cat.delivery.scope', files: { min: 1 },
      when: { expenseKinds: ['prenatal', 'postpartum'] },
      whenText: { 'zh-CN': '报销产前、产后检查费用的', en: 'when prenatal or postpartum examinations are claimed' },
      title: { 'zh-CN': '产前、产后检查费用发票', en: 'Prenatal and postpartum examination invoices' },
      help: { 'zh-CN': '合理的产前、产后检查费用票据原件', en: 'Original invoices of reasonable prenatal and postpartum examinations' } },
    ] }),
  category({ id: 'outage', section: 5, rules: ['cat.outage', 'cat.outage.stamp'],
    title: { 'zh-CN': '系统故障未能实时刷卡结算', en: 'System failure: card not settled in real time' },
    basis: { 'zh-CN': '医疗机构收费处在发票上签注并盖章', en: "Each invoice endorsed and stamped by the institution's charging office" },
    materials: baseline({ 'original-invoices': { source: 'seed §5', rule: 'cat.outage.stamp',
      title: { 'zh-CN': '经收费处签注并盖章的原始发票', en: 'Original invoices endorsed and stamped by the charging office' },
      help: { 'zh-CN': '每张发票须由医疗机构收费处签注（系统故障未能刷卡）并盖章', en: "Each invoice endorsed (system failure, card not settled) and stamped by the institution's charging office" } } }) }),
  category({ id: 'cardLost', section: 6, rules: ['cat.cardLost', 'cat.cardLost.stamp'],
    title: { 'zh-CN': '社保卡挂失、损坏或制卡延迟', en: 'Card lost or damaged, new card delayed' },
    basis: { 'zh-CN': '社保卡管理部门在发票背面盖章确认', en: 'Each invoice stamped on the back by the card management department' },
    materials: baseline({ 'original-invoices': { source: 'seed §6', rule: 'cat.cardLost.stamp',
      title: { 'zh-CN': '背面经社保卡管理部门盖章的原始发票', en: 'Original invoices stamped on the back by the card office' },
      help: { 'zh-CN': '每张发票背面须由社保卡管理部门盖章确认', en: 'Each invoice stamped on the back by the social security card management department' } } }) }),
  category({ id: 'visits20', section: 7, rules: ['cat.visits20.detect'],
    title: { 'zh-CN': '单月门诊超过20次', en: 'More than 20 outpatient visits in a month' },
    basis: { 'zh-CN': '须刷卡结算并显示挂号次数的票据，并提供门诊病历', en: 'Card-settled bills showing registered visits, and outpatient records' },
    materials: [...baseline({ 'original-invoices': { source: 'seed §7', rule: 'cat.visits20.detect',
      title: { 'zh-CN': '刷卡结算并显示挂号次数的票据', en: 'Card-settled bills showing the number of registered visits' },
      help: { 'zh-CN': '票据须经社保卡结算，并显示挂号次数', en: 'The bills must be settled with the card and show the registered visits' } } }),
    { id: 'outpatient-records', source: 'seed §7', rule: 'cat.visits20.detect', files: { min: 1 },
      title: { 'zh-CN': '门诊病历', en: 'Outpatient records' },
      help: { 'zh-CN': '超过20次月份的门诊病历', en: 'The outpatient records of the month(s) over 20 visits' } },
    ] }),
  category({ id: 'noCard', section: 8, rules: ['cat.noCard'],
    title: { 'zh-CN': '急诊抢救未持社保卡', en: 'Acute illness or rescue without the card' },
    basis: { 'zh-CN': '门诊或住院病历应详细清楚，足以认定为急症或抢救', en: 'Records detailed enough to establish acute illness or rescue' },
    materials: [...baseline(), {
      id: 'emergency-records', source: 'seed §8', rule: 'cat.noCard', files: { min: 1 },
      title: { 'zh-CN': '门诊或住院病历（急症/抢救）', en: 'Outpatient or inpatient records (acute illness / rescue)' },
      help: { 'zh-CN': '病历须详细清楚，足以认定为急症或抢救', en: 'Records detailed and clear enough to establish acute illness or rescue' },
    }] }),
  category({ id: 'cadreDrugs', section: 9, rules: ['cat.cadreDrugs.eligible'],
    title: { 'zh-CN': '离休干部目录外药品', en: "Retired cadres' off-catalogue drugs" },
    basis: { 'zh-CN': '提供离休干部目录外药品审批表并加盖医院医保办公章', en: 'Approval form sealed by the hospital medical-insurance office' },
    materials: [...baseline(),
      { id: 'cadre-drug-approval', source: 'seed §9', rule: 'cat.cadreDrugs.eligible', files: { min: 1 },
        title: { 'zh-CN': '离休干部目录外药品审批表', en: 'Approval Form for Off-catalogue Drugs of Retired Cadres' },
        help: { 'zh-CN': '须加盖医院医保管理部门公章', en: "Sealed by the hospital's medical-insurance office" } },
      { id: 'health-care-certificate', source: 'seed §9', rule: 'cat.cadreDrugs', files: { min: 1 },
        when: { field: 'facts.entrustedByProvincialCentre', equals: true },
        whenText: { 'zh-CN': '由省二级收费中心委托的离休干部', en: 'when entrusted by the provincial two-level charging centre' },
        title: { 'zh-CN': '保健证', en: 'Health-care certificate' },
        help: { 'zh-CN': '省二级收费中心委托的离休干部提供保健证', en: 'Retired cadres entrusted by the provincial charging centre provide their health-care certificate' } },
    ] }),
  category({ id: 'enrolChange', section: 10, rules: ['cat.enrolChange.midNextMonth'],
    title: { 'zh-CN': '参保状态变更、参保单位变更、地税数据延迟', en: 'Enrolment or employer change, delayed tax data' },
    basis: { 'zh-CN': '地税变更于次月中旬确认后方可报销', en: 'Reimbursable once the tax change is confirmed in the middle of the next month' },
    materials: [...baseline(), {
      id: 'enrolment-change-evidence', source: 'seed §10', rule: 'cat.enrolChange.midNextMonth', files: { min: 1 },
      title: { 'zh-CN': '参保变更证明', en: 'Evidence of the enrolment change' },
      help: { 'zh-CN': '参保状态或参保单位变更、地税数据延迟的证明', en: 'Evidence of the change of status or employer, or of the delayed tax data' },
    }] }),
  category({ id: 'newborn', section: 11, rules: ['cat.newborn.enrol3m', 'cat.newborn.paidFirst', 'cat.newborn.parentName'],
    title: { 'zh-CN': '新生儿出生后医疗费用', en: "Newborn's expenses from birth" },
    basis: { 'zh-CN': '出生后三个月内参保并及时缴费，到账后方可报销；未取名的以父母姓名加“之子/之女”', en: 'Enrol within three months and pay; unnamed newborns appear as parent name + 之子/之女' },
    materials: [
      ...baseline({
        'original-invoices': { source: 'seed §11', rule: 'cat.newborn.parentName',
          help: { 'zh-CN': '未取名的，发票姓名为父或母姓名加“之子/之女”', en: "For an unnamed newborn the invoice names the parent + 之子/之女" } },
        'expense-list': { source: 'seed §11', rule: 'cat.newborn.parentName' },
        'discharge-record': { source: 'seed §11', rule: 'cat.newborn.parentName' },
      }),
      { id: 'birth-certificate', source: 'seed §11', rule: 'cat.newborn', files: { min: 1, max: 2 },
        title: { 'zh-CN': '出生医学证明', en: 'Birth certificate' },
        help: { 'zh-CN': '新生儿的出生医学证明', en: "The newborn's medical birth certificate" } },
    ] }),
];

/** The Xiamen pack as a JSON pack file would hold it (before validation). */
export const xiamenPackData = {
  format: 'claimdesk/policy-pack@1',
  id: 'xiamen',
  version: '2026.1',
  effectiveFrom: SINCE,
  title: { 'zh-CN': '厦门市基本医疗保险零星报销', en: 'Xiamen basic medical insurance — manual reimbursement' },
  homeArea: { title: { 'zh-CN': '厦门市', en: 'Xiamen' }, names: ['厦门市', '厦门', 'Xiamen', '思明', '湖里', '集美', '海沧', '同安', '翔安'] },
  schemes: ['employee', 'resident', 'rural'],
  newbornNaming: { son: '之子', daughter: '之女', ordinal: '（{n}）', source: 'seed §11', ordinalSource: 'practice' },
  rules,
  parameters,
  categories,
} satisfies PolicyPack;

/** The Xiamen pack, validated: a slip in the data above fails here, at load. */
export const xiamenPack: PolicyPack = parsePack(xiamenPackData);
