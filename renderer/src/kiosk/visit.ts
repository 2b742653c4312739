// The end of a kiosk visit, in the page. The core saves or discards the visitor's case
// (session.end); then the page leaves nothing behind:
//   - renderer storage: localStorage and sessionStorage are emptied (only the web host's
//     access secret is put back, it is not the visitor's), Cache Storage is deleted;
//   - caches: the web host answers session.end with Clear-Site-Data: "cache";
//   - DOM and JavaScript state: a fresh document is loaded (location.replace, no history
//     entry), so no element, blob: URL or variable of the visit survives;
//   - history: the kiosk never adds an entry (no hash routes), and replace() adds none.
// In Electron the main process does the same from its side (electron/shell/forget.ts):
// it clears the session's storage and cache, reloads the start page and clears history.
import { call } from '../lib/api.ts';

const TOKEN_KEY = 'claimdesk.token';

export type EndReason = 'finish' | 'idle';

/** Ask the core to end the visit; the page is forgotten whatever the answer. */
export async function endVisit(reason: EndReason, win: Window = window): Promise<void> {
  try {
    await call('session.end', { reason });
  } catch {
    // The core's own idle backstop ends the visit if this call never arrives.
  }
  await forgetPage(win);
}

/** Empty the page's storage and load a fresh start page. */
export async function forgetPage(win: Window = window): Promise<void> {
  let token: string | null = null;
  try {
    token = win.sessionStorage.getItem(TOKEN_KEY);
    win.sessionStorage.clear();
    win.localStorage.clear();
    if (token) win.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: nothing stored either
  }
  try {
    if ('caches' in win) for (const name of await win.caches.keys()) await win.caches.delete(name);
  } catch {
    // no Cache Storage here
  }
  if (win.claimdesk) return; // Electron: the main process reloads the window after clearing its session
  win.location.replace(win.location.pathname);
}
