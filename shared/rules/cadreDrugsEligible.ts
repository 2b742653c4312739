// cat.cadreDrugs.eligible (seed §9): off-catalogue drugs are reimbursed for retired cadres
// (离休干部) only. Not a retired cadre: error. Not recorded: also an error, since the
// category cannot be claimed without it, with a message asking for it.
import type { Finding } from '../model/evaluation.ts';
import type { RuleContext } from './context.ts';
import { finding } from './finding.ts';

export function isCadreDrugsEligible(retiredCadre: boolean | undefined): boolean {
  return retiredCadre === true;
}

export function cadreDrugsFindings(ctx: RuleContext): Finding[] {
  const v = ctx.caseFile.claimant.retiredCadre;
  if (isCadreDrugsEligible(v)) return [];
  return [v === false
    ? finding('cat.cadreDrugs.eligible', 'error', '目录外药品费用仅限离休干部报销，参保人不是离休干部', 'Off-catalogue drugs are for retired cadres only; the claimant is not one', 'claimant.retiredCadre')
    : finding('cat.cadreDrugs.eligible', 'error', '请确认参保人是否为离休干部（本类别仅限离休干部）', 'Confirm whether the claimant is a retired cadre (this category is for retired cadres only)', 'claimant.retiredCadre')];
}
