// What every rule check gets: the case, the pack, the day of the evaluation and the filing
// date, and a parameter reader that reports "not configured" as a finding instead of
// letting a rule invent a number.
import type { CaseFile } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import { parameterAt } from '../policy/parameters.ts';
import type { ParameterName } from '../policy/registry.ts';
import type { CategoryDef, PolicyPack } from '../policy/schema.ts';
import type { OtherCaseInvoices } from './duplicateInvoice.ts';
import { finding } from './finding.ts';

export interface RuleContext {
  caseFile: CaseFile;
  pack: PolicyPack;
  category: CategoryDef;
  /** the day of the evaluation (ISO) */
  today: string;
  /** the filing date: caseFile.filedOn, else today */
  filedOn: string;
  otherCases: readonly OtherCaseInvoices[];
}

/**
 * The value of a parameter on a date, or undefined after pushing a policy.pack warning
 * (the rule is then skipped, never applied with a guessed value).
 */
export function readParam(ctx: RuleContext, name: ParameterName, on: string, out: Finding[]): number | undefined {
  const p = parameterAt(ctx.pack, name, on);
  if (p.configured) return p.value;
  out.push(finding('policy.pack', 'warning',
    `政策包 ${ctx.pack.id} ${ctx.pack.version} 未配置参数 ${name}（${on}），相关规则未执行`,
    `Policy pack ${ctx.pack.id} ${ctx.pack.version} does not configure ${name} on ${on}; the rule was not applied`));
  return undefined;
}
