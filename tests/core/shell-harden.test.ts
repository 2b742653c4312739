// The functions that apply the shell's policies to Electron's objects, driven with
// recording fakes (the Electron binary cannot run here): each handler they install is
// called the way Electron would call it, and must refuse what the checklist says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hardenContents, hardenEveryContents, hardenSession, type ContentsLike, type SessionLike } from '../../electron/shell/harden.ts';
import { createAppWindow, previewWindowOptions } from '../../electron/shell/windows.ts';
import { contractCallHandler, registerContractIpc, CONTRACT_CHANNEL } from '../../electron/shell/ipc.ts';
import { appProtocolHandler } from '../../electron/shell/protocol.ts';
import { menuTemplate } from '../../electron/shell/menu.ts';
import { openExternalSafely } from '../../electron/shell/external.ts';
import { forgetVisitor, VISITOR_STORAGES, type ForgetContents } from '../../electron/shell/forget.ts';
import { APP_START_URL } from '../../electron/shell/policy.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/web.ts';

type Listener = (...args: any[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => l(...args));
  }
}

class FakeEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) { Object.assign(this, extra); }
  preventDefault(): void { this.defaultPrevented = true; }
}

class FakeContents extends Emitter {
  openHandler: ((d: { url: string }) => { action: string; overrideBrowserWindowOptions?: any }) | undefined;
  devToolsClosed = 0;
  setWindowOpenHandler(h: FakeContents['openHandler']): void { this.openHandler = h; }
  closeDevTools(): void { this.devToolsClosed++; }
}

class FakeSession extends Emitter {
  request?: Listener;
  check?: Listener;
  device?: Listener;
  setPermissionRequestHandler(h: Listener): void { this.request = h; }
  setPermissionCheckHandler(h: Listener): void { this.check = h; }
  setDevicePermissionHandler(h: Listener): void { this.device = h; }
}

const BLOB = 'blob:app://claimdesk/0b0f4c7e-8f7a-4c1e-9a57-1b2f3c4d5e6f';

function harden(mode: 'desk' | 'kiosk', opened: string[] = []): FakeContents {
  const c = new FakeContents();
  hardenContents(c as unknown as ContentsLike, { mode, openAllowlisted: (url) => opened.push(url) });
  return c;
}

function navigate(c: FakeContents, event: string, url: string, extra: Record<string, unknown> = {}): boolean {
  const e = new FakeEvent({ url, ...extra });
  c.emit(event, e, url);
  return e.defaultPrevented;
}

test('will-navigate and will-redirect refuse everything but the app start page', () => {
  for (const mode of ['desk', 'kiosk'] as const) {
    const c = harden(mode);
    for (const event of ['will-navigate', 'will-redirect']) {
      assert.equal(navigate(c, event, APP_START_URL), false);
      for (const url of ['https://example.org/', 'file:///etc/passwd', BLOB, 'http://127.0.0.1:1234/?token=x']) {
        assert.equal(navigate(c, event, url), true, `${mode} ${event} ${url}`);
      }
    }
  }
});

test('will-frame-navigate: subframes may show the app\'s own PDF at the desk, nothing foreign', () => {
  const desk = harden('desk');
  assert.equal(navigate(desk, 'will-frame-navigate', BLOB, { isMainFrame: false }), false);
  assert.equal(navigate(desk, 'will-frame-navigate', 'https://example.org/', { isMainFrame: false }), true);
  assert.equal(navigate(desk, 'will-frame-navigate', BLOB, { isMainFrame: true }), true, 'the main frame never leaves the app');
  const kiosk = harden('kiosk');
  assert.equal(navigate(kiosk, 'will-frame-navigate', BLOB, { isMainFrame: false }), true);
});

