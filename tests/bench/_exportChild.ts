// One export measured in a fresh process (export.ts runs this file as a child, so each
// figure's peak RSS is its own). Two modes:
//   host FORMAT [QUERY]  the web host on the large database: export.list through HTTP while a
//                        cases.search is sent every 50 ms (as a clerk's list or another program
//                        would); prints the export's time, the searches' latencies, the
//                        longest event-loop stall and the peak RSS, as one JSON line.
//   report FORMAT        the same with export.report (by month, category and employer), made 5 times
//                        in a row, a search every 10 ms (one report takes a fraction of a second).
//   cli FORMAT           `claimdesk export-list` (the CLI verb's own code) to a file: time, peak RSS.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { ClaimDeskService } from '../../electron/core/service.ts';
import { startWebHost } from '../../electron/web.ts';
import { APP_ROOT } from '../../electron/core/version.ts';
import { exportVerbs } from '../../electron/core/export/cli.ts';

const [mode, format, query] = process.argv.slice(2) as [string, 'xlsx' | 'csv', string | undefined];
const dir = process.env.BENCH_DATA_DIR!;
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === 'cli') {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cd-export-')), `list.${format}`);
  const t0 = performance.now();
  const code = await exportVerbs['export-list']!(['--data', dir, '--out', out, ...(query ? ['--query', query] : [])]);
  console.log(JSON.stringify({ code, ms: performance.now() - t0, bytes: fs.statSync(out).size, peakMb: peakMb() }));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
} else {
  const service = new ClaimDeskService({ dataDir: dir, host: 'web', actor: 'bench' });
  service.search.cacheTotals = false;
  const host = await startWebHost({ service, rendererDir: path.join(APP_ROOT, 'dist', 'renderer'), port: 0 });
  const call = async (name: string, input: unknown) => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = await res.json() as { ok: boolean; value: unknown };
    if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
    return body.value;
  };
  const words = ['张', '李', '针灸', '厦门长庚医院', '3502', '王芳'];
  for (const q of words) await call('cases.search', { query: q, limit: 50 });
  // The same searches at the same pace with no export running: this machine's figure to compare with.
  const alone: number[] = [];
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    await call('cases.search', { query: words[i % words.length], limit: 50 });
    alone.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 50));
  }
  alone.sort((a, b) => a - b);
  const before = peakMb();
  // The longest the event loop went without running a 5 ms timer (minus those 5 ms).
  let last = performance.now();
  let stallMax = 0;
  const ticker = setInterval(() => { const now = performance.now(); stallMax = Math.max(stallMax, now - last - 5); last = now; }, 5);
  const latencies: number[] = [];
  let done = false;
  const t0 = performance.now();
  const report = mode === 'report';
  const exported = (report
    ? (async () => { let v: unknown; for (let r = 0; r < 5; r++) v = await call('export.report', { format, by: ['month', 'category', 'employer'] }); return v; })()
    : call('export.list', { format, ...(query ? { query } : {}) })).then((v) => { done = true; return v as { rows: number; base64: string }; });
  let i = 0;
  while (!done) {
    const s = performance.now();
    await call('cases.search', { query: words[i++ % words.length], limit: 50 });
    latencies.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, report ? 10 : 50));
  }
  const v = await exported;
  const ms = performance.now() - t0;
  clearInterval(ticker);
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({
    rows: v.rows, bytes: Math.round(v.base64.length * 3 / 4), ms: report ? ms / 5 : ms, searches: latencies.length,
    searchAlone: alone[15], searchMedian: latencies[Math.floor(latencies.length / 2)], searchMax: latencies[latencies.length - 1],
    stallMax, peakMb: peakMb(), peakBeforeMb: before,
  }));
  await host.close();
  service.close();
}
