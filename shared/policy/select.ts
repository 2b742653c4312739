// Which pack applies to a case: the one in force on its filing date. Packs are versions of
// the rules of one place; the newest whose effectiveFrom is on or before the filing date
// wins (a later-dated pack replaces an earlier one from its date on, like a new
// regulation). Two packs with the same date: the higher version wins, so a corrected
// re-issue replaces the original without changing the date.
import type { PolicyPack } from './schema.ts';

/**
 * Versions in numeric order (1.10 after 1.9). Made on first use: a collator maps ~3 MB of
 * ICU's data into the process, and most cases never have two packs of the same date.
 */
let collator: Intl.Collator | undefined;
const versionOrder = (a: string, b: string): number => (collator ??= new Intl.Collator('en', { numeric: true })).compare(a, b);

/** The pack in force on `filedOn` (ISO date). Throws when none is in force yet. */
export function selectPack(packs: readonly PolicyPack[], filedOn: string): PolicyPack {
  let best: PolicyPack | undefined;
  for (const p of packs) {
    if (p.effectiveFrom > filedOn) continue;
    if (!best || p.effectiveFrom > best.effectiveFrom
      || (p.effectiveFrom === best.effectiveFrom && versionOrder(p.version, best.version) > 0)) best = p;
  }
  if (!best) {
    const known = packs.map((p) => `${p.id} ${p.version} from ${p.effectiveFrom}`).join(', ') || 'none';
    throw new Error(`no policy pack is in force on ${filedOn} (packs: ${known})`);
  }
  return best;
}