test('setWindowOpenHandler: denied, except a sandboxed, preload-less preview of the app\'s own PDF at the desk', () => {
  const opened: string[] = [];
  const desk = harden('desk', opened);
  const preview = desk.openHandler!({ url: BLOB });
  assert.equal(preview.action, 'allow');
  const prefs = preview.overrideBrowserWindowOptions.webPreferences;
  assert.equal(prefs.preload, undefined);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.nodeIntegration, false);
  for (const url of ['https://example.org/', APP_START_URL, 'file:///x.pdf', 'about:blank']) {
    assert.deepEqual(desk.openHandler!({ url }), { action: 'deny' }, url);
  }
  assert.deepEqual(harden('kiosk').openHandler!({ url: BLOB }), { action: 'deny' });
  assert.deepEqual(opened, [], 'nothing handed to the system browser (the allowlist is empty)');
});

test('<webview> is refused (will-attach-webview)', () => {
  for (const mode of ['desk', 'kiosk'] as const) {
    const e = new FakeEvent();
    harden(mode).emit('will-attach-webview', e, {}, {});
    assert.equal(e.defaultPrevented, true);
  }
});

test('kiosk: reload/devtools/history keys swallowed, devtools closed if they open; the desk keeps its keys', () => {
  const kiosk = harden('kiosk');
  const reload = new FakeEvent();
  kiosk.emit('before-input-event', reload, { type: 'keyDown', key: 'F5', control: false, meta: false, alt: false, shift: false });
  assert.equal(reload.defaultPrevented, true);
  const typing = new FakeEvent();
  kiosk.emit('before-input-event', typing, { type: 'keyDown', key: 'a', control: false, meta: false, alt: false, shift: false });
  assert.equal(typing.defaultPrevented, false);
  kiosk.emit('devtools-opened');
  assert.equal(kiosk.devToolsClosed, 1);
  assert.equal(harden('desk').listeners.has('before-input-event'), false);
});

test('every webContents the app creates is hardened (web-contents-created)', () => {
  const app = new Emitter();
  hardenEveryContents(app as never, () => ({ mode: 'desk', openAllowlisted: () => {} }));
  const c = new FakeContents();
  app.emit('web-contents-created', new FakeEvent(), c);
  assert.equal(navigate(c, 'will-navigate', 'https://example.org/'), true);
  assert.deepEqual(c.openHandler!({ url: 'https://example.org/' }), { action: 'deny' });
});

test('session: permission requests and checks denied except the allowed camera; devices refused; downloads only the app\'s PDF at the desk', () => {
  let camera = false;
  let mode: 'desk' | 'kiosk' = 'desk';
  const ses = new FakeSession();
  hardenSession(ses as unknown as SessionLike, { cameraAllowed: () => camera, mode: () => mode });
  const ask = (permission: string, details: Record<string, unknown>): boolean => {
    let granted: boolean | undefined;
    ses.request!({}, permission, (g: boolean) => { granted = g; }, details);
    return granted!;
  };
  const app = 'app://claimdesk/index.html';
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: ['video'] }), false, 'camera not allowed yet');
  camera = true;
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: ['video'] }), true);
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: ['audio'] }), false);
  assert.equal(ask('geolocation', { requestingUrl: app }), false);
  assert.equal(ask('notifications', { requestingUrl: app }), false);
  assert.equal(ses.check!({}, 'media', 'app://claimdesk', { mediaType: 'video', requestingUrl: app }), true);
  assert.equal(ses.check!({}, 'media', 'https://evil.example', { mediaType: 'video', requestingUrl: 'https://evil.example/' }), false);
  assert.equal(ses.check!({}, 'clipboard-read', 'app://claimdesk', { requestingUrl: app }), false);
  assert.equal(ses.device!({ deviceType: 'usb', origin: 'app://claimdesk' }), false);
  for (const event of ['select-hid-device', 'select-usb-device']) {
    const e = new FakeEvent();
    let chosen: unknown = 'unset';
    ses.emit(event, e, {}, (id?: string) => { chosen = id; });
    assert.equal(e.defaultPrevented, true, event);
    assert.ok(chosen === '' || chosen === undefined, event);
  }
  const download = (url: string): boolean => {
    const e = new FakeEvent();
    ses.emit('will-download', e, { getURL: () => url });
    return e.defaultPrevented;
  };
  assert.equal(download(BLOB), false);
  assert.equal(download('https://example.org/x.exe'), true);
  mode = 'kiosk';
  assert.equal(download(BLOB), true);
});

