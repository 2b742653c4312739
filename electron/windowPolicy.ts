// Policies the Electron shell applies, as plain functions so tests load them under Node
// (the Electron binary cannot run on the build machines). main.ts only wires them up.

/** The custom scheme the app's own files are served from. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://claimdesk`;

/** The webPreferences every ClaimDesk window gets. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** True only for a URL of the app's own files. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'claimdesk';
  } catch {
    return false;
  }
}

/**
 * Map an app:// request to a file inside the renderer folder; null for anything that
 * would leave it (../, encoded separators) so no other file is ever served.
 */
export function appUrlToRelativePath(url: string): string | null {
  if (!isAppUrl(url)) return null;
  const pathname = decodeURIComponent(new URL(url).pathname);
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const parts = pathname.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}
