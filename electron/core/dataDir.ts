// The data directory (../shared/INTERFACES.md): --data DIR, else CLAIMDESK_DATA, else the
// platform's user-data directory for the app. Everything an installation keeps lives here.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ClaimDesk');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ClaimDesk');
  // The XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and ignored (it would
  // put the data wherever the command happened to run).
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : undefined;
  return path.join(xdg ?? path.join(home, '.local', 'share'), 'claimdesk');
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? (env.CLAIMDESK_DATA || defaultDataDir(env)));
}

/** The layout inside a data directory. */
export function dataPaths(dir: string) {
  return {
    dir,
    database: path.join(dir, 'claimdesk.sqlite'),
    attachments: path.join(dir, 'attachments'),
    packages: path.join(dir, 'packages'),
    backups: path.join(dir, 'backups'),
    packs: path.join(dir, 'packs'),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;

export function ensureDataDir(dir: string): DataPaths {
  const paths = dataPaths(dir);
  for (const p of [paths.dir, paths.attachments, paths.packages, paths.backups, paths.packs]) fs.mkdirSync(p, { recursive: true });
  return paths;
}
