// cat.outage (seed §5), cat.cardLost (§6), cat.noCard (§8): these claims exist because the
// card was not used — it could not be settled in real time, it was lost or not yet made, or
// the patient came without it. A bill recorded as settled with the card was already paid by
// the insurance at the counter; claiming it by hand again is a double claim. Error per line.
// (The opposite check, bills that must be card-settled, is cat.visits20.detect.)
import type { Finding } from '../model/evaluation.ts';
import type { RuleId } from '../policy/registry.ts';
import type { RuleContext } from './context.ts';
import { finding } from './finding.ts';

/** `why`: why the card was not used, as the category tells it. */
function settledFindings(rule: RuleId, why: { zh: string; en: string }): (ctx: RuleContext) => Finding[] {
  return (ctx) => (ctx.caseFile.expenses ?? []).flatMap((e, i) => e.cardSettled !== true ? [] : [finding(rule, 'error',
    `该票据已刷社保卡结算（医保已在窗口支付）：本类别报销的是因${why.zh}而自费的票据，已结算的票据不能再手工报销`,
    `This bill was settled with the card (the insurance already paid at the counter): this category is for bills paid in full because ${why.en}; a settled bill cannot be claimed again by hand`,
    `expenses[${i}].cardSettled`)]);
}

export const outageSettledFindings = settledFindings('cat.outage', { zh: '系统故障未能刷卡结算', en: 'the card could not be settled because of a system failure' });
export const cardLostSettledFindings = settledFindings('cat.cardLost', { zh: '社保卡挂失、损坏或制卡延迟而未能刷卡', en: 'the card was lost, damaged or not yet made' });
export const noCardSettledFindings = settledFindings('cat.noCard', { zh: '急诊抢救时未持社保卡', en: 'the patient came without the card in an emergency' });
