// The desktop shell's security policies as plain functions: no 'electron' import, so the
// tests load them under Node (the Electron binary cannot run on the build machines). The
// modules beside this one apply them to Electron's objects; main.ts only wires those up.
//
// Each function here is one item of Electron's security checklist; README.md ("Security")
// lists every item with the function that enforces it and the test that covers it.

/** The custom scheme the app's own files are served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'claimdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sites the shell may hand to the operating system's browser (shell.openExternal). Empty:
 * the app links to nothing outside itself. An origin added here must be a fixed https
 * origin of a public authority, never something a page or a case file supplied.
 */
export const EXTERNAL_ORIGINS: readonly string[] = [];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for a URL of the app's own files (app://claimdesk/…). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
}

/** A blob: URL the app's own page created (the PDF preview): blob:app://claimdesk/<uuid>. */
export function isAppBlobUrl(url: string): boolean {
  if (!url.startsWith('blob:')) return false;
  const inner = url.slice('blob:'.length);
  return isAppUrl(inner) && /^\/[0-9a-f-]{36}$/i.test(parse(inner)!.pathname);
}

/**
 * Map an app:// request to a file inside the renderer folder; null for anything that
 * would leave it (../, encoded separators, NUL) so no other file is ever served.
 */
export function appUrlToRelativePath(url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parse(url)!.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const parts = pathname.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.' || p.startsWith('.'))) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

/** will-navigate / will-redirect / will-frame-navigate: only the app's own start page. */
export function navigationAllowed(url: string): boolean {
  if (!isAppUrl(url)) return false;
  const u = parse(url)!;
  return u.pathname === '/' || u.pathname === '/index.html';
}

export type WindowOpenDecision =
  | { action: 'deny' }
  /** The app's own PDF (a blob: it created): shown in a preview window the shell makes. */
  | { action: 'preview'; url: string }
  /** A fixed, allowlisted https page: handed to the system browser, never opened here. */
  | { action: 'external'; url: string };

/** setWindowOpenHandler: no page ever opens a window itself. */
export function windowOpenDecision(url: string, mode: 'desk' | 'kiosk', external: readonly string[] = EXTERNAL_ORIGINS): WindowOpenDecision {
  if (mode === 'desk' && isAppBlobUrl(url)) return { action: 'preview', url };
  if (mode === 'desk') {
    const safe = safeExternalUrl(url, external);
    if (safe) return { action: 'external', url: safe };
  }
  return { action: 'deny' };
}

/**
 * The only input shell.openExternal is ever given: an https URL whose origin is on the
 * fixed allowlist, without credentials; null for everything else.
 */
export function safeExternalUrl(url: string, allowlist: readonly string[] = EXTERNAL_ORIGINS): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username || u.password) return null;
  if (!allowlist.includes(u.origin)) return null;
  return u.href;
}

export interface PermissionContext {
  /** The URL of the frame that asks (details.requestingUrl / requestingOrigin). */
  requestingUrl: string | undefined;
  /** For 'media': what it wants (details.mediaTypes / mediaType). */
  mediaTypes?: readonly string[];
  /** The administrator's setting: may the app use a camera (to photograph receipts)? */
  cameraAllowed: boolean;
}

/**
 * Session permission requests and checks: everything is denied, except the camera (video
 * only, never the microphone) for the app's own page when the administrator allowed it.
 */
export function permissionAllowed(permission: string, ctx: PermissionContext): boolean {
  if (permission !== 'media' || !ctx.cameraAllowed) return false;
  if (!ctx.requestingUrl || !isAppUrl(ctx.requestingUrl)) return false;
  const types = ctx.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** The part of an IPC event's senderFrame the check needs. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Every IPC message: only the top frame of one of the app's own windows, showing the
 * app's own page, may call the contract. A subframe (the PDF preview), another window or
 * a page that was somehow navigated elsewhere is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, senderId: number, appWindowIds: ReadonlySet<number>): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  if (!appWindowIds.has(senderId)) return false;
  return isAppUrl(frame.url);
}

/** The keys of an Electron `Input` (before-input-event) the kiosk policy reads. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * Keys a kiosk swallows: reload, developer tools, history navigation, printing, zoom,
 * closing the window, find, view source, saving the page. A visitor can type and tab,
 * nothing else.
 */
export function kioskBlocksKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'ContextMenu'].includes(key)) return true;
  if (input.alt && (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home' || key === 'F4')) return true;
  if (mod && ['r', 'p', 's', 'o', 'n', 't', 'w', 'q', 'u', 'f', 'g', 'h', 'j', 'l', 'd', '+', '-', '=', '0', '[', ']'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'delete'].includes(key.toLowerCase())) return true;
  if (mod && key === 'Delete') return true;
  return false;
}

/** Command-line flags the shell reads: `--kiosk`, `--idle SECONDS`, `--data DIR`. */
export interface ShellFlags {
  kiosk: boolean;
  idleSeconds: number | undefined;
  data: string | undefined;
}

export function parseShellFlags(argv: readonly string[]): ShellFlags {
  const value = (name: string): string | undefined => {
    const eq = argv.find((a) => a.startsWith(`${name}=`));
    if (eq) return eq.slice(name.length + 1);
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const idle = value('--idle');
  const idleSeconds = idle === undefined ? undefined : Number(idle);
  return {
    kiosk: argv.includes('--kiosk'),
    idleSeconds: idleSeconds !== undefined && Number.isInteger(idleSeconds) && idleSeconds >= 3 && idleSeconds <= 3600 ? idleSeconds : undefined,
    data: value('--data'),
  };
}

/** Chromium switches a kiosk must not accept from its command line (Electronegativity CUSTOM_ARGUMENTS). */
export const FORBIDDEN_SWITCHES = ['--remote-debugging-port', '--inspect', '--inspect-brk', '--remote-allow-origins', '--disable-web-security', '--no-sandbox', '--js-flags'] as const;

/** True when argv carries a switch that would open a debugging port or drop the sandbox. */
export function hasForbiddenSwitch(argv: readonly string[]): string | null {
  for (const a of argv) {
    const name = a.split('=')[0]!;
    if ((FORBIDDEN_SWITCHES as readonly string[]).includes(name)) return name;
  }
  return null;
}
