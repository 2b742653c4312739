// The one place the shell calls shell.openExternal: only with an https URL whose origin is
// on the fixed allowlist (policy.ts EXTERNAL_ORIGINS), never with what a page or a case file
// supplied unchecked. A test fails if openExternal appears anywhere else in electron/.
import type { Shell } from 'electron';
import { EXTERNAL_ORIGINS, safeExternalUrl } from './policy.ts';

export type ShellLike = Pick<Shell, 'openExternal'>;

/** Opens the URL in the system browser when it is allowlisted; returns whether it did. */
export function openExternalSafely(shell: ShellLike, url: string, allowlist: readonly string[] = EXTERNAL_ORIGINS): boolean {
  const safe = safeExternalUrl(url, allowlist);
  if (!safe) return false;
  void shell.openExternal(safe, { activate: true });
  return true;
}
