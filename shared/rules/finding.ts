// Building findings: every finding names its rule id, both languages and the case field.
import type { Finding, FindingLevel, Localized } from '../model/evaluation.ts';
import type { RuleId } from '../policy/registry.ts';

export function finding(rule: RuleId, level: FindingLevel, zh: string, en: string, at?: string): Finding {
  const f: Finding = { rule, level, message: { 'zh-CN': zh, en } };
  if (at !== undefined) f.at = at;
  return f;
}

export function localized(zh: string, en: string): Localized {
  return { 'zh-CN': zh, en };
}