test('windows: context isolation, sandbox, no Node, no webview, no devtools or menus in a kiosk', () => {
  const made: any[] = [];
  class FakeWindow { constructor(options: unknown) { made.push(options); } }
  createAppWindow(FakeWindow, { mode: 'desk', preload: '/app/preload.cjs', devTools: true, title: 't' });
  createAppWindow(FakeWindow, { mode: 'kiosk', preload: '/app/preload.cjs', devTools: true, title: 't' });
  for (const o of [...made, previewWindowOptions('p')]) {
    const p = o.webPreferences;
    assert.equal(p.contextIsolation, true);
    assert.equal(p.sandbox, true);
    assert.equal(p.nodeIntegration, false);
    assert.equal(p.nodeIntegrationInWorker, false);
    assert.equal(p.nodeIntegrationInSubFrames, false);
    assert.equal(p.webviewTag, false);
    assert.equal(p.webSecurity, true);
    assert.equal(p.allowRunningInsecureContent, false);
    assert.equal(p.experimentalFeatures, false);
    assert.equal(p.enableBlinkFeatures, undefined);
    assert.equal(p.disableBlinkFeatures, 'Auxclick');
  }
  const [desk, kiosk] = made;
  assert.equal(desk.kiosk, false);
  assert.equal(desk.webPreferences.devTools, true);
  assert.equal(desk.webPreferences.preload, '/app/preload.cjs');
  assert.equal(kiosk.kiosk, true);
  assert.equal(kiosk.fullscreen, true);
  assert.equal(kiosk.closable, false);
  assert.equal(kiosk.autoHideMenuBar, true);
  assert.equal(kiosk.webPreferences.devTools, false, 'no devtools in a kiosk even when asked');
  assert.equal(kiosk.webPreferences.plugins, false, 'no PDF viewer in a kiosk');
});

test('IPC: every message\'s sender frame is checked before the contract is called', async () => {
  const calls: string[] = [];
  const handler = contractCallHandler({
    dispatch: async (name) => { calls.push(name); return { ok: true, value: name }; },
    appContentsIds: () => new Set([1]),
  });
  const from = (url: string, id = 1, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: { id } }) as never;
  assert.deepEqual(await handler(from(APP_START_URL), 'app.info', {}), { ok: true, value: 'app.info' });
  for (const event of [from('https://evil.example/'), from(APP_START_URL, 2), from(APP_START_URL, 1, {}), { senderFrame: null, sender: { id: 1 } } as never]) {
    const r = await handler(event, 'cases.list', {});
    assert.equal(r.ok, false);
  }
  assert.deepEqual(calls, ['app.info'], 'refused senders never reach the service');
  const r = await handler(from(APP_START_URL), 42, {});
  assert.equal(r.ok, false);
  const registered: string[] = [];
  registerContractIpc({ handle: (channel: string) => { registered.push(channel); } } as never, { dispatch: async () => ({ ok: true, value: 1 }), appContentsIds: () => new Set() });
  assert.deepEqual(registered, [CONTRACT_CHANNEL]);
});

