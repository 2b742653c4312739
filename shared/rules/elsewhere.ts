// cat.relocation (seed §2), cat.trip (§3), cat.delivery (§4): these categories are for
// treatment elsewhere (异地), outside the pack's home area. An expense at an institution whose
// name places it in the home area (厦门大学附属第一医院, 复旦大学附属中山医院厦门医院) most
// likely belongs to another category (or the line is another claim's): asked about per line,
// a warning — a name is not proof of where a hospital is.
import type { Finding } from '../model/evaluation.ts';
import type { RuleId } from '../policy/registry.ts';
import type { RuleContext } from './context.ts';
import { isHomeArea } from './coverage.ts';
import { finding } from './finding.ts';

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
export const deliveryElsewhereFindings = elsewhereFindings('cat.delivery');
