// What every `claimdesk` verb shares for reading its arguments: strict flags (an unknown
// flag is a usage error naming it), --data on every verb, and folders expanded to the case
// files inside them.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage: exit 2 with this message. */
export class UsageError extends Error {}

const DATA_OPTION = { data: { type: 'string' } } as const;

export function options<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], config: O) {
  try {
    return parseArgs({ args, options: { ...DATA_OPTION, ...config }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Folders become the case files (*.json) directly inside them, sorted; files stay as named. */
export function caseFilesFrom(paths: string[], what = 'case file or folder'): string[] {
  if (paths.length === 0) throw new UsageError(`name at least one ${what}`);
  return paths.flatMap((p) => {
    let stat: fs.Stats;
    try { stat = fs.statSync(p); } catch { throw new UsageError(`${p}: no such file or folder`); }
    if (!stat.isDirectory()) return [p];
    return fs.readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(p, f));
  });
}
