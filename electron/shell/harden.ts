// Applies the policies of policy.ts to Electron's session and webContents objects. Only
// types come from 'electron'; the objects are passed in, so the tests drive these
// functions with recording fakes and prove each handler refuses what it must.
import type { App, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import {
  isAppBlobUrl, isAppUrl, kioskBlocksKey, navigationAllowed, permissionAllowed, windowOpenDecision, type KeyInput,
} from './policy.ts';
import { previewWindowOptions, type ShellMode } from './windows.ts';

/** The parts of a Session this module touches (the real Session satisfies it). */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>;

/** The parts of a WebContents this module touches. */
export type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools'>;

export interface SessionPolicy {
  /** Read at every request: the administrator may change it while the app runs. */
  cameraAllowed(): boolean;
  mode(): ShellMode;
}

/**
 * Permissions (denied except the allowed camera), devices (USB, HID, serial, Bluetooth:
 * always refused) and downloads (only the app's own PDF, at the desk).
 */
export function hardenSession(ses: SessionLike, policy: SessionPolicy): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(permissionAllowed(permission, { requestingUrl: details.requestingUrl, mediaTypes, cameraAllowed: policy.cameraAllowed() }));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const url = details.requestingUrl || details.securityOrigin || requestingOrigin;
    const mediaTypes = details.mediaType ? [details.mediaType] : undefined;
    return permissionAllowed(permission, { requestingUrl: url, mediaTypes, cameraAllowed: policy.cameraAllowed() });
  });
  ses.setDevicePermissionHandler(() => false);
  ses.on('select-hid-device', (event, _details, callback) => { event.preventDefault(); callback(''); });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => { event.preventDefault(); callback(''); });
  ses.on('select-usb-device', (event, _details, callback) => { event.preventDefault(); callback(); });
  ses.on('will-download', (event, item) => {
    if (policy.mode() === 'kiosk' || !isAppBlobUrl(item.getURL())) event.preventDefault();
  });
}

export interface ContentsPolicy {
  mode: ShellMode;
  /** Hand an allowlisted https URL to the system browser (see external.ts). */
  openAllowlisted(url: string): void;
}

/**
 * Navigation, new windows, <webview>, kiosk keys and developer tools for one webContents:
 * the page may show only the app's own files; it may open nothing but the preview of its
 * own PDF (desk); a kiosk swallows reload, devtools, history and zoom keys.
 */
export function hardenContents(contents: ContentsLike, policy: ContentsPolicy): void {
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    const { url, isMainFrame } = event;
    if (isMainFrame ? navigationAllowed(url) : frameMayShow(url, policy.mode)) return;
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, policy.mode);
    if (decision.action === 'preview') {
      return { action: 'allow', overrideBrowserWindowOptions: previewWindowOptions('ClaimDesk') satisfies BrowserWindowConstructorOptions };
    }
    if (decision.action === 'external') policy.openAllowlisted(decision.url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (policy.mode === 'kiosk') {
    contents.on('before-input-event', (event, input) => {
      if (kioskBlocksKey(input as KeyInput)) event.preventDefault();
    });
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

/** A subframe may show the app's own files and, at the desk, its own PDF blob. */
export function frameMayShow(url: string, mode: ShellMode): boolean {
  if (url === 'about:blank' || url === 'about:srcdoc') return true;
  if (isAppUrl(url)) return true;
  return mode === 'desk' && isAppBlobUrl(url);
}

/**
 * Every webContents the app ever creates — its window, a package preview, anything else —
 * gets hardenContents before it loads anything (app 'web-contents-created').
 */
export function hardenEveryContents(app: Pick<App, 'on'>, policy: () => ContentsPolicy): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy()));
}
