// The search index's upkeep while a host runs (web host, Electron main): one slice of
// SearchIndex.maintain() a second — backfilling a common gram's absence keys a few hundred
// documents at a time, or looking for new common grams once the cases have doubled — so that a
// database that grows a case at a time gets the fast counts that a bulk import's optimize()
// gives at once. A slice holds the event loop ~0.1 s (a look at the vocabulary ~0.7 s at 100k
// cases, once per doubling); the timer never keeps a process alive.
import type { SearchIndex } from './index.ts';

export function startSearchMaintenance(
  search: SearchIndex,
  { everyMs = 1000, firstAfterMs = 15_000 }: { everyMs?: number; firstAfterMs?: number } = {},
  options: Parameters<SearchIndex['maintain']>[0] = {},
): () => void {
  let reported = false;
  const slice = () => {
    try {
      search.maintain(options);
      reported = false;
    } catch (err) {
      // Busy (another program writing), or the disk full: the next slice tries again; say it once.
      if (!reported) console.error('claimdesk: search index upkeep skipped:', (err as Error).message);
      reported = true;
    }
  };
  // Not in the first seconds: the first screen comes first (a look at a large vocabulary holds the loop ~0.7 s).
  let timer: NodeJS.Timeout = setTimeout(() => {
    timer = setInterval(slice, everyMs);
    timer.unref();
  }, firstAfterMs);
  timer.unref();
  return () => clearTimeout(timer); // clears an interval too
}
