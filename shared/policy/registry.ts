// What the rules engine reads from a pack: the rule ids it emits findings under (each needs
// its citation in the pack) and the parameters it looks up. parse.ts refuses a pack that
// lacks one, so a typo in an administrator's JSON fails on load with the name spelt out.

/** Every rule id of ../shared/domain/RULES.md, plus the two bookkeeping checks marked practice. */
export const RULE_IDS = [
  'cov.makeup', 'cov.frozen', 'cov.reset', 'cov.retire', 'cov.transfer', 'cov.schemes',
  'cat.transfer', 'cat.transfer.urgent7d',
  'cat.relocation', 'cat.relocation.advance',
  'cat.trip', 'cat.trip.proof', 'cat.trip.chronicScope',
  'cat.delivery', 'cat.delivery.scope',
  'cat.outage', 'cat.outage.stamp',
  'cat.cardLost', 'cat.cardLost.stamp',
  'cat.visits20', 'cat.visits20.detect',
  'cat.noCard',
  'cat.cadreDrugs', 'cat.cadreDrugs.eligible',
  'cat.enrolChange', 'cat.enrolChange.midNextMonth',
  'cat.newborn', 'cat.newborn.enrol3m', 'cat.newborn.paidFirst', 'cat.newborn.parentName',
  'id.resident', 'money.words', 'case.duplicateInvoice',
  // Not in RULES.md: a material marked provided without enough files, and the pack itself
  // (category missing, pack not yet in force on the filing date); expense dates after the
  // filing date or today; a filing date after today.
  'case.materials', 'policy.pack', 'case.expenseDates', 'case.filedOn',
] as const;

/**
 * Rules added after packs were first written: a pack file without their citation is still a
 * valid pack (its findings then carry no citation) — an update must not make a working pack
 * refused. Every rule added from now on goes here too.
 */
export const LATER_RULE_IDS: ReadonlySet<string> = new Set(['case.expenseDates', 'case.filedOn']);
export type RuleId = (typeof RULE_IDS)[number];

/**
 * Parameters the rules read. `mayBeAbsent`: the source does not give a value, so a pack
 * may leave the list empty and the rule reports "not configured" (cov.retire).
 */
export const PARAMETERS = {
  'cov.maxGapMonths': { mayBeAbsent: false },
  'cov.retireYears.male': { mayBeAbsent: true },
  'cov.retireYears.female': { mayBeAbsent: true },
  'transfer.urgentDays': { mayBeAbsent: false },
  'relocation.minMonths': { mayBeAbsent: false },
  'visits.monthlyLimit': { mayBeAbsent: false },
  'enrol.confirmDay': { mayBeAbsent: false },
  'newborn.enrolMonths': { mayBeAbsent: false },
  'newborn.premiumMonths': { mayBeAbsent: false },
} as const;
export type ParameterName = keyof typeof PARAMETERS;
export const PARAMETER_NAMES = Object.keys(PARAMETERS) as ParameterName[];
