// The app's version, read once from package.json (works from source and from dist/).
import fs from 'node:fs';
import path from 'node:path';

function findPackageJson(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) throw new Error('package.json not found above ' + dir);
  }
}

export const APP_ROOT = path.dirname(findPackageJson(import.meta.dirname));
export const APP_VERSION: string = (JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
