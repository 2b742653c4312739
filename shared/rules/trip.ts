// cat.trip.proof and cat.trip.chronicScope (seed §3). Acute illness on a short trip: one
// proof of the trip suffices (the pack's oneOf group 'trip-proof': certificate, contract,
// ticket or other). Chronic maintenance: Xiamen medical records, and treatment not beyond
// what Xiamen provides — a reviewer's confirmation recorded as chronicWithinXiamenScope.
import type { Finding, MaterialStatus } from '../model/evaluation.ts';
import type { RuleContext } from './context.ts';
import { finding } from './finding.ts';

/** cat.trip.proof: one provided (or waived) material of the group satisfies it. */
export function hasTripProof(materials: readonly MaterialStatus[], group = 'trip-proof'): boolean {
  return materials.some((m) => m.oneOf === group && m.status !== 'missing');
}

export function tripProofFindings(ctx: RuleContext, materials: readonly MaterialStatus[]): Finding[] {
  const kind = ctx.caseFile.facts?.tripKind;
  if (kind === undefined) {
    return [finding('cat.trip.proof', 'error', '请选择就医情形：急症，或慢性病门诊维持治疗', 'Choose the case: acute illness, or chronic-disease outpatient maintenance', 'facts.tripKind')];
  }
  if (kind === 'acute' && !hasTripProof(materials)) {
    const names = materials.filter((m) => m.oneOf === 'trip-proof').map((m) => m.title);
    return [finding('cat.trip.proof', 'warning', `急症就医须提供一种外出证明：${names.map((n) => n['zh-CN']).join('、')}`,
      `Acute illness: provide one proof of the trip: ${names.map((n) => n.en).join(', ')}`, 'materials')];
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
