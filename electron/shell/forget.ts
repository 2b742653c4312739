// A kiosk visit ends: the window forgets its visitor. Storage, caches and history of the
// renderer go, and the start page is loaded afresh (a new document: no DOM, no JavaScript
// state and no blob: URL of the visit survives). The service has already saved or
// discarded the visitor's case (session.end).
import type { Session, WebContents } from 'electron';
import { APP_START_URL } from './policy.ts';

export type ForgetSession = Pick<Session, 'clearCache' | 'clearStorageData' | 'clearAuthCache'>;
export type ForgetContents = Pick<WebContents, 'loadURL' | 'navigationHistory'> & { session: ForgetSession };

/** Every kind of renderer storage Electron can clear. */
export const VISITOR_STORAGES = [
  'cookies', 'filesystem', 'indexdb', 'localstorage', 'shadercache', 'serviceworkers', 'cachestorage',
] as const;

export async function forgetVisitor(contents: ForgetContents): Promise<void> {
  // Leave the visitor's document first, so nothing can write to storage after it is cleared.
  await contents.loadURL('about:blank');
  await contents.session.clearStorageData({ storages: [...VISITOR_STORAGES] });
  await contents.session.clearCache();
  await contents.session.clearAuthCache();
  await contents.loadURL(APP_START_URL);
  contents.navigationHistory.clear();
}
