// What every section of the package needs, computed once from the input.
import type { CaseFile, Expense } from '../../../shared/model/case.ts';
import type { Evaluation } from '../../../shared/model/evaluation.ts';
import type { CategoryDef, PolicyPack } from '../../../shared/policy/types.ts';

export interface PackageFacts {
  number: string;
  caseFile: CaseFile;
  evaluation: Evaluation;
  pack: PolicyPack;
  category: CategoryDef | undefined;
  /** Expense lines by date (stable), as the summary table lists them. */
  expenses: Expense[];
  /** Sum of the lines in integer fen. */
  totalFen: number;
  preparedBy: string | undefined;
  preparedOn: string;
}

export function packageFacts(input: {
  number: string;
  caseFile: CaseFile;
  evaluation: Evaluation;
  pack: PolicyPack;
  preparedBy?: string | undefined;
  preparedOn: string;
}): PackageFacts {
  const lines = input.caseFile.expenses ?? [];
  const expenses = lines
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i))
    .map(({ e }) => e);
  let totalFen = 0;
  for (const e of lines) totalFen += e.amountFen;
  return {
    number: input.number,
    caseFile: input.caseFile,
    evaluation: input.evaluation,
    pack: input.pack,
    category: input.pack.categories.find((c) => c.id === input.caseFile.category),
    expenses,
    totalFen,
    preparedBy: input.preparedBy,
    preparedOn: input.preparedOn,
  };
}
