// `claimdesk import` into a day that already has many cases (part of import.ts; run alone:
// node --import tsx tests/bench/_sameDay.ts). Every new case number is looked up among the
// day's numbers (CaseRepository.nextNumber): the lookup must cost the same at case 40,000 of
// a day as at case 1, or importing 100,000 case files in a day slows down as it goes (issue 8).
//
// The same folder of case files is imported into an empty data directory and into a copy of
// one that already holds BENCH_SAME_DAY_CASES cases numbered today (each with its import
// event in the audit trail, as `claimdesk import` leaves it), BENCH_SAME_DAY_RUNS times each,
// alternating; printed: the medians and the growth ratio (1.0: no growth).
//
// Measured (500 files, 40,000 seeded, on a shared 2-core machine under load), medians:
//   nextNumber reading the day's whole index at each case (before migration 6):
//     9.88 s empty vs 33.28 s after 40,000: ratio 3.37 (again: 12.77 vs 37.69 s, 2.95)
//   one seek per serial width (migration 6):
//     10.29 s empty vs 11.07 s after 40,000: ratio 1.08 (again: 9.13 vs 8.41 s, 0.92)
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { APP_ROOT } from '../../electron/core/version.ts';
import { ensureDataDir } from '../../electron/core/dataDir.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { CaseRepository } from '../../electron/core/db/caseRepository.ts';
import { SearchIndex } from '../../electron/core/search/index.ts';
import { recordEvent } from '../../electron/core/audit.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { todayIso } from '../../shared/model/dates.ts';
import { caseGenerator } from '../tools/seed-large.ts';
import { BENCH_ROOT } from './_support.ts';

const SEEDED = Number(process.env.BENCH_SAME_DAY_CASES ?? 40_000);
const FILES = Number(process.env.BENCH_SAME_DAY_FILES ?? 500);
const RUNS = Number(process.env.BENCH_SAME_DAY_RUNS ?? 3);

/** `cases` cases numbered today, CD-YYYYMMDD-0001 onwards, each with a case.import event (the SQL of the app, 2,000 per transaction). */
function seedToday(dataDir: string, cases: number): void {
  const db = openDatabase(ensureDataDir(dataDir).database);
  const repo = new CaseRepository(db);
  const search = new SearchIndex(db);
  const pack = defaultPack();
  const gen = caseGenerator(31);
  const day = todayIso();
  const now = new Date().toISOString();
  const insert = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const number = `CD-${day.replaceAll('-', '')}-${String(i + 1).padStart(4, '0')}`;
      repo.insertCase({ number, caseFile: gen.caseFile(2), status: 'draft', pack, now });
      recordEvent(db, { at: now, actor: 'bench', action: 'case.import', caseNumber: number, detail: { source: 'bench' } });
    }
    search.flush();
  });
  for (let i = 0; i < cases; i += 2000) insert(i, Math.min(cases, i + 2000));
  db.close();
}

/** Wall time of `claimdesk import FOLDER --data DIR`, in ms (it must import every file). */
function importFolder(folder: string, dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let imported = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(APP_ROOT, 'electron', 'cli.ts'), 'import', folder, '--data', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) { if (buf.slice(0, i).startsWith('imported ')) imported++; buf = buf.slice(i + 1); }
    });
    child.on('exit', (code) => {
      if (code !== 0 || imported !== FILES) reject(new Error(`claimdesk import exited ${code} after ${imported} of ${FILES} cases`));
      else resolve(performance.now() - t0);
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function sameDayImport(): Promise<{ fresh: number; grown: number; ratio: number }> {
  const work = path.join(BENCH_ROOT, 'import-same-day');
  fs.rmSync(work, { recursive: true, force: true });
  const folder = path.join(work, 'cases');
  fs.mkdirSync(folder, { recursive: true });
  const gen = caseGenerator(37);
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(folder, `case-${String(i).padStart(6, '0')}.json`), JSON.stringify(gen.caseFile(5)));
  // Seeded once a day and reused (it takes minutes on a busy machine), as largeDataDir is;
  // opened once here, so that a migration is not part of the first timed run.
  const template = path.join(BENCH_ROOT, `same-day-${SEEDED}-${todayIso()}`);
  if (!fs.existsSync(path.join(template, 'seeded.json'))) {
    fs.rmSync(template, { recursive: true, force: true });
    const s = performance.now();
    seedToday(template, SEEDED);
    fs.writeFileSync(path.join(template, 'seeded.json'), JSON.stringify({ cases: SEEDED, ms: performance.now() - s }));
    console.log(`seeded ${SEEDED} cases numbered today in ${((performance.now() - s) / 1000).toFixed(1)} s`);
  }
  openDatabase(path.join(template, 'claimdesk.sqlite')).close();
  const fresh: number[] = [];
  const grown: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    fresh.push(await importFolder(folder, path.join(work, `fresh-${run}`)));
    const copy = path.join(work, `grown-${run}`);
    fs.mkdirSync(copy);
    fs.copyFileSync(path.join(template, 'claimdesk.sqlite'), path.join(copy, 'claimdesk.sqlite'));
    grown.push(await importFolder(folder, copy));
  }
  const r = { fresh: median(fresh), grown: median(grown), ratio: median(grown) / median(fresh) };
  console.log(`claimdesk import of ${FILES} case files (5 lines each), median of ${RUNS}: ${(r.fresh / 1000).toFixed(2)} s into an empty database, ` +
    `${(r.grown / 1000).toFixed(2)} s after ${SEEDED} cases made the same day: growth ratio ${r.ratio.toFixed(2)} (1.00: the day's count costs nothing)`);
  console.log(`  runs (s): empty ${fresh.map((t) => (t / 1000).toFixed(2)).join(', ')}; after ${SEEDED}: ${grown.map((t) => (t / 1000).toFixed(2)).join(', ')}`);
  return r;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await sameDayImport();
