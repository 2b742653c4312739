// Shared by the issue-8 benchmarks: timing, the large data directory, printing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedLarge } from '../tools/seed-large.ts';

/** Median and p90 of `runs` timings of fn, in milliseconds, after `warm` untimed runs. */
export async function timeIt(fn: () => unknown, runs = 30, warm = 3): Promise<{ median: number; p90: number; min: number }> {
  for (let i = 0; i < warm; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]!, p90: t[Math.floor(t.length * 0.9)]!, min: t[0]! };
}

export const BENCH_ROOT = process.env.CLAIMDESK_BENCH_DIR ?? path.join(os.tmpdir(), 'claimdesk-bench');
export const LARGE_CASES = Number(process.env.BENCH_CASES ?? 100_000);
export const LARGE_LINES = Number(process.env.BENCH_LINES ?? 20);

/** The large data directory (seeded once with tests/tools/seed-large.ts, then reused). */
export function largeDataDir(): string {
  const dir = path.join(BENCH_ROOT, LARGE_CASES === 100_000 && LARGE_LINES === 20 ? 'large' : `large-${LARGE_CASES}x${LARGE_LINES}`);
  const marker = path.join(dir, 'seeded.json');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`seeding ${LARGE_CASES} cases × ${LARGE_LINES} lines into ${dir} (once; reused by later runs) …`);
    const out = seedLarge({ dataDir: dir, cases: LARGE_CASES, lines: LARGE_LINES, progress: (n) => process.stderr.write(`\r  ${n}/${LARGE_CASES}`) });
    process.stderr.write('\n');
    fs.writeFileSync(marker, JSON.stringify(out));
    console.log(`  seeded in ${(out.ms / 1000).toFixed(1)} s`);
  }
  return dir;
}

export const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(2)} ms`);

export function table(rows: (string | number)[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((c, i) => (typeof c === 'number' || /^[\d.,]+( |$)/.test(String(c)) ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  '));
}
