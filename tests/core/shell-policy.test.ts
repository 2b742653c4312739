// The desktop shell's security policies (electron/shell/policy.ts), one test per checklist
// item they decide. Plain functions: no Electron needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_START_URL, appUrlToRelativePath, hasForbiddenSwitch, isAppBlobUrl, isAppUrl, isTrustedSender, kioskBlocksKey,
  navigationAllowed, parseShellFlags, permissionAllowed, safeExternalUrl, windowOpenDecision, type KeyInput,
} from '../../electron/shell/policy.ts';

const BLOB = 'blob:app://claimdesk/0b0f4c7e-8f7a-4c1e-9a57-1b2f3c4d5e6f';

test('custom protocol: only app://claimdesk is the app; lookalikes are not', () => {
  assert.equal(isAppUrl(APP_START_URL), true);
  assert.equal(isAppUrl('app://claimdesk/assets/index-abc.js'), true);
  for (const url of ['file:///index.html', 'https://claimdesk/', 'app://claimdesk.evil/', 'app://evil/', 'app://user:pw@claimdesk/', 'http://127.0.0.1/', 'javascript:alert(1)', 'not a url', '']) {
    assert.equal(isAppUrl(url), false, url);
  }
});

test('custom protocol: requests map into the renderer folder only', () => {
  assert.equal(appUrlToRelativePath('app://claimdesk/'), 'index.html');
  assert.equal(appUrlToRelativePath('app://claimdesk/assets/a.js?x=1#h'), 'assets/a.js');
  // The URL parser already folds a literal ../ at the root back into the folder.
  assert.equal(appUrlToRelativePath('app://claimdesk/../secret'), 'secret');
  assert.equal(appUrlToRelativePath('app://claimdesk/%2e%2e/secret'), 'secret');
  for (const url of [ 'app://claimdesk/a/%2e%2e%2f..%2fetc/passwd',
    'app://claimdesk/a%5cb', 'app://claimdesk/a%00b', 'app://claimdesk/.env', 'app://claimdesk/%E0%A4%A', 'file:///etc/passwd']) {
    assert.equal(appUrlToRelativePath(url), null, url);
  }
});

test('will-navigate / will-redirect: only the app start page', () => {
  assert.equal(navigationAllowed(APP_START_URL), true);
  assert.equal(navigationAllowed('app://claimdesk/'), true);
  assert.equal(navigationAllowed('app://claimdesk/index.html#/case/CD-1'), true);
  for (const url of ['https://example.org/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://claimdesk/assets/x.js', BLOB, 'data:text/html,hi', 'about:blank', 'chrome://gpu']) {
    assert.equal(navigationAllowed(url), false, url);
  }
});

test('setWindowOpenHandler: denied, except the preview of the app\'s own PDF at the desk and allowlisted https', () => {
  assert.equal(isAppBlobUrl(BLOB), true);
  assert.equal(isAppBlobUrl('blob:https://evil.example/0b0f4c7e-8f7a-4c1e-9a57-1b2f3c4d5e6f'), false);
  assert.equal(isAppBlobUrl('blob:app://claimdesk/../x'), false);
  assert.deepEqual(windowOpenDecision(BLOB, 'desk'), { action: 'preview', url: BLOB });
  assert.deepEqual(windowOpenDecision(BLOB, 'kiosk'), { action: 'deny' });
  for (const url of ['https://example.org/', APP_START_URL, 'about:blank', 'file:///tmp/x.pdf', 'javascript:1']) {
    assert.deepEqual(windowOpenDecision(url, 'desk'), { action: 'deny' }, url);
    assert.deepEqual(windowOpenDecision(url, 'kiosk'), { action: 'deny' }, url);
  }
  const allow = ['https://ybj.xm.gov.cn'];
  assert.deepEqual(windowOpenDecision('https://ybj.xm.gov.cn/zcfg/', 'desk', allow), { action: 'external', url: 'https://ybj.xm.gov.cn/zcfg/' });
  assert.deepEqual(windowOpenDecision('https://ybj.xm.gov.cn/zcfg/', 'kiosk', allow), { action: 'deny' });
});

