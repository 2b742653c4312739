// A section of the package: its laid-out pages and its bookmarks.
import type { Mark, PagePlan } from './layout/flow.ts';

export interface Section {
  key: string;
  /** Bookmark title of the section; it opens the section's first page. */
  title: string;
  pages: PagePlan[];
  /** Nested bookmarks, with pages relative to the section's first page. */
  marks: Mark[];
}
