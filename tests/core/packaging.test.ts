// Packaging (electron-builder.yml): the config passes electron-builder's own schema, and a
// `--linux dir` build with a placeholder Electron distribution (the real one cannot be
// downloaded here) puts the right files in app.asar and the native addon outside it.
// Real installers (NSIS, portable, AppImage, deb) need downloads: README, "Installers".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../support/temp.ts';

const require = createRequire(import.meta.url);
const CONFIG = path.join(REPO_ROOT, 'electron-builder.yml');

function loadConfig(): Record<string, any> {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  return yaml.load(fs.readFileSync(CONFIG, 'utf8')) as Record<string, any>;
}

async function validate(config: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
}

test('electron-builder.yml passes electron-builder\'s own schema (and the schema does reject mistakes)', async () => {
  const config = loadConfig();
  await validate(config);
  await assert.rejects(validate({ ...config, win: { ...config['win'], tarGet: 'nsis' } }), /configuration/i);
});

test('targets, icon, native addon and Electron rebuild at packaging time', () => {
  const c = loadConfig();
  const targets = (list: { target: string }[]) => list.map((t) => t.target).sort();
  assert.deepEqual(targets(c['win'].target), ['nsis', 'portable']);
  assert.deepEqual(targets(c['linux'].target), ['AppImage', 'deb']);
  assert.equal(c['win'].icon, 'build/icon.png');
  assert.equal(c['linux'].icon, 'build/icon.png');
  assert.ok(fs.existsSync(path.join(REPO_ROOT, 'build', 'icon.png')));
  assert.equal(c['asar'], true);
  assert.ok(c['asarUnpack'].includes('**/*.node'));
  assert.equal(c['npmRebuild'], true, 'better-sqlite3 is rebuilt for Electron when packaging');
  assert.equal(c['electronFuses'].runAsNode, false);
  assert.equal(c['electronFuses'].onlyLoadAppFromAsar, true);
  assert.equal(c['electronFuses'].enableNodeCliInspectArguments, false);
});

test('npm install / npm ci never rebuild for Electron (no install hook runs electron-builder or @electron/rebuild)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; main: string };
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
    const script = pkg.scripts[hook] ?? '';
    assert.doesNotMatch(script, /electron-builder|install-app-deps|electron-rebuild|@electron\/rebuild/, hook);
  }
  assert.equal(pkg.main, 'dist/electron/main.js');
});

// ---- the unpacked build ----------------------------------------------------------------

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-pack-'));
let files: string[] = [];
let unpacked = '';
let asarPath = '';

