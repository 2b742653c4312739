// The first-run sample database: the example case files, so that a newcomer who types
// `npm start` sees the main job at once. Only into an empty database, and only when asked.
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from './version.ts';
import { readCaseFile } from './caseFiles.ts';
import type { ClaimDeskService } from './service.ts';

export const EXAMPLES_DIR = path.join(APP_ROOT, 'examples');

/** Import every example case into an empty database; returns the numbers created. */
export function seedSamples(service: ClaimDeskService, dir: string = EXAMPLES_DIR): string[] {
  const count = (service.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
  if (count > 0 || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => service.createCase(readCaseFile(path.join(dir, f)), 'case.sample').number);
}
