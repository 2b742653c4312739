// Issue 8: importing 10,000 expense lines from an XLSX file (preview + commit, in-process
// through service.dispatch; target ≤ 3 s), both as 500 employees' cases (HR) and into one
// case; and `claimdesk import` of a folder of case files, one commit per case, into an empty
// database and into a copy of the 100k-case database, to show the per-case time does not grow
// with the database. The folder holds BENCH_IMPORT_FILES (default 2,000) files, not 100,000:
// the figure for 100,000 is extrapolated from the per-case time, as printed. Then the same
// day's count: a folder imported into a day that already has 40,000 cases, against an empty
// database (_sameDay.ts): the growth ratio must stay near 1.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import ExcelJS from 'exceljs';
import { ClaimDeskService } from '../../electron/core/service.ts';
import { APP_ROOT } from '../../electron/core/version.ts';
import { caseGenerator } from '../tools/seed-large.ts';
import { BENCH_ROOT, largeDataDir } from './_support.ts';
import { sameDayImport } from './_sameDay.ts';

const work = path.join(BENCH_ROOT, 'import');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

// ---- XLSX, 10,000 lines --------------------------------------------------------------------
const gen = caseGenerator(11, '2026-11-27');
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('报销明细');
ws.addRow(['姓名', '身份证号', '工作单位', '票据代码', '票据号码', '开票日期', '医疗机构', '项目', '类别', '金额(元)']);
const KIND_ZH: Record<string, string> = { outpatient: '门诊', inpatient: '住院', pharmacy: '药店', other: '其他', delivery: '分娩', prenatal: '产前检查', postpartum: '产后' };
for (let e = 0; e < 500; e++) {
  const c = gen.caseFile(20);
  for (const l of c.expenses!) {
    ws.addRow([c.claimant.name, c.claimant.idNumber, c.claimant.employer, l.invoiceCode, l.invoiceNo, new Date(`${l.date}T00:00:00Z`), l.institution, l.item, KIND_ZH[l.kind], l.amountFen / 100]);
  }
}
const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
const base64 = xlsx.toString('base64');
console.log(`XLSX: 10,000 lines of 500 employees, ${(xlsx.length / 1e6).toFixed(2)} MB`);

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const s = performance.now();
  const v = await f();
  return [v, performance.now() - s];
}

for (const mode of ['one case per employee', 'all lines into one case'] as const) {
  const service = new ClaimDeskService({ dataDir: path.join(work, `xlsx-${mode.length}`), host: 'web', actor: 'bench' });
  let number: string | undefined;
  if (mode === 'all lines into one case') {
    const r = await service.dispatch('cases.create', { category: 'trip', claimant: { name: '张伟', idNumber: '11010519491231002X' } });
    number = (r as { value: { number: string } }).value.number;
  }
  // Into one case: the sheet's lines as that claimant's (a hospital's itemised list), its name
  // and ID columns left unmapped; mapped, the rows of the 499 other employees would be refused.
  const oneCase = number ? { number, mapping: { invoiceCode: 3, invoiceNo: 4, date: 5, institution: 6, item: 7, kind: 8, amount: 9 } } : {};
  const [preview, tp] = await timed(() => service.dispatch('import.preview', { fileName: 'hr.xlsx', base64, ...oneCase }));
  const p = (preview as { value: { accepted: number; rejected: unknown[]; mapping: unknown } }).value;
  const [commit, tc] = await timed(() => service.dispatch('import.commit', { fileName: 'hr.xlsx', base64, mapping: p.mapping, ...(number ? { number } : { category: 'outage' }) }));
  const c = (commit as { ok: boolean; value?: { imported: number; cases: unknown[] }; error?: unknown });
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  const total = tp + tc;
  console.log(`XLSX ${mode}: preview ${tp.toFixed(0)} ms (${p.accepted} accepted, ${p.rejected.length} rejected), commit ${tc.toFixed(0)} ms (${c.value!.imported} lines, ${c.value!.cases.length} cases); ` +
    `total ${(total / 1000).toFixed(2)} s (target ≤ 3 s) ${total <= 3000 ? 'ok' : 'MISS'}`);
  service.close();
}

// ---- claimdesk import DIR ------------------------------------------------------------------
const FILES = Number(process.env.BENCH_IMPORT_FILES ?? 2000);
const folder = path.join(work, 'cases');
fs.mkdirSync(folder);
const g2 = caseGenerator(23, '2026-11-27');
for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(folder, `case-${String(i).padStart(6, '0')}.json`), JSON.stringify(g2.caseFile(20)));

/** Run the CLI; the time of each "imported" line (printed after its commit). */
function importFolder(dataDir: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(APP_ROOT, 'electron', 'cli.ts'), 'import', folder, '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) { if (buf.slice(0, i).startsWith('imported ')) times.push(performance.now() - t0); buf = buf.slice(i + 1); }
    });
    child.on('exit', (code) => (code === 0 ? resolve(times) : reject(new Error(`claimdesk import exited ${code}`))));
  });
}

function perCase(times: number[], from: number, to: number): number {
  return (times[to - 1]! - times[from]!) / (to - 1 - from);
}

const empty = path.join(work, 'empty');
const t1 = await importFolder(empty);
const q = Math.floor(t1.length / 4);
console.log(`claimdesk import of ${FILES} case files (20 lines each) into an empty database: ${t1.length} committed in ${(t1.at(-1)! / 1000).toFixed(1)} s; ` +
  `${perCase(t1, 0, q).toFixed(2)} ms/case in the first quarter, ${perCase(t1, t1.length - q, t1.length).toFixed(2)} ms/case in the last`);
const big = path.join(work, 'large-copy');
fs.mkdirSync(big, { recursive: true });
fs.copyFileSync(path.join(largeDataDir(), 'claimdesk.sqlite'), path.join(big, 'claimdesk.sqlite'));
const t2 = await importFolder(big);
const grown = perCase(t2, Math.floor(t2.length / 10), t2.length);
const fresh = perCase(t1, Math.floor(t1.length / 10), t1.length);
console.log(`the same folder into a copy of the 100k-case database: ${perCase(t2, Math.floor(t2.length / 10), t2.length).toFixed(2)} ms/case ` +
  `(${(grown / fresh).toFixed(2)} × the empty database's ${fresh.toFixed(2)} ms/case)`);
console.log(`extrapolated: 100,000 case files ≈ ${((grown * 100_000) / 60_000).toFixed(1)} min at the grown database's rate (measured on ${FILES} files, not 100,000)`);

// ---- claimdesk import into a day that already has many cases -----------------------------
await sameDayImport();
