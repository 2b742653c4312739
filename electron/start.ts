// `npm start`: the desktop app where the Electron runtime exists; elsewhere one line says
// so and the same app is served in the browser by the web host, on the default data
// directory, with the sample cases on first run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { APP_ROOT } from './core/version.ts';
import { main as cli } from './cli.ts';

function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary, and throws when it was never downloaded.
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' ? bin : null;
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
