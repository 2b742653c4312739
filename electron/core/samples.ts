// The first-run sample database: the example case files with their scans, so that a
// newcomer who types `npm start` sees the main job at once. Only into an empty database,
// and only when asked.
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from './version.ts';
import { readCaseFile } from './caseFiles.ts';
import { importCaseFile } from './caseImport.ts';
import type { ClaimDeskService } from './service.ts';

export const EXAMPLES_DIR = path.join(APP_ROOT, 'examples');

/** Import every example case (and the scans it names) into an empty database; returns the numbers created. */
export async function seedSamples(service: ClaimDeskService, dir: string = EXAMPLES_DIR): Promise<string[]> {
  const count = (service.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
  if (count > 0 || !fs.existsSync(dir)) return [];
  const numbers: string[] = [];
  for (const f of fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const file = path.join(dir, f);
    numbers.push(await importCaseFile(service, readCaseFile(file), file));
  }
  return numbers;
}
