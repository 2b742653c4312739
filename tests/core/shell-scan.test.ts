// Electronegativity (@doyensec/electronegativity), Electron's security scanner, over the
// shell's sources and the renderer's HTML. It runs offline: the one check that downloads
// Electron's release list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) only reports that it
// could not, and the Electron version comes from package.json. Every finding must be in
// JUSTIFIED below (and in README.md, "Security"); a new one fails the test. A canary file
// with nodeIntegration on proves the scanner still sees what it should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../support/temp.ts';

/** Findings reviewed and accepted, by check id and file; the reason is also in README.md. */
const JUSTIFIED: Record<string, { file: string; why: string }> = {
  CSP_GLOBAL_CHECK: {
    file: 'renderer/index.html',
    why: "LOW, 'maybe weak': the CSP evaluator warns that script-src 'self' is risky where an origin serves JSONP, Angular templates or user uploads; "
      + 'the app origin (app://claimdesk, or the loopback web host) serves only the built renderer — attachments travel as JSON through the contract, never as URLs',
  },
  OPEN_EXTERNAL_JS_CHECK: {
    file: 'electron/shell/external.ts',
    why: 'the only openExternal call; it is given only https URLs on a fixed allowlist (empty: nothing is opened), checked by safeExternalUrl',
  },
  PRELOAD_JS_CHECK: {
    file: 'electron/shell/windows.ts',
    why: 'the sandboxed preload exposes one function, call(name, input), over contextBridge; the main process checks the sender frame and validates every call with the contract',
  },
};

const SCANNER = path.join(REPO_ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');

interface Finding { id: string; level: string; file: string; line: number; message: string }

interface Sarif {
  runs: { results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

/**
 * Run the scanner; its SARIF report (one write). Not its CSV: that writes the header and the
 * rows with two concurrent fs.writeFile calls, and now and then the header overwrites the
 * first row.
 */
function scan(dir: string): Finding[] {
  const out = path.join(dir, '..', `${path.basename(dir)}-report.sarif`);
  let log = '';
  try {
    log = execFileSync(process.execPath, [SCANNER, '-i', dir, '-o', out, '-r'], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, LANG: 'en-US' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`electronegativity failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  if (!fs.existsSync(out)) throw new Error(`electronegativity wrote no report:\n${log}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Sarif;
  return report.runs.flatMap((run) => run.results).map((r) => {
    const where = r.locations[0]?.physicalLocation;
    return {
      id: r.ruleId, level: r.level, message: r.message.text,
      file: (where?.artifactLocation.uri ?? '').replace(/\\/g, '/'), line: where?.region.startLine ?? 0,
    };
  });
}

/** The shell as the scanner should see it: electron/ (preload.cts as .ts, which it reads), renderer/index.html, package.json. */
function stage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-scan-'));
  const target = path.join(dir, 'app');
  fs.cpSync(path.join(REPO_ROOT, 'electron'), path.join(target, 'electron'), { recursive: true });
  fs.renameSync(path.join(target, 'electron', 'preload.cts'), path.join(target, 'electron', 'preload.ts'));
  fs.mkdirSync(path.join(target, 'renderer'));
  fs.copyFileSync(path.join(REPO_ROOT, 'renderer', 'index.html'), path.join(target, 'renderer', 'index.html'));
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(target, 'package.json'));
  return target;
}

test('Electronegativity reports nothing about the shell that is not justified', () => {
  const dir = stage();
  try {
    const findings = scan(dir);
    const unjustified = findings.filter((f) => JUSTIFIED[f.id]?.file !== f.file);
    assert.deepEqual(unjustified, [], `new findings:\n${unjustified.map((f) => `${f.id} ${f.file}:${f.line} ${f.message}`).join('\n')}`);
    // A justification whose finding is gone is stale: remove it here and in the README.
    for (const [id, j] of Object.entries(JUSTIFIED)) {
      assert.ok(findings.some((f) => f.id === id && f.file === j.file), `${id} in ${j.file} is no longer reported: drop its justification`);
    }
  } finally {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
});

test('canary: the scanner does report an unisolated, unsandboxed window, a missing CSP and missing handlers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-scan-canary-'));
  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'canary', devDependencies: { electron: '45.5.0' } }));
  fs.writeFileSync(path.join(app, 'main.js'), [
    "const { app, BrowserWindow } = require('electron');",
    "app.whenReady().then(() => { const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } }); w.loadURL('https://example.org/'); });",
  ].join('\n'));
  try {
    const ids = new Set(scan(app).map((f) => f.id));
    const found = [...ids].sort().join(', ');
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK', 'CSP_GLOBAL_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
      assert.ok(ids.has(id), `the scanner missed ${id} (it reported: ${found})`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
