// Where a batch's packages go (kept apart from jobs.ts, which loads the PDF builder).
import path from 'node:path';

/**
 * Where each case's package goes: NAME.pdf in the output folder (or beside the case file).
 * Two case files of the same name (a/case.json, b/case.json) would overwrite each other's
 * package: the second becomes case-2.pdf, the third case-3.pdf, in the order given. Names
 * are compared without case, as Windows and macOS file systems compare them.
 */
export function outputNames(files: readonly string[], outDir: string | undefined): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const dir = path.resolve(outDir ?? path.dirname(file));
    const name = path.basename(file, path.extname(file));
    let out = path.join(dir, `${name}.pdf`);
    for (let n = 2; taken.has(out.toLowerCase()); n++) out = path.join(dir, `${name}-${n}.pdf`);
    taken.add(out.toLowerCase());
    return out;
  });
}

/** The summary's two files: PATH.json and PATH.csv when PATH ends in neither, else PATH and its sibling. */
export function summaryTargets(target: string): { json: string; csv: string } {
  const ext = path.extname(target).toLowerCase();
  const base = ext === '.json' || ext === '.csv' ? target.slice(0, -ext.length) : target;
  return { json: `${base}.json`, csv: `${base}.csv` };
}

/** The top-level keys of a summary's JSON (BatchSummary): how a summary left among case files is told from one. */
export const SUMMARY_KEYS = ['verb', 'started', 'ms', 'jobs', 'counts', 'cases'] as const;
