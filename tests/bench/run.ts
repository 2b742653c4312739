// `npm run bench`: every benchmark in this folder, one child process each, in the order of
// this list; any *.ts here that is not listed runs after them. Benchmarks print figures and
// ratios; they never fail the run (a crashed one is reported and the rest go on).
//   npm run bench                 all
//   npm run bench -- search       only those whose file name contains "search"
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BENCHMARKS = [
  'search.ts',   // issue 8: list/lookup/search at 100k cases / 2M lines, first screen
  'export.ts',   // issue 8: the list export at 100k cases, searches meanwhile, peak RSS
  'import.ts',   // issue 8: XLSX/CSV import of 10,000 lines; claimdesk import of a folder
  'batch.ts',    // issue 8: batch packaging on every core
  'package.ts',  // the claim package builder (PDF)
];

const here = import.meta.dirname;
const others = fs.readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !BENCHMARKS.includes(f)).sort();
const filter = process.argv.slice(2);
const files = [...BENCHMARKS, ...others].filter((f) => fs.existsSync(path.join(here, f)) && (filter.length === 0 || filter.some((x) => f.includes(x))));
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ${'='.repeat(Math.max(0, 70 - f.length))}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, f)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) { failed++; console.log(`!!! ${f} exited with ${r.status ?? r.signal}`); }
}
console.log(`\n${files.length} benchmarks run${failed ? `, ${failed} crashed` : ''}`);
