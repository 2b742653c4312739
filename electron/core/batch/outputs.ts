// Where a batch's packages go (kept apart from jobs.ts, which loads the PDF builder).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where each case's package goes: NAME.pdf in the output folder (or beside the case file).
 * Every case file first keeps its own name where no earlier one of the same name has it.
 * Two case files of the same name (a/case.json, b/case.json) would overwrite each other's
 * package: the second becomes case-2.pdf, the third case-3.pdf, in the order given — but a
 * suffix never takes a name another input has of its own (with a case-2.json in the batch,
 * b/case.json becomes case-3.pdf): a package under another case file's name is handed in
 * as that case. Names are compared without case, as Windows and macOS file systems compare them.
 */
export function outputNames(files: readonly string[], outDir: string | undefined): string[] {
  const dirs = files.map((file) => path.resolve(outDir ?? path.dirname(file)));
  const names = files.map((file) => path.basename(file, path.extname(file)));
  const own = files.map((_, i) => path.join(dirs[i]!, `${names[i]}.pdf`));
  // Every input's own name is reserved before any suffix is chosen: the first to have it keeps it.
  const taken = new Set(own.map((out) => out.toLowerCase()));
  const keeper = new Map<string, number>();
  own.forEach((out, i) => { if (!keeper.has(out.toLowerCase())) keeper.set(out.toLowerCase(), i); });
  return files.map((_, i) => {
    if (keeper.get(own[i]!.toLowerCase()) === i) return own[i]!;
    let out = own[i]!;
    for (let n = 2; taken.has(out.toLowerCase()); n++) out = path.join(dirs[i]!, `${names[i]}-${n}.pdf`);
    taken.add(out.toLowerCase());
    return out;
  });
}

/** Said of a failed package whose path still holds the one an earlier run wrote: a clerk would print it as this case's. */
export const earlierPackage = (out: string): string => `; ${out} is an earlier package, not from this run: it is not this case as it is now`;

/** Said of a package whose name a folder has: nothing can be written under it. */
export const folderAtOutput = (out: string): string =>
  `${out} is a folder, not a file: the package cannot be written under that name; rename or remove the folder, or choose another --out-dir`;

export function isFolder(file: string): boolean {
  try { return fs.statSync(file).isDirectory(); } catch { return false; }
}

/** The summary's two files: PATH.json and PATH.csv when PATH ends in neither, else PATH and its sibling. */
export function summaryTargets(target: string): { json: string; csv: string } {
  const ext = path.extname(target).toLowerCase();
  const base = ext === '.json' || ext === '.csv' ? target.slice(0, -ext.length) : target;
  return { json: `${base}.json`, csv: `${base}.csv` };
}

/** The top-level keys of a summary's JSON (BatchSummary): how a summary left among case files is told from one. */
export const SUMMARY_KEYS = ['verb', 'started', 'ms', 'jobs', 'counts', 'cases'] as const;
