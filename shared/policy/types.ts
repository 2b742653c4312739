// The types of a policy pack, inferred from its zod schema (schema.ts) so the two cannot
// disagree. Kept as its own module because the core, the renderer and the PDF import
// their types from here.
export type {
  CategoryDef, Condition, Localized, MaterialDef, NewbornNaming, ParameterDef, ParameterValue,
  PolicyPack, RuleDef,
} from './schema.ts';
