// The case: one claim, in the shape of the case file format `claimdesk/case@1`
// (../shared/domain/CASE-FILE.md). The zod schema is the single definition: the CLI
// validates case files with it, the contract reuses its parts, and the published
// JSON Schema (schema/case.schema.json) is generated from it.
import * as z from 'zod';
import { DATE_RE, MONTH_RE, isIsoDate, isIsoMonth } from './dates.ts';
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_EXCEPT_LINES, CONTROL_MESSAGE, SURROGATE_MESSAGE, UNPAIRED_SURROGATE } from './characters.ts';

export const CATEGORY_IDS = [
  'transfer', 'relocation', 'trip', 'delivery', 'outage', 'cardLost',
  'visits20', 'noCard', 'cadreDrugs', 'enrolChange', 'newborn',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** Social Insurance Law art. 26: the three schemes (rule cov.schemes). */
export const SCHEMES = ['employee', 'resident', 'rural'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const EXPENSE_KINDS = ['outpatient', 'inpatient', 'delivery', 'prenatal', 'postpartum', 'pharmacy', 'other'] as const;
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];

export const COVERAGE_STATUSES = ['paid', 'unpaid', 'madeUp'] as const;
export const MATERIAL_STATUSES = ['provided', 'missing', 'waived'] as const;
export type MaterialStatusValue = (typeof MATERIAL_STATUSES)[number];

export const CASE_STATUSES = ['draft', 'complete', 'packaged', 'submitted', 'reimbursed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/**
 * Statuses of a case handed in to the insurer. An import never replaces such a case: the
 * replacement would go back to draft, ready to be claimed again.
 */
export const HANDED_IN_STATUSES: readonly CaseStatus[] = ['submitted', 'reimbursed', 'rejected'];

/**
 * One line of text as people type it: no control characters or direction marks (they would
 * print on the cover as boxes or reversed text), no broken surrogate halves (stored as
 * U+FFFD, the text coming back would not be the one given).
 */
const text = (max: number, controls: RegExp = CONTROL_CHARACTERS) => z.string().trim().max(max)
  .refine((s) => !controls.test(s), { message: CONTROL_MESSAGE })
  .refine((s) => !UNPAIRED_SURROGATE.test(s), { message: SURROGATE_MESSAGE });
export const isoDate = z.string().regex(DATE_RE, { message: 'must be a real date written YYYY-MM-DD' })
  .refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' });
export const isoMonth = z.string().regex(MONTH_RE, { message: 'must be a month written YYYY-MM' })
  .refine(isIsoMonth, { message: 'must be a month written YYYY-MM' });
/** The shape of a resident ID number; the check digit and birth date are rule id.resident. */
export const idNumberShape = z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, {
  message: 'must be 18 characters: 17 digits and a digit or X',
});
/** The largest amount one expense line may hold: 10^13 fen (100,000,000,000.00 元) is far beyond any claim. */
export const MAX_AMOUNT_FEN = 1e13;
/** Money is integer fen, never a float (1 元 = 100 分). */
export const fen = z.number().int({ message: 'must be a whole number of fen' }).min(0).max(MAX_AMOUNT_FEN);

/**
 * A case's expenses may add up to no more than one amount may hold (MAX_AMOUNT_FEN). Without this
 * bound 20,000 lines of 10^13 fen add up past 2^53, where a JavaScript number no longer holds
 * every whole fen: the total, its 大写 and the package would each go wrong in their own way.
 * Refused here, every later step (totals, 大写, the package, imports, bundles) works on exact
 * integers. Summed in BigInt so the message gives the true total.
 */
function expensesWithinBound(lines: { amountFen: number }[], ctx: z.RefinementCtx): void {
  const total = lines.reduce((sum, line) => sum + BigInt(line.amountFen), 0n);
  if (total > BigInt(MAX_AMOUNT_FEN)) {
    ctx.addIssue({
      code: 'custom',
      message: `amountFen adds up to ${total} fen over ${lines.length} lines; a case may claim at most 10^13 fen (100,000,000,000.00 元), the same bound as one line`,
    });
  }
}

export const claimantSchema = z.object({
  name: text(64).min(1, { message: 'is required' }),
  idNumber: idNumberShape.optional(),
  sex: z.enum(['male', 'female']).optional(),
  birthDate: isoDate.optional(),
  phone: text(32).optional(),
  employer: text(128).optional(),
  retiredCadre: z.boolean().optional(),
});
export type Claimant = z.infer<typeof claimantSchema>;

export const newbornSchema = z.object({
  name: text(64).min(1).nullable().optional(),
  sex: z.enum(['male', 'female']).optional(),
  birthDate: isoDate.optional(),
  birthCertificateNo: text(32).optional(),
  parent: z.enum(['mother', 'father']).optional(),
  parentName: text(64).optional(),
  parentIdNumber: idNumberShape.optional(),
  ordinal: z.number().int().min(1).max(9).optional(),
  enrolledOn: isoDate.optional(),
  premiumPaidOn: isoDate.optional(),
});
export type Newborn = z.infer<typeof newbornSchema>;

export const coveragePeriodSchema = z.object({
  from: isoMonth,
  to: isoMonth,
  area: text(64).optional(),
  status: z.enum(COVERAGE_STATUSES),
  // When a made-up period was paid: an expense in a frozen month counts only if the month
  // was made up before the claim (rule cov.frozen), which needs the date.
  madeUpOn: isoDate.optional(),
}).refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });
export type CoveragePeriod = z.infer<typeof coveragePeriodSchema>;

