// Policy packs in force: the ones shipped with the app plus the JSON pack files an
// administrator drops into the data directory's packs/ folder (no new release needed).
// Each file is validated with parsePack; a broken one is refused with a message naming
// the file and is not used.
import fs from 'node:fs';
import path from 'node:path';
import { builtinPacks, parsePack, selectPack, type PolicyPack } from '../../shared/policy/index.ts';
import { todayIso } from '../../shared/model/dates.ts';
import { dataPaths, resolveDataDir } from './dataDir.ts';

export interface LoadedPacks {
  packs: PolicyPack[];
  /** One message per refused file: 'packs/x.json: rules[3].citation: …'. */
  refused: string[];
}

export function loadPacks(dir: string): LoadedPacks {
  const packs = [...builtinPacks()];
  const refused: string[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  for (const f of files) {
    try {
      packs.push(parsePack(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
    } catch (err) {
      refused.push(`${path.join(dir, f)}: ${(err as Error).message}`);
    }
  }
  return { packs, refused };
}

/** The pack in force on a filing date; the earliest pack when the date precedes them all. */
export function packInForce(packs: readonly PolicyPack[], filedOn: string): PolicyPack {
  try {
    return selectPack(packs, filedOn);
  } catch {
    // ISO dates: string order is date order (and needs no collator, unlike localeCompare).
    return [...packs].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))[0]!;
  }
}

const loadedByDir = new Map<string, LoadedPacks>();

/**
 * For the command line: the pack in force for a case file, among the shipped packs and
 * those of the data directory (--data, CLAIMDESK_DATA, the default). Loaded once per run
 * (per thread: batch workers pass `quiet` so a refused file is reported once, by the main thread).
 */
export function packForCaseFile(dataFlag: string | undefined, caseFile: { filedOn?: string | undefined }, options: { quiet?: boolean } = {}): PolicyPack {
  const dir = dataPaths(resolveDataDir(dataFlag)).packs;
  let loaded = loadedByDir.get(dir);
  if (!loaded) {
    loaded = loadPacks(dir);
    if (!options.quiet) for (const message of loaded.refused) console.error(`claimdesk: policy pack refused: ${message}`);
    loadedByDir.set(dir, loaded);
  }
  return packInForce(loaded.packs, caseFile.filedOn ?? todayIso());
}
