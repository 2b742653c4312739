// `npm start`: the desktop app where the Electron runtime exists; elsewhere one line says
// so and the same app is served in the browser by the web host, on the default data
// directory, with the sample cases on first run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from './core/version.ts';
import { main as cli } from './cli.ts';

/**
 * The Electron binary, if it is installed. Requiring the electron package would try to
 * download it (and fail noisily offline), so read where it would be instead.
 */
function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
    const bin = path.join(dist, relative);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (bin && !process.argv.includes('--web')) {
  const child = spawn(bin, [APP_ROOT, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => { process.exitCode = code ?? 0; });
} else {
  console.log('The Electron runtime is not available here; serving ClaimDesk in your browser instead:');
  const extra = process.argv.slice(2).filter((a) => a !== '--web');
  cli(['serve', '--samples', ...extra]).then((code) => { process.exitCode = code; });
}
