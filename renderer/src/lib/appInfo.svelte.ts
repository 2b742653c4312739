// What the core says about itself (app.info), loaded once and shared by every screen.
import type { AppInfo } from '../../../shared/contract.ts';
import type { CategoryId } from '../../../shared/model/case.ts';
import { pick } from '../i18n/index.svelte.ts';
import { call, toApiError, type ApiError } from './api.ts';

const state = $state<{ info: AppInfo | null; error: ApiError | null; loading: boolean }>({
  info: null, error: null, loading: false,
});

export const appInfo = {
  get info(): AppInfo | null { return state.info; },
  get error(): ApiError | null { return state.error; },
  get loading(): boolean { return state.loading; },
};

export async function loadAppInfo(): Promise<void> {
  state.loading = true;
  state.error = null;
  try {
    state.info = await call('app.info', {});
  } catch (e) {
    state.error = toApiError(e);
  } finally {
    state.loading = false;
  }
}

/** A category's title in the current language, as the policy pack names it. */
export function categoryTitle(id: CategoryId): string {
  const found = state.info?.categories.find((c) => c.id === id);
  return found ? pick(found.title) : id;
}
