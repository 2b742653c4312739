// What one evaluation of a case against a policy pack returns. The renderer, the PDF
// package and `claimdesk check` all show this one result (see shared/rules/evaluate.ts).

export type Locale = 'zh-CN' | 'en';
export type Localized = Record<Locale, string>;

export type FindingLevel = 'error' | 'warning' | 'info';

export interface Finding {
  /** Rule id from ../shared/domain/RULES.md, e.g. 'cat.newborn.enrol3m'. */
  rule: string;
  level: FindingLevel;
  message: Localized;
  /** The case field the finding concerns, as a path: 'newborn.enrolledOn', 'expenses[2].date'. */
  at?: string;
}

export interface MaterialStatus {
  id: string;
  title: Localized;
  help?: Localized;
  required: boolean;
  status: 'provided' | 'missing' | 'waived';
  /** 'seed §N' for what the source text names, 'practice' for the baseline of any claim. */
  source: string;
  /** Files attached to it (case-file paths or stored attachment names). */
  files: number;
  /** The rule id the material serves (e.g. 'cat.trip.proof'); absent for the baseline. */
  rule?: string;
  /** How many files it takes at least (0: a written number will do). */
  minFiles?: number;
  /** For a conditional material: when it is required, in words. */
  condition?: Localized;
  /** Alternatives: any one provided material of the same group satisfies the group. */
  oneOf?: string;
}

/** What the payment history says (rules cov.*), for the screen; see shared/rules/coverage.ts. */
export interface CoverageSummary {
  frozenMonths: string[];
  /** null: the pack does not configure cov.maxGapMonths */
  makeUpPossible: boolean | null;
  makeUpUntil: string | null;
  /** a lapse over the limit cleared the earlier years */
  cleared: boolean | null;
  cumulativeMonths: number;
  otherAreaMonths: number;
}

export interface Totals {
  amountFen: number;
  amountWords: string;
  lines: number;
}

export interface Evaluation {
  complete: boolean;
  findings: Finding[];
  materials: MaterialStatus[];
  totals: Totals;
  /** The policy pack the case was evaluated with. */
  pack: { id: string; version: string };
  /** The filing date the case was evaluated for (caseFile.filedOn, else the day of evaluation). */
  filedOn?: string;
  /** The payment history read by the coverage rules; null when the case records none. */
  coverage?: CoverageSummary | null;
}
