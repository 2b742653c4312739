// Issue 8 / tester's report: the case-list export at 100,000 cases, through the web host
// while cases.search keeps being called (target: searches ≤ 10 ms median even then), and
// `claimdesk export-list` to a file; the HR summary (export.report) through the web host the
// same way. Each export runs in a fresh process (_exportChild.ts) so its peak RSS is its own.
//
//   npm run bench -- export          (BENCH_CASES=20000 for a smaller run; seeded once)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { largeDataDir, ms, table } from './_support.ts';

const dir = largeDataDir();
function child(args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '_exportChild.ts'), ...args],
    { encoding: 'utf8', env: { ...process.env, BENCH_DATA_DIR: dir }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const rows: (string | number)[][] = [['export (web host)', 'rows', 'time', 'MB', 'searches meanwhile', 'search alone', 'search median', 'search max', 'longest stall', 'peak RSS']];
for (const [format, query] of [['xlsx'], ['csv'], ['xlsx', '医'], ['csv', '张']] as [string, string?][]) {
  const r = child(['host', format, ...(query ? [query] : [])]);
  rows.push([`${format}${query ? ` query ${query}` : ', unfiltered'}`, r.rows!, ms(r.ms!), (r.bytes! / 1e6).toFixed(1), r.searches!,
    ms(r.searchAlone!), ms(r.searchMedian!), ms(r.searchMax!), ms(r.stallMax!), `${r.peakMb} MB (${r.peakBeforeMb} before)`]);
}
// The HR summary (export.report, by month, category and employer: ~5,000 rows at 100k cases),
// made 5 times in a row with a search every 10 ms; time is one report's.
for (const format of ['xlsx', 'csv']) {
  const r = child(['report', format]);
  rows.push([`report ${format}, by month+category+employer`, r.rows!, ms(r.ms!), (r.bytes! / 1e6).toFixed(1), r.searches!,
    ms(r.searchAlone!), ms(r.searchMedian!), ms(r.searchMax!), ms(r.stallMax!), `${r.peakMb} MB (${r.peakBeforeMb} before)`]);
}
table(rows);
const cli: (string | number)[][] = [['claimdesk export-list', 'time', 'MB', 'peak RSS']];
for (const format of ['xlsx', 'csv']) {
  const r = child(['cli', format]);
  cli.push([`--format ${format}, unfiltered`, ms(r.ms!), (r.bytes! / 1e6).toFixed(1), `${r.peakMb} MB`]);
}
table(cli);