test('shell.openExternal input: https on the allowlist only, no credentials, nothing by default', () => {
  const allow = ['https://ybj.xm.gov.cn'];
  assert.equal(safeExternalUrl('https://ybj.xm.gov.cn/a?b=1', allow), 'https://ybj.xm.gov.cn/a?b=1');
  for (const url of ['http://ybj.xm.gov.cn/', 'https://ybj.xm.gov.cn.evil.com/', 'https://user@ybj.xm.gov.cn/', 'file:///C:/Windows/calc.exe',
    'smb://host/share', 'ms-msdt:/id', 'javascript:alert(1)', 'https://evil.example/']) {
    assert.equal(safeExternalUrl(url, allow), null, url);
  }
  assert.equal(safeExternalUrl('https://ybj.xm.gov.cn/'), null, 'the built-in allowlist is empty');
});

test('permissions: all denied; the camera (video only) for the app when the administrator allowed it', () => {
  const app = 'app://claimdesk/index.html';
  assert.equal(permissionAllowed('media', { requestingUrl: app, mediaTypes: ['video'], cameraAllowed: true }), true);
  assert.equal(permissionAllowed('media', { requestingUrl: app, mediaTypes: ['video'], cameraAllowed: false }), false);
  assert.equal(permissionAllowed('media', { requestingUrl: app, mediaTypes: ['video', 'audio'], cameraAllowed: true }), false);
  assert.equal(permissionAllowed('media', { requestingUrl: app, mediaTypes: ['audio'], cameraAllowed: true }), false);
  assert.equal(permissionAllowed('media', { requestingUrl: app, mediaTypes: [], cameraAllowed: true }), false);
  assert.equal(permissionAllowed('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'], cameraAllowed: true }), false);
  for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'usb', 'serial', 'midiSysex', 'unknown']) {
    assert.equal(permissionAllowed(p, { requestingUrl: app, mediaTypes: ['video'], cameraAllowed: true }), false, p);
  }
});

test('IPC sender: only the top frame of an app window showing the app', () => {
  const ids = new Set([7]);
  assert.equal(isTrustedSender({ url: APP_START_URL, parent: null }, 7, ids), true);
  assert.equal(isTrustedSender({ url: APP_START_URL, parent: {} }, 7, ids), false, 'a subframe');
  assert.equal(isTrustedSender({ url: APP_START_URL, parent: null }, 8, ids), false, 'another window (a preview)');
  assert.equal(isTrustedSender({ url: 'https://evil.example/', parent: null }, 7, ids), false, 'navigated away');
  assert.equal(isTrustedSender({ url: BLOB, parent: null }, 7, ids), false);
  assert.equal(isTrustedSender(null, 7, ids), false, 'a frame already gone');
});

test('kiosk keys: reload, devtools, history, zoom, print, close are swallowed; typing is not', () => {
  const k = (key: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key, control: false, meta: false, alt: false, shift: false, ...mods });
  for (const input of [k('F5'), k('r', { control: true }), k('R', { control: true, shift: true }), k('F12'), k('I', { control: true, shift: true }),
    k('ArrowLeft', { alt: true }), k('BrowserBack'), k('+', { control: true }), k('0', { control: true }), k('p', { control: true }),
    k('w', { control: true }), k('F4', { alt: true }), k('u', { control: true }), k('r', { meta: true }), k('F11')]) {
    assert.equal(kioskBlocksKey(input), true, JSON.stringify(input));
  }
  for (const input of [k('a'), k('张'), k('Enter'), k('Tab'), k('Tab', { shift: true }), k('Backspace'), k('ArrowLeft'), k('c', { control: true }),
    k('v', { control: true }), k('a', { control: true }), k('z', { control: true }), k('F5', { type: 'keyUp' } as Partial<KeyInput>)]) {
    assert.equal(kioskBlocksKey(input), false, JSON.stringify(input));
  }
});

test('flags: --kiosk, --idle SECONDS (3..3600), --data DIR; debugging switches are spotted', () => {
  assert.deepEqual(parseShellFlags(['electron', '.', '--kiosk', '--idle', '90', '--data', '/d']), { kiosk: true, idleSeconds: 90, data: '/d' });
  assert.deepEqual(parseShellFlags(['x', '--idle=45']), { kiosk: false, idleSeconds: 45, data: undefined });
  assert.equal(parseShellFlags(['x', '--idle', '1']).idleSeconds, undefined);
  assert.equal(parseShellFlags(['x', '--idle', 'abc']).idleSeconds, undefined);
  assert.equal(hasForbiddenSwitch(['x', '--remote-debugging-port=9222']), '--remote-debugging-port');
  assert.equal(hasForbiddenSwitch(['x', '--inspect']), '--inspect');
  assert.equal(hasForbiddenSwitch(['x', '--kiosk']), null);
});
