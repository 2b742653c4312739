// The policy pack: what each category requires and the parameters of the rules, as data.
// Everything outside shared/policy imports from here.
import type { CategoryId } from '../model/case.ts';
import type { CategoryDef, PolicyPack, RuleDef } from './schema.ts';
import { xiamenPack } from './xiamen.ts';

export type {
  CategoryDef, Condition, Localized, MaterialDef, NewbornNaming, ParameterDef, ParameterValue,
  PolicyPack, RuleDef,
} from './schema.ts';
export { PACK_FORMAT, packSchema } from './schema.ts';
export { parsePack, PolicyPackError } from './parse.ts';
export { selectPack } from './select.ts';
export { parameterAt, type ParameterLookup } from './parameters.ts';
export { RULE_IDS, PARAMETERS, PARAMETER_NAMES, type RuleId, type ParameterName } from './registry.ts';
export { renderPolicyDocs } from './docs.ts';
export { xiamenPack, xiamenPackData } from './xiamen.ts';

/** The pack shipped with the app. */
export function defaultPack(): PolicyPack {
  return xiamenPack;
}

/** The packs shipped with the app; the core adds the JSON packs of the data directory. */
export function builtinPacks(): PolicyPack[] {
  return [xiamenPack];
}

/** The category of a pack; throws when the pack has no such category. */
export function findCategory(pack: PolicyPack, id: CategoryId): CategoryDef {
  const found = pack.categories.find((c) => c.id === id);
  if (!found) throw new Error(`policy pack ${pack.id} ${pack.version} has no category ${id}`);
  return found;
}

/** The citation of a rule id; throws when the pack lacks it (parsePack makes sure it does not). */
export function findRule(pack: PolicyPack, id: string): RuleDef {
  const found = pack.rules.find((r) => r.id === id);
  if (!found) throw new Error(`policy pack ${pack.id} ${pack.version} has no rule ${id}`);
  return found;
}
