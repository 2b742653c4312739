// cat.relocation (seed §2), cat.trip (§3), cat.delivery (§4): these categories are for
// treatment elsewhere (异地), outside the pack's home area. An expense at an institution whose
// name places it in the home area (厦门大学附属第一医院, 复旦大学附属中山医院厦门医院) most
// likely belongs to another category (or the line is another claim's): asked about per line,
// a warning — a name is not proof of where a hospital is. (cat.delivery also asks about a
// male claimant: below.)
import type { Finding } from '../model/evaluation.ts';
import type { RuleId } from '../policy/registry.ts';
import type { RuleContext } from './context.ts';
import { isHomeArea } from './coverage.ts';
import { finding } from './finding.ts';
import { claimantFacts } from './identity.ts';

function elsewhereFindings(rule: RuleId): (ctx: RuleContext) => Finding[] {
  return (ctx) => {
    const home = ctx.pack.homeArea.title;
    return (ctx.caseFile.expenses ?? []).flatMap((e, i) => !e.institution.trim() || !isHomeArea(ctx.pack, e.institution) ? [] : [finding(rule, 'warning',
      `本类别报销的是在${home['zh-CN']}以外就医的费用，但“${e.institution}”看起来在${home['zh-CN']}：请核对医疗机构或报销类别`,
      `This category is for treatment outside ${home.en}, but "${e.institution}" looks like it is in ${home.en}: check the institution or the category`,
      `expenses[${i}].institution`)]);
  };
}

export const relocationElsewhereFindings = elsewhereFindings('cat.relocation');
export const tripElsewhereFindings = elsewhereFindings('cat.trip');
const deliveryPlaceFindings = elsewhereFindings('cat.delivery');

/**
 * cat.delivery also: the claim is the mother's own (her delivery, her examinations). A male
 * claimant — by the case or by the 17th digit of his ID number — is most likely the husband
 * filing in his own name instead of hers: asked about.
 */
export function deliveryElsewhereFindings(ctx: RuleContext): Finding[] {
  const out = deliveryPlaceFindings(ctx);
  if (claimantFacts(ctx.caseFile, ctx.today).sex === 'male') {
    out.push(finding('cat.delivery', 'warning', '异地分娩费用应以产妇本人（参保人）名义申请，但申请人为男性：请核对申请人及身份证号码',
      'Delivery expenses are claimed by the mother (the insured person), but the claimant is male: check the claimant and the ID number', 'claimant'));
  }
  return out;
}