export const factsSchema = z.object({
  transferUrgent: z.boolean().optional(),
  transferAdmittedOn: isoDate.optional(),
  transferFormalitiesOn: isoDate.optional(),
  relocationMonths: z.number().int().min(0).max(1200).optional(),
  relocationRegisteredOn: isoDate.optional(),
  tripKind: z.enum(['acute', 'chronic']).optional(),
  chronicWithinXiamenScope: z.boolean().optional(),
  enrolChangeOn: isoDate.optional(),
  entrustedByProvincialCentre: z.boolean().optional(),
});
export type Facts = z.infer<typeof factsSchema>;

export const expenseSchema = z.object({
  invoiceCode: text(32).optional(),
  invoiceNo: text(32).optional(),
  date: isoDate,
  institution: text(128).min(1, { message: 'is required' }),
  item: text(256).optional(),
  kind: z.enum(EXPENSE_KINDS),
  amountFen: fen,
  nameOnVoucher: text(64).optional(),
  visits: z.number().int().min(0).max(1000).optional(),
  cardSettled: z.boolean().optional(),
  stampedByChargingOffice: z.boolean().optional(),
  stampedByCardOffice: z.boolean().optional(),
});
export type Expense = z.infer<typeof expenseSchema>;

export const materialEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a material id from the policy pack' }),
  status: z.enum(MATERIAL_STATUSES),
  files: z.array(text(512).min(1)).max(200).optional(),
  note: text(1000, CONTROL_CHARACTERS_EXCEPT_LINES).optional(), // a note may have several lines
});
export type MaterialEntry = z.infer<typeof materialEntrySchema>;

export const CASE_FORMAT = 'claimdesk/case@1';

/** The most expense lines a case may hold (a case over it could not be read back from its own case file or bundle). */
export const MAX_EXPENSES = 20000;

export const caseFileSchema = z.object({
  format: z.literal(CASE_FORMAT),
  number: text(40).optional(), // ClaimDesk's case number when the file was exported from it
  category: z.enum(CATEGORY_IDS),
  scheme: z.enum(SCHEMES).optional(),
  filedOn: isoDate.optional(),
  claimant: claimantSchema,
  newborn: newbornSchema.optional(),
  coverage: z.array(coveragePeriodSchema).max(600).optional(),
  facts: factsSchema.optional(),
  expenses: z.array(expenseSchema).max(MAX_EXPENSES).superRefine(expensesWithinBound)
    .describe('Expense lines; their amountFen may add up to at most 10^13 fen (the bound on one line).').optional(),
  // One entry per material: with two, which one counts would depend on their order.
  materials: z.array(materialEntrySchema).max(200).superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((m, i) => {
      const first = seen.get(m.id);
      if (first === undefined) seen.set(m.id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `is listed twice (also materials[${first}]): give each material one entry` });
    });
  }).optional(),
});
export type CaseFile = z.infer<typeof caseFileSchema>;
