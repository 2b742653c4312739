// The policy pack as data: its zod schema is the one definition of a pack's shape. The
// built-in Xiamen pack and every JSON pack an administrator loads go through it
// (parse.ts), so a pack the rules cannot use is refused when it is loaded, not half-way
// through an evaluation. Parameters follow OpenFisca's way: each is a list of dated
// values, each value with the reference it comes from.
import * as z from 'zod';
import {
  CATEGORY_IDS, EXPENSE_KINDS, SCHEMES, claimantSchema, factsSchema, isoDate, newbornSchema,
  type ExpenseKind,
} from '../model/case.ts';

export const PACK_FORMAT = 'claimdesk/policy-pack@1';

export const localizedSchema = z.object({
  'zh-CN': z.string().trim().min(1, { message: 'must not be empty' }),
  en: z.string().trim().min(1, { message: 'must not be empty' }),
}).strict();

/** Case fields a material condition may look at: 'facts.tripKind', 'claimant.retiredCadre', … */
export const CONDITION_FIELDS: readonly string[] = [
  'scheme',
  ...Object.keys(factsSchema.shape).map((k) => `facts.${k}`),
  ...Object.keys(claimantSchema.shape).map((k) => `claimant.${k}`),
  ...Object.keys(newbornSchema.shape).map((k) => `newborn.${k}`),
];

/**
 * When a conditional material is required. Data, not code, so that a JSON pack can say
 * it: a case field equal to a value, some expense line of given kinds, or a combination.
 */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { expenseKinds: ExpenseKind[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() => z.union([
  z.object({
    field: z.string().refine((f) => CONDITION_FIELDS.includes(f), {
      message: `must be one of the case fields ${CONDITION_FIELDS.join(', ')}`,
    }),
    equals: z.union([z.string(), z.number(), z.boolean()]),
  }).strict(),
  z.object({ expenseKinds: z.array(z.enum(EXPENSE_KINDS)).min(1) }).strict(),
  z.object({ all: z.array(conditionSchema).min(1) }).strict(),
  z.object({ any: z.array(conditionSchema).min(1) }).strict(),
  z.object({ not: conditionSchema }).strict(),
]));

const ruleIdSchema = z.string().regex(/^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/, {
  message: "must be a rule id such as 'cat.newborn.enrol3m'",
});

export const materialSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be lower-case letters, digits and dashes' }),
  title: localizedSchema,
  help: localizedSchema,
  /** 'seed §N' for what the source text names, 'practice' for the baseline of any claim. */
  source: z.string().trim().min(1),
  /** The rule id this material serves (cat.trip.proof, …); absent for the baseline. */
  rule: ruleIdSchema.optional(),
  /** How many files (scans) it takes; min 0 when a written number will do. */
  files: z.object({
    min: z.number().int().min(0).max(100),
    max: z.number().int().min(1).max(200).optional(),
  }).strict().refine((f) => f.max === undefined || f.min <= f.max, { message: 'min must not exceed max', path: ['max'] }),
  /** Absent: always required. Present: required only when the condition holds. */
  when: conditionSchema.optional(),
  /** The condition in words, for the screen and docs/policy.md. */
  whenText: localizedSchema.optional(),
  /** Alternatives: materials sharing a oneOf name are satisfied by any one of them. */
  oneOf: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
}).strict().refine((m) => (m.when === undefined) === (m.whenText === undefined), {
  message: 'when and whenText go together: a condition needs its words and words need a condition',
  path: ['whenText'],
});

export const categorySchema = z.object({
  id: z.enum(CATEGORY_IDS),
  /** rule id of the category, e.g. 'cat.transfer' */
  rule: ruleIdSchema,
  title: localizedSchema,
  /** the sentence of the source text it rests on */
  basis: localizedSchema,
  source: z.string().trim().min(1),
  /** rule ids that apply to a case of this category (besides the checks on any case) */
  rules: z.array(ruleIdSchema),
  /** Every material of the category, the baseline of any claim included. */
  materials: z.array(materialSchema).min(1),
  /** Expense kinds that belong to the category (cat.delivery.scope); absent: any kind. */
  expenseScope: z.array(z.enum(EXPENSE_KINDS)).min(1).optional(),
}).strict();

export const ruleDefSchema = z.object({
  id: ruleIdSchema,
  title: localizedSchema,
  /** where it comes from: 'seed §1', 'seed (coverage)', 'Social Insurance Law art. 27', 'GB 11643-1999', 'practice' */
  source: z.string().trim().min(1),
  /** the sentence (or its gist) it rests on */
  basis: localizedSchema,
  /** names of the parameters it reads */
  parameters: z.array(z.string()).optional(),
}).strict();

export const parameterValueSchema = z.object({
  /** in force from this date (inclusive) until the next value's date */
  from: isoDate,
  /** null ends the parameter: from this date on it is not configured */
  value: z.number().int().min(0).max(1000).nullable(),
  /** where the value comes from (OpenFisca's `reference`) */
  reference: z.string().trim().min(1, { message: 'every value needs its reference' }),
}).strict();

export const parameterSchema = z.object({
  description: localizedSchema,
  unit: z.enum(['months', 'days', 'years', 'dayOfMonth', 'visits']),
  /** the rule id that reads it */
  rule: ruleIdSchema,
  /** Dated values, oldest first. Empty when the source does not give one. */
  values: z.array(parameterValueSchema).superRefine((values, ctx) => {
    for (let i = 1; i < values.length; i++) {
      if (values[i - 1]!.from >= values[i]!.from) {
        ctx.addIssue({ code: 'custom', message: 'values must be in date order, one per date', path: [i, 'from'] });
      }
    }
  }),
  /** why the values are what they are (or absent) */
  note: localizedSchema.optional(),
}).strict();

export const newbornNamingSchema = z.object({
  /** appended to the parent's name for a son: 张三 + 之子 */
  son: z.string().min(1),
  daughter: z.string().min(1),
  /** appended for the 2nd, 3rd… child of a multiple birth; {n} is the Chinese numeral: （二） */
  ordinal: z.string().includes('{n}', { message: "must contain '{n}'" }),
  source: z.string().min(1),
  ordinalSource: z.string().min(1),
}).strict();

export const packSchema = z.object({
  format: z.literal(PACK_FORMAT),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be lower-case letters, digits and dashes' }),
  version: z.string().trim().min(1).max(40),
  /** the first filing date the pack applies to */
  effectiveFrom: isoDate,
  title: localizedSchema,
  /** the planning area the pack is for; periods paid elsewhere are "other areas" (cov.transfer) */
  homeArea: z.object({ title: localizedSchema, names: z.array(z.string().min(1)).min(1) }).strict(),
  schemes: z.array(z.enum(SCHEMES)).min(1),
  newbornNaming: newbornNamingSchema,
  rules: z.array(ruleDefSchema).min(1),
  parameters: z.record(z.string(), parameterSchema),
  categories: z.array(categorySchema).min(1),
}).strict();

export type Localized = z.infer<typeof localizedSchema>;
export type MaterialDef = z.infer<typeof materialSchema>;
export type CategoryDef = z.infer<typeof categorySchema>;
export type RuleDef = z.infer<typeof ruleDefSchema>;
export type ParameterValue = z.infer<typeof parameterValueSchema>;
export type ParameterDef = z.infer<typeof parameterSchema>;
export type NewbornNaming = z.infer<typeof newbornNamingSchema>;
export type PolicyPack = z.infer<typeof packSchema>;