test('app:// serves the renderer folder with the CSP, and nothing outside it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-proto-'));
  try {
    fs.mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'a.js'), 'export {}');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    const handle = appProtocolHandler(path.join(dir, 'renderer'));
    const index = await handle(new Request('app://claimdesk/index.html'));
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('Content-Security-Policy'), CONTENT_SECURITY_POLICY);
    assert.match(index.headers.get('Content-Type')!, /^text\/html/);
    assert.equal((await handle(new Request('app://claimdesk/'))).status, 200);
    assert.match((await handle(new Request('app://claimdesk/assets/a.js'))).headers.get('Content-Type')!, /javascript/);
    for (const url of ['app://claimdesk/../secret.txt', 'app://claimdesk/%2e%2e%2fsecret.txt', 'app://claimdesk/assets/..%2f..%2fsecret.txt', 'app://other/index.html', 'app://claimdesk/missing.js']) {
      assert.equal((await handle(new Request(url))).status, 404, url);
    }
    assert.equal((await handle(new Request('app://claimdesk/index.html', { method: 'POST', body: 'x' }))).status, 405);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CSP: no remote script, no eval, no plugins objects from elsewhere, no framing', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('default-src'), ["'self'"]);
  for (const [name, values] of directives) {
    assert.ok(!values.includes("'unsafe-eval'"), `${name} allows eval`);
    assert.ok(!values.some((v) => /^(https?:|\*|data:)/.test(v) && name.startsWith('script')), `${name} allows remote script`);
    assert.ok(!values.includes('*'), `${name} allows any origin`);
  }
  assert.ok(!CONTENT_SECURITY_POLICY.includes("'unsafe-inline'"), 'no inline script or style');
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('form-action'), ["'none'"]);
});

test('menus: the desk prints; a kiosk has no menu; reload and devtools only in development', () => {
  let printed = 0;
  const actions = { print: () => { printed++; }, quit: () => {} };
  assert.equal(menuTemplate('kiosk', actions, { development: true }), null);
  const desk = menuTemplate('desk', actions, { development: false })!;
  const items = desk.flatMap((m) => (m.submenu as { label?: string; role?: string; click?: () => void; accelerator?: string }[]));
  const print = items.find((i) => i.accelerator === 'CmdOrCtrl+P')!;
  print.click!();
  assert.equal(printed, 1);
  assert.ok(!items.some((i) => i.role === 'reload' || i.role === 'toggleDevTools'));
  const dev = menuTemplate('desk', actions, { development: true })!.flatMap((m) => m.submenu as { role?: string }[]);
  assert.ok(dev.some((i) => i.role === 'toggleDevTools'));
});

test('shell.openExternal is given only allowlisted https URLs', () => {
  const given: string[] = [];
  const shell = { openExternal: async (url: string) => { given.push(url); } };
  assert.equal(openExternalSafely(shell, 'https://ybj.xm.gov.cn/x', ['https://ybj.xm.gov.cn']), true);
  assert.equal(openExternalSafely(shell, 'file:///C:/Windows/System32/calc.exe', ['https://ybj.xm.gov.cn']), false);
  assert.equal(openExternalSafely(shell, 'https://ybj.xm.gov.cn/x'), false);
  assert.deepEqual(given, ['https://ybj.xm.gov.cn/x']);
});

test('shell.openExternal appears nowhere in electron/ but external.ts', () => {
  const root = path.join(import.meta.dirname, '..', '..', 'electron');
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(c|m)?ts$/.test(entry.name) && /\.openExternal\s*\(/.test(fs.readFileSync(p, 'utf8')) && !p.endsWith(path.join('shell', 'external.ts'))) offenders.push(p);
    }
  };
  walk(root);
  assert.deepEqual(offenders, []);
});

test('a kiosk visit ends: the window leaves the page, storage, caches and history are cleared, the start page comes back', async () => {
  const log: string[] = [];
  const contents = {
    loadURL: async (url: string) => { log.push(`load ${url}`); },
    navigationHistory: { clear: () => { log.push('history cleared'); } },
    session: {
      clearStorageData: async (o: { storages: string[] }) => { log.push(`storage ${o.storages.join(',')}`); },
      clearCache: async () => { log.push('cache cleared'); },
      clearAuthCache: async () => { log.push('auth cleared'); },
    },
  } as unknown as ForgetContents;
  await forgetVisitor(contents);
  assert.deepEqual(log, [
    'load about:blank', `storage ${VISITOR_STORAGES.join(',')}`, 'cache cleared', 'auth cleared', `load ${APP_START_URL}`, 'history cleared',
  ]);
  for (const s of ['localstorage', 'indexdb', 'cachestorage', 'serviceworkers', 'cookies']) assert.ok((VISITOR_STORAGES as readonly string[]).includes(s), s);
});