before(async () => {
  for (const needed of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(REPO_ROOT, needed))) throw new Error(`${needed} is missing: run npm run build first`);
  }
  // A placeholder Electron distribution: electron-builder copies it and renames the binary.
  const fake = path.join(work, 'electron-dist');
  fs.mkdirSync(fake);
  fs.writeFileSync(path.join(fake, 'electron'), '#!/bin/sh\necho "placeholder Electron"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(fake, 'version'), '45.5.0');
  const { build, Platform } = require('electron-builder') as typeof import('electron-builder');
  await build({
    projectDir: REPO_ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: {
      extends: CONFIG,
      electronDist: fake,
      npmRebuild: false, // the Electron headers for a rebuild cannot be downloaded here
      electronFuses: null, // a placeholder binary has no fuses to flip
      directories: { output: path.join(work, 'out'), buildResources: 'build' },
    },
  });
  const resources = path.join(work, 'out', 'linux-unpacked', 'resources');
  asarPath = path.join(resources, 'app.asar');
  unpacked = path.join(resources, 'app.asar.unpacked');
  const asar = require('@electron/asar') as { listPackage(archive: string, options: object): string[] };
  files = asar.listPackage(asarPath, {}).map((f) => f.replace(/\\/g, '/'));
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

test('app.asar holds the app: main process, preload, renderer, shared code, samples, the two font weights', () => {
  for (const f of [
    '/package.json', '/dist/electron/main.js', '/dist/electron/preload.cjs', '/dist/electron/shell/policy.js', '/dist/electron/core/service.js',
    '/dist/electron/web.js', '/dist/electron/cli.js', '/dist/shared/contract.js', '/dist/renderer/index.html', '/examples/transfer-urgent.json',
    '/node_modules/@expo-google-fonts/noto-sans-sc/package.json',
    '/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    '/node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
    '/node_modules/@expo-google-fonts/noto-sans-sc/LICENSE_FONT',
    '/node_modules/@cantoo/pdf-lib/package.json', '/node_modules/zod/package.json',
  ]) {
    assert.ok(files.includes(f), `${f} is missing from app.asar`);
  }
  assert.ok(files.some((f) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(f)), 'the renderer bundle');
});

test('app.asar leaves out sources, maps, tests, dev tools, Electron itself and unused font weights', () => {
  const forbidden: [string, RegExp][] = [
    ['TypeScript sources', /\.(ts|cts|mts)$/],
    ['source maps', /\.map$/],
    ['the renderer sources', /^\/renderer\//],
    ['tests', /^\/tests\//],
    ['the Electron package', /^\/node_modules\/electron\//],
    // The PDF builder reads the fonts itself (electron/core/pdf/trueType.ts); fontkit checks it in the tests.
    ['fontkit', /^\/node_modules\/(fontkit|brotli)\//],
    ['electron-builder', /^\/node_modules\/(electron-builder|app-builder-lib|app-builder-bin)\//],
    ['TypeScript', /^\/node_modules\/typescript\//],
    ['Vite and Svelte', /^\/node_modules\/(vite|svelte|svelte-check|@sveltejs)\//],
    ['Playwright', /^\/node_modules\/(@playwright|playwright|playwright-core)\//],
    ['tsx', /^\/node_modules\/tsx\//],
    ['the security scanner', /^\/node_modules\/@doyensec\//],
    ['type declarations', /^\/node_modules\/@types\//],
    ['other Noto Sans SC weights', /noto-sans-sc\/(100Thin|200ExtraLight|300Light|500Medium|600SemiBold|800ExtraBold|900Black)\//],
    ['better-sqlite3 C sources', /better-sqlite3\/(deps|src)\//],
    ['the build folder', /^\/build\//],
  ];
  for (const [what, re] of forbidden) {
    const hits = files.filter((f) => re.test(f));
    assert.deepEqual(hits.slice(0, 5), [], `${what} must not be in app.asar`);
  }
});

test('the two font weights are unpacked beside app.asar, so the PDF builder can open them and read glyphs as used', () => {
  for (const f of ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf']) {
    assert.ok(fs.statSync(path.join(unpacked, 'node_modules', '@expo-google-fonts', 'noto-sans-sc', f)).size > 5_000_000, `${f} in app.asar.unpacked`);
    const asar = require('@electron/asar') as { statFile(archive: string, file: string, follow?: boolean): { unpacked?: boolean } };
    assert.equal(asar.statFile(asarPath, `node_modules/@expo-google-fonts/noto-sans-sc/${f}`).unpacked, true);
  }
  // No other weight comes along.
  assert.deepEqual(fs.readdirSync(path.join(unpacked, 'node_modules', '@expo-google-fonts', 'noto-sans-sc')).sort(), ['400Regular', '700Bold']);
});

test('better-sqlite3\'s native addon is unpacked from the asar (a .node file cannot load from inside it)', () => {
  const addon = path.join(unpacked, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  assert.ok(fs.existsSync(addon), 'better_sqlite3.node is in app.asar.unpacked');
  assert.ok(fs.statSync(addon).size > 100_000);
  assert.ok(!fs.existsSync(path.join(unpacked, 'node_modules', 'better-sqlite3', 'build', 'Release', 'obj')), 'no build intermediates');
  const asar = require('@electron/asar') as { statFile(archive: string, file: string, follow?: boolean): { unpacked?: boolean } };
  assert.equal(asar.statFile(asarPath, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node').unpacked, true);
  const big = fs.statSync(asarPath).size;
  assert.ok(big < 120 * 1024 * 1024, `app.asar is ${Math.round(big / 1024 / 1024)} MB`);
});
