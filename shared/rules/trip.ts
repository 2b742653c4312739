// cat.trip.proof and cat.trip.chronicScope (seed §3). Acute illness on a short trip: one
// proof of the trip suffices (the pack's oneOf group 'trip-proof': certificate, contract,
// ticket or other). Chronic maintenance: Xiamen medical records, and treatment not beyond
// what Xiamen provides — a reviewer's confirmation recorded as chronicWithinXiamenScope.
import type { Finding } from '../model/evaluation.ts';
import type { RuleContext } from './context.ts';
import { finding } from './finding.ts';

/**
 * cat.trip.proof: the kind of trip decides what is asked. For acute illness the pack's proofs
 * are alternatives (oneOf 'trip-proof'): materials.ts reports them missing as one problem.
 */
export function tripProofFindings(ctx: RuleContext): Finding[] {
  if (ctx.caseFile.facts?.tripKind === undefined) {
    return [finding('cat.trip.proof', 'error', '请选择就医情形：急症，或慢性病门诊维持治疗', 'Choose the case: acute illness, or chronic-disease outpatient maintenance', 'facts.tripKind')];
  }
  return [];
}

export function tripChronicScopeFindings(ctx: RuleContext): Finding[] {
  const f = ctx.caseFile.facts ?? {};
  if (f.tripKind !== 'chronic') return [];
  if (f.chronicWithinXiamenScope === false) {
    return [finding('cat.trip.chronicScope', 'error', '外地慢性病诊疗超出厦门诊疗范围，不予报销', 'The treatment elsewhere exceeds what Xiamen provides: not reimbursable', 'facts.chronicWithinXiamenScope')];
  }
  if (f.chronicWithinXiamenScope === undefined) {
    return [finding('cat.trip.chronicScope', 'warning', '须经审核确认外地诊疗措施未超出厦门诊疗范围', 'A reviewer must confirm that the treatment does not exceed what Xiamen provides', 'facts.chronicWithinXiamenScope')];
  }
  return [];
}
