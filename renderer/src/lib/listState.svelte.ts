// The case list's query, filters and scroll position, kept while the user visits a case and comes back.
import type { CaseStatus, CategoryId } from '../../../shared/model/case.ts';

export const listState = $state<{
  query: string; category: CategoryId | ''; status: CaseStatus | ''; scrollTop: number;
  /** The case last opened from the list and its row: Back puts focus on it again (the desk's next-case loop). */
  opened: { number: string; index: number } | null;
}>({
  query: '', category: '', status: '', scrollTop: 0, opened: null,
});

/** Rows fetched per request (cases.list / cases.search are paged in the core). */
export const PAGE_SIZE = 50;
/** The height of one row of the list, in pixels (the virtual list needs it fixed). */
export const ROW_HEIGHT = 48;
