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
  /**
   * Expense lines in the case's order, as the summary table lists them: its 序号 is the line
   * number the screen shows and findings name (第 N 行), so the paper and the messages agree.
   */
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
  const expenses = [...lines];
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
