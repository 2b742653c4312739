// Which materials a case needs and which it has: the category's materials from the pack,
// each required always or when its condition holds, alternatives (oneOf) satisfied by any
// one member, and the case's entries (provided / missing / waived) laid over them.
// A conditional material whose condition does not hold stays in the list as not required,
// so the screen can still show it and take a file for it.
import type { CaseFile } from '../model/case.ts';
import type { Finding, MaterialStatus } from '../model/evaluation.ts';
import type { CategoryDef, Condition } from '../policy/schema.ts';
import { finding } from './finding.ts';
import { RULE_IDS, type RuleId } from '../policy/registry.ts';

function fieldValue(caseFile: CaseFile, path: string): unknown {
  let v: unknown = caseFile;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Whether a pack condition holds for the case. */
export function conditionHolds(c: Condition, caseFile: CaseFile): boolean {
  if ('field' in c) return fieldValue(caseFile, c.field) === c.equals;
  if ('expenseKinds' in c) return (caseFile.expenses ?? []).some((e) => c.expenseKinds.includes(e.kind));
  if ('all' in c) return c.all.every((x) => conditionHolds(x, caseFile));
  if ('any' in c) return c.any.some((x) => conditionHolds(x, caseFile));
  return !conditionHolds(c.not, caseFile);
}

export function resolveMaterials(category: CategoryDef, caseFile: CaseFile): { materials: MaterialStatus[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const entries = caseFile.materials ?? [];
  const byId = new Map(entries.map((m, i) => [m.id, { entry: m, index: i }]));

  const materials: MaterialStatus[] = category.materials.map((def) => {
    const found = byId.get(def.id);
    const status: MaterialStatus = {
      id: def.id, title: def.title, help: def.help, source: def.source,
      required: def.when === undefined || conditionHolds(def.when, caseFile),
      status: found?.entry.status ?? 'missing',
      files: found?.entry.files?.length ?? 0,
      minFiles: def.files.min,
    };
    if (def.rule !== undefined) status.rule = def.rule;
    if (def.whenText !== undefined) status.condition = def.whenText;
    if (def.oneOf !== undefined) status.oneOf = def.oneOf;
    if (found && found.entry.status === 'provided' && status.files < def.files.min) {
      findings.push(finding('case.materials', 'warning', `“${def.title['zh-CN']}”标为已提供，但附件少于 ${def.files.min} 份`,
        `"${def.title.en}" is marked provided but has fewer than ${def.files.min} file(s)`, `materials[${found.index}].files`));
    }
    if (found && found.entry.status !== 'provided' && status.files > 0) {
      // The package attaches the files while its index and cover say the material is not
      // there: the counter gets a contradiction. Which one is wrong, only the clerk knows.
      const said = found.entry.status === 'waived' ? { zh: '免提供', en: 'waived' } : { zh: '缺少', en: 'missing' };
      findings.push(finding('case.materials', 'warning', `“${def.title['zh-CN']}”标为${said.zh}，却附有 ${status.files} 份文件：已提供就改为“已提供”，否则去掉这些文件`,
        `"${def.title.en}" is marked ${said.en} but has ${status.files} file(s): mark it provided, or remove the files`, `materials[${found.index}].status`));
    }
    if (found && def.files.max !== undefined && status.files > def.files.max) {
      findings.push(finding('case.materials', 'warning', `“${def.title['zh-CN']}”附件多于 ${def.files.max} 份`,
        `"${def.title.en}" has more than ${def.files.max} files`, `materials[${found.index}].files`));
    }
    return status;
  });

  // Alternatives: once one member is provided or waived, the others are no longer required.
  const satisfied = new Set(materials.filter((m) => m.oneOf && m.required && m.status !== 'missing').map((m) => m.oneOf!));
  for (const m of materials) if (m.oneOf && satisfied.has(m.oneOf) && m.status === 'missing') m.required = false;

  // A required material still missing is a problem the clerk must solve before filing:
  // an error finding, so `claimdesk check` exits 1 for an incomplete case (INTERFACES.md).
  // Alternatives none of which is given are one problem, under their own rule (e.g.
  // cat.trip.proof: one proof of the trip suffices), not one per alternative.
  const reported = new Set<string>();
  for (const m of materials) {
    if (!m.required || m.status !== 'missing') continue;
    if (m.oneOf === undefined) {
      findings.push(finding('case.materials', 'error', `缺少材料：${m.title['zh-CN']}`, `Missing material: ${m.title.en}`, 'materials'));
      continue;
    }
    if (reported.has(m.oneOf)) continue;
    reported.add(m.oneOf);
    const group = materials.filter((x) => x.oneOf === m.oneOf && x.required);
    const rule: RuleId = m.rule !== undefined && (RULE_IDS as readonly string[]).includes(m.rule) ? (m.rule as RuleId) : 'case.materials';
    findings.push(finding(rule, 'error',
      `缺少材料（以下任选一种即可）：${group.map((x) => x.title['zh-CN']).join('、')}`,
      `Missing material (any one of): ${group.map((x) => x.title.en).join(', ')}`, 'materials'));
  }

  const known = new Set(category.materials.map((m) => m.id));
  const requiredIds = new Set(materials.filter((m) => m.required).map((m) => m.id));
  entries.forEach((e, i) => {
    // Waiving a required material is the counter's decision, not the clerk's: without a note
    // saying on what grounds, the waiver is asked about (the screen's 免提供 always takes one).
    if (e.status === 'waived' && requiredIds.has(e.id) && !e.note?.trim()) {
      const title = category.materials.find((m) => m.id === e.id)?.title ?? { 'zh-CN': e.id, en: e.id };
      findings.push(finding('case.materials', 'warning', `“${title['zh-CN']}”标为免予提供，但未写明依据：请在备注中说明（如经办机构同意免交）`,
        `"${title.en}" is marked waived without saying why: add a note (such as the insurance office agreeing to waive it)`, `materials[${i}].note`));
    }
    if (!known.has(e.id)) {
      findings.push(finding('case.materials', 'info', `材料“${e.id}”不属于本类别，将不计入完整性`,
        `Material "${e.id}" is not one of this category's; it does not count toward completeness`, `materials[${i}].id`));
    }
  });
  return { materials, findings };
}
