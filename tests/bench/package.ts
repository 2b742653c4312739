// Benchmark of the claim package builder (electron/core/pdf). Prints figures, never fails.
//
//   npm run bench:package            (node --import tsx tests/bench/package.ts)
//
// Reference case: 300 expense lines; 40 A4 JPEG scans of ~500 KB, 5 PDFs of 26 pages,
// 3 PNG scans (RGB and grey pass through, one RGBA is decoded). Inputs are generated once
// (ImageMagick `convert` + pdf-lib) into $TMPDIR/claimdesk-bench-package-v1.
//
// Figures and the ratios asked for:
//   - 300-row table: our build (cover, materials index, table, subtotals) vs a pdfkit table
//     with the same font, columns, wrapping, repeated header and page numbers;
//   - whole package vs reading + writing the same input bytes;
//   - peak memory (max RSS of a fresh process building once) vs 60 MB + 1.2 × input;
//   - output size vs input + 300 KB.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { buildPackage, writePackage, type PackageAttachment, type PackageInput } from '../../electron/core/pdf/index.ts';
import { locateNotoSansSC } from '../../electron/core/pdf/fonts.ts';
import { readFileInto } from '../../electron/core/files/readBuffer.ts';
import { EXPENSE_COLUMNS } from '../../electron/core/pdf/summary.ts';
import { KIND_LABELS } from '../../electron/core/pdf/labels.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { formatFen } from '../../shared/rules/moneyWords.ts';
import { evaluationFor, tripCase } from '../fixtures/pdf/cases.ts';

const INPUT_DIR = path.join(tmpdir(), 'claimdesk-bench-package-v1');
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const MB = 1024 * 1024;

// ---------------------------------------------------------------- inputs

interface Manifest {
  files: { materialId: string; title: string; fileName: string; mime: PackageAttachment['mime'] }[];
}

function convert(args: string[]): void {
  execFileSync('convert', args, { stdio: 'ignore' });
}

/** A JPEG with a comment segment after SOI, so that copies differ byte-wise. */
function withComment(jpeg: Uint8Array, text: string): Uint8Array {
  const body = Buffer.from(text, 'latin1');
  const seg = Buffer.alloc(4);
  seg[0] = 0xff;
  seg[1] = 0xfe;
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

async function ensureInputs(): Promise<Manifest> {
  const manifestFile = path.join(INPUT_DIR, 'manifest.json');
  if (existsSync(manifestFile)) return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  if (spawnSync('convert', ['-version'], { stdio: 'ignore' }).status !== 0) {
    console.log('ImageMagick `convert` is needed to generate the benchmark inputs (apt-get install imagemagick).');
    process.exit(0);
  }
  console.log(`generating inputs in ${INPUT_DIR} (once) …`);
  rmSync(INPUT_DIR, { recursive: true, force: true });
  mkdirSync(INPUT_DIR, { recursive: true });
  const font = existsSync(CJK_FONT) ? ['-font', CJK_FONT] : [];
  const files: Manifest['files'] = [];

  // Four A4 scans at 200 dpi with paper noise (~500 KB each), forty copies that differ.
  const bases: Uint8Array[] = [];
  for (let k = 0; k < 4; k++) {
    const out = path.join(INPUT_DIR, `base-${k}.jpg`);
    convert([
      '-size', '1654x2339', 'xc:#f6f4ee', '-attenuate', '0.65', '+noise', 'Gaussian', '-fill', '#222', ...font,
      '-pointsize', '44', '-annotate', '+150+200', `厦门市医疗收费票据 第 ${k + 1} 张`,
      '-pointsize', '28', '-annotate', '+150+320', '厦门大学附属第一医院  金额 1,409.50  票据号码 0000012345',
      '-fill', 'none', '-stroke', '#333', '-strokewidth', '3', '-draw', 'rectangle 100,100 1554,2239',
      ...(k === 3 ? ['-rotate', '-90'] : []),
      '-quality', '74', '-sampling-factor', '4:2:0', out,
    ]);
    bases.push(readFileSync(out));
    rmSync(out);
  }
  for (let i = 0; i < 40; i++) {
    const name = `scan-${String(i + 1).padStart(2, '0')}.jpg`;
    writeFileSync(path.join(INPUT_DIR, name), withComment(bases[i % 4]!, `claimdesk bench scan ${i}`));
    files.push({ materialId: i < 4 ? 'identity-document' : 'original-invoices', title: i < 4 ? '参保人身份证件' : '医疗费用原始发票', fileName: name, mime: 'image/jpeg' });
  }

  // Five PDFs of 26 scanned pages (~40 KB a page, as a scanner's PDF would be).
  const small = path.join(INPUT_DIR, 'small.jpg');
  convert(['-size', '1000x1414', 'xc:#f4f4f0', '-attenuate', '0.4', '+noise', 'Gaussian', '-fill', '#222', ...font, '-pointsize', '36', '-annotate', '+90+140', '费用明细清单', '-colorspace', 'Gray', '-quality', '55', small]);
  const pageJpeg = readFileSync(small);
  rmSync(small);
  for (let p = 0; p < 5; p++) {
    const doc = await PDFDocument.create();
    doc.setCreationDate(new Date('2024-01-01T00:00:00Z'));
    doc.setModificationDate(new Date('2024-01-01T00:00:00Z'));
    const helv = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 26; i++) {
      const img = await doc.embedJpg(withComment(pageJpeg, `pdf ${p} page ${i}`));
      const page = doc.addPage([595.28, 841.89]);
      page.drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
      page.drawText(`DETAIL LIST ${p + 1} - PAGE ${i + 1}`, { x: 40, y: 40, size: 10, font: helv });
    }
    const name = `list-${p + 1}.pdf`;
    writeFileSync(path.join(INPUT_DIR, name), await doc.save());
    files.push({ materialId: 'expense-list', title: '费用汇总清单', fileName: name, mime: 'application/pdf' });
  }

  // Three PNG scans: RGB and grey (passed through), RGBA (decoded into image + soft mask).
  convert(['-size', '1240x1754', 'xc:#f7f7f2', '-attenuate', '0.15', '+noise', 'Gaussian', '-fill', '#1a1a1a', ...font, '-pointsize', '34', '-annotate', '+120+160', '出院记录 RGB', '-strip', `PNG24:${path.join(INPUT_DIR, 'discharge-rgb.png')}`]);
  convert(['-size', '1654x2339', 'xc:#f2f2f2', '-attenuate', '0.1', '+noise', 'Gaussian', '-colorspace', 'Gray', '-fill', '#111', ...font, '-pointsize', '40', '-annotate', '+150+200', '出院记录 灰度', '-strip', '-define', 'png:color-type=0', '-depth', '8', path.join(INPUT_DIR, 'discharge-gray.png')]);
  convert(['-size', '1080x2340', 'xc:#ffffffe0', '-fill', '#1e6fd9', '-draw', 'rectangle 60,200 1020,700', '-fill', '#111', ...font, '-pointsize', '48', '-annotate', '+90+900', '电子票据截图 RGBA', '-strip', `PNG32:${path.join(INPUT_DIR, 'receipt-rgba.png')}`]);
  for (const name of ['discharge-rgb.png', 'discharge-gray.png', 'receipt-rgba.png']) {
    files.push({ materialId: 'original-invoices', title: '医疗费用原始发票', fileName: name, mime: 'image/png' });
  }
  const manifest: Manifest = { files };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  return manifest;
}

type InMemory = PackageAttachment & { bytes: Uint8Array };

/** Every input file read into memory first. */
function readAttachments(manifest: Manifest): InMemory[] {
  return manifest.files.map((f) => ({ ...f, bytes: readFileSync(path.join(INPUT_DIR, f.fileName)) }));
}

/** Each input file read when the builder gets to it, as the app and the CLI give them. */
function lazyAttachments(manifest: Manifest): PackageAttachment[] {
  return manifest.files.map((f) => {
    const file = path.join(INPUT_DIR, f.fileName);
    return { ...f, size: statSync(file).size, read: (into) => readFileInto(file, into) };
  });
}

function referenceInput(attachments: PackageAttachment[] | undefined): PackageInput {
  const pack = defaultPack();
  const caseFile = tripCase(300);
  caseFile.materials = [
    { id: 'identity-document', status: 'provided' },
    { id: 'social-security-card', status: 'provided' },
    { id: 'original-invoices', status: 'provided' },
    { id: 'expense-list', status: 'provided' },
  ];
  return {
    number: 'XM-2024-000123', caseFile, evaluation: evaluationFor(caseFile, pack), pack,
    preparedBy: '陈美玲', preparedOn: '2024-07-10', ...(attachments ? { attachments } : {}),
  };
}

// ---------------------------------------------------------------- pdfkit baseline

let fontBytes: { regular: Buffer; bold: Buffer } | undefined;

/** The same 300-row table with pdfkit: same font, columns, wrapping, repeated header, page numbers. */
async function pdfkitTable(input: PackageInput): Promise<Buffer> {
  const PDFKit = (await import('pdfkit')).default;
  if (!fontBytes) {
    const files = locateNotoSansSC();
    fontBytes = { regular: readFileSync(files.regular), bold: readFileSync(files.bold) };
  }
  const doc = new PDFKit({ size: 'A4', margin: 40, bufferPages: true, autoFirstPage: true, info: { CreationDate: new Date('2024-07-10') } });
  doc.registerFont('R', fontBytes.regular);
  doc.registerFont('B', fontBytes.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = 40;
  const width = 595.28 - 80;
  const total = EXPENSE_COLUMNS.reduce((s, c) => s + c.weight, 0);
  const widths = EXPENSE_COLUMNS.map((c) => (width * c.weight) / total);
  const size = 8.5, pad = 3.5, padY = 3;
  const bottom = 841.89 - 40;
  let y = 60;
  const row = (cells: string[], bold: boolean, fill: boolean): void => {
    doc.font(bold ? 'B' : 'R').fontSize(size);
    const h = Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * pad, lineGap: 1.5 }))) + 2 * padY;
    if (y + h > bottom) {
      doc.addPage();
      y = 60;
      row(EXPENSE_COLUMNS.map((c) => c.title), true, true);
      doc.font(bold ? 'B' : 'R').fontSize(size);
    }
    let x = left;
    cells.forEach((t, i) => {
      const w = widths[i]!;
      if (fill) doc.rect(x, y, w, h).fillAndStroke('#ebebeb', '#737373');
      else doc.rect(x, y, w, h).lineWidth(0.5).stroke('#737373');
      doc.fillColor('black').text(t, x + pad, y + padY, { width: w - 2 * pad, lineGap: 1.5, align: EXPENSE_COLUMNS[i]!.align ?? 'left' });
      x += w;
    });
    y += h;
  };
  doc.font('B').fontSize(15).text('医疗费用汇总表', left, 40, { width, align: 'center' });
  y = 70;
  row(EXPENSE_COLUMNS.map((c) => c.title), true, true);
  (input.caseFile.expenses ?? []).forEach((e, i) => {
    row([String(i + 1), e.date, e.institution, e.item ?? '', `${e.invoiceCode} ${e.invoiceNo}`, KIND_LABELS[e.kind], formatFen(e.amountFen)], false, false);
  });
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    doc.font('R').fontSize(8).fillColor('#595959').text(`第 ${p + 1} 页 / 共 ${range.count} 页`, left, 841.89 - 25, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

// ---------------------------------------------------------------- measuring

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed<T>(runs: number, warmup: number, fn: () => Promise<T>): Promise<{ ms: number; last: T }> {
  let last: T | undefined;
  for (let i = 0; i < warmup; i++) last = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last: last! };
}

const f1 = (n: number): string => n.toFixed(1);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** Peak resident memory since the last reset (Linux: VmHWM, reset by writing 5 to clear_refs). */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

interface ChildReport {
  /** RSS with the modules loaded, before any input is read. */
  before: number;
  /** Peak RSS while reading the inputs, building and writing (whole process). */
  peak: number;
  reset: boolean;
}

/** Child process: read the inputs and build once (buildPackage + write: 'build'; writePackage: 'write') or only copy them ('read'). */
async function child(mode: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(INPUT_DIR, 'manifest.json'), 'utf8')) as Manifest;
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const reset = resetPeak();
  if (mode === 'build') {
    const out = await buildPackage(referenceInput(readAttachments(manifest)));
    writeFileSync(path.join(tmpdir(), 'claimdesk-bench-package.pdf'), out.bytes);
  } else if (mode === 'write') {
    await writePackage(referenceInput(lazyAttachments(manifest)), path.join(tmpdir(), 'claimdesk-bench-package.pdf'));
  } else {
    const bytes = readAttachments(manifest).map((a) => a.bytes);
    writeFileSync(path.join(tmpdir(), 'claimdesk-bench-copy.bin'), Buffer.concat(bytes));
  }
  const report: ChildReport = { before, peak: peakRss(), reset };
  process.stdout.write(JSON.stringify(report));
}

/** The child's entry: the young generation kept small first, as `claimdesk package` keeps it. */
const CHILD_ENTRY = path.join(import.meta.dirname, '_packageChild.ts');

/**
 * Run a child in plain node: the bench is bundled with esbuild (a dependency of tsx), its
 * dependencies included, as the CLI and the batch workers ship — so the figure is not
 * inflated by tsx's loader or by the parts of pdf-lib a bundle leaves out. Falls back to tsx.
 */
async function childCommand(): Promise<{ args: string[]; how: string }> {
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'claimdesk-bench', 'package-child.mjs');
    await esbuild.build({
      entryPoints: [CHILD_ENTRY], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent', minifyWhitespace: true,
      external: ['pdfkit', 'esbuild', 'better-sqlite3'],
      banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    });
    return { args: ['--expose-gc', outfile], how: 'plain node, bundled with esbuild as the CLI is' };
  } catch {
    return { args: ['--expose-gc', '--import', 'tsx', CHILD_ENTRY], how: 'node --import tsx' };
  }
}

function runChild(cmd: string[], mode: string): ChildReport {
  const r = spawnSync(process.execPath, [...cmd, '--child', mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
}

async function main(): Promise<void> {
  const manifest = await ensureInputs();
  const attachments = readAttachments(manifest);
  const inputBytes = attachments.reduce((n, a) => n + a.bytes.length, 0);
  const byKind = (m: string): string => {
    const list = attachments.filter((a) => a.mime === m);
    return `${list.length} × ${f1(list.reduce((n, a) => n + a.bytes.length, 0) / list.length / 1024)} KB`;
  };
  console.log(`inputs: ${f1(inputBytes / MB)} MB — JPEG ${byKind('image/jpeg')}, PDF ${byKind('application/pdf')}, PNG ${byKind('image/png')}`);
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

  // 1. The 300-row table.
  const tableInput = referenceInput(undefined);
  const cold0 = performance.now();
  const first = await buildPackage(tableInput);
  const cold = performance.now() - cold0;
  // Interleaved, so that a busy machine slows both alike.
  const oursTimes: number[] = [];
  const kitTimes: number[] = [];
  let kitBytes: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 17; i++) {
    let t0 = performance.now();
    await buildPackage(tableInput);
    if (i >= 2) oursTimes.push(performance.now() - t0);
    t0 = performance.now();
    kitBytes = await pdfkitTable(tableInput);
    if (i >= 2) kitTimes.push(performance.now() - t0);
  }
  const ours = { ms: median(oursTimes), min: Math.min(...oursTimes) };
  const kit = { ms: median(kitTimes), min: Math.min(...kitTimes), last: kitBytes };
  console.log('300-row table');
  console.log(`  ours (cover + materials + table + subtotals, ${first.pages} pages): ${f1(ours.ms)} ms median, ${f1(ours.min)} min (first build in the process ${f1(cold)} ms: reads the fonts, cold JIT)`);
  console.log(`  pdfkit (the table alone, same font, ${f1(kit.last.length / 1024)} KB): ${f1(kit.ms)} ms median, ${f1(kit.min)} min`);
  console.log(`  ratio ours / pdfkit: ${ratio(ours.ms, kit.ms)} (medians), ${ratio(ours.min, kit.min)} (best); size ours ${f1(first.bytes.length / 1024)} KB`);

  // 2. The whole package vs reading and writing the input bytes.
  const outFile = path.join(tmpdir(), 'claimdesk-bench-package.pdf');
  const copyFile = path.join(tmpdir(), 'claimdesk-bench-copy.bin');
  // Interleaved rounds, each measure once per round, so that a busy machine or a disk flushing
  // its cache slows the baseline and the builds alike; medians over the rounds.
  const measures = {
    io: async () => {
      const bytes = readAttachments(manifest).map((a) => a.bytes);
      writeFileSync(copyFile, Buffer.concat(bytes));
      return undefined;
    },
    ioSynced: async () => {
      // The same, made durable as writePackage makes its output: fsync before it counts.
      const bytes = readAttachments(manifest).map((a) => a.bytes);
      const fd = openSync(copyFile, 'w');
      writeSync(fd, Buffer.concat(bytes));
      fsyncSync(fd);
      closeSync(fd);
      return undefined;
    },
    whole: async () => {
      const out = await buildPackage(referenceInput(readAttachments(manifest)));
      writeFileSync(outFile, out.bytes);
      return out;
    },
    streamed: async () => {
      await writePackage(referenceInput(lazyAttachments(manifest)), outFile);
      return undefined;
    },
    withoutAlpha: async () => {
      const out = await buildPackage(referenceInput(readAttachments(manifest).filter((a) => a.fileName !== 'receipt-rgba.png')));
      writeFileSync(outFile, out.bytes);
      return out;
    },
  };
  type Key = keyof typeof measures;
  const samples: Record<Key, number[]> = { io: [], ioSynced: [], whole: [], streamed: [], withoutAlpha: [] };
  let last: Awaited<ReturnType<typeof measures.whole>> | undefined;
  for (let round = 0; round < 9; round++) {
    for (const key of Object.keys(measures) as Key[]) {
      const t0 = performance.now();
      const r = await measures[key]();
      if (round > 0) samples[key].push(performance.now() - t0); // round 0 warms up
      if (key === 'whole') last = r as typeof last;
    }
  }
  const io = { ms: median(samples.io) };
  const ioSynced = { ms: median(samples.ioSynced) };
  const whole = { ms: median(samples.whole), last: last! };
  const streamed = { ms: median(samples.streamed) };
  const withoutAlpha = { ms: median(samples.withoutAlpha) };
  const built = whole.last;
  console.log('\nwhole package (read inputs, build, write)');
  console.log(`  ${built.pages} pages; read + write of the same bytes: ${f1(io.ms)} ms (median of 8 rounds, each measure once a round)`);
  console.log(`  buildPackage + writeFile: ${f1(whole.ms)} ms median, ratio ${ratio(whole.ms, io.ms)}`);
  console.log(`  writePackage (fsync included): ${f1(streamed.ms)} ms median, ratio ${ratio(streamed.ms, io.ms)}; against read + write + fsync (${f1(ioSynced.ms)} ms): ${ratio(streamed.ms, ioSynced.ms)}`);
  console.log(`  buildPackage without the RGBA PNG (the one input that must be decoded): ${f1(withoutAlpha.ms)} ms median, ratio ${ratio(withoutAlpha.ms, io.ms)}`);

  // 3. Peak memory of a fresh process (median of 3).
  const cmd = await childCommand();
  const runs = (mode: string): ChildReport => {
    const rs = [runChild(cmd.args, mode), runChild(cmd.args, mode), runChild(cmd.args, mode)].sort((a, b) => a.peak - b.peak);
    return rs[1]!;
  };
  const copy = runs('read');
  const build = runs('build');
  const stream = runs('write');
  const budget = 60 * MB + 1.2 * inputBytes;
  const show = (label: string, r: ChildReport): void => {
    console.log(`  ${label}: peak RSS ${f1(r.peak / MB)} MB, ratio to budget ${ratio(r.peak, budget)}; growth while building ${f1((r.peak - r.before) / MB)} MB = 60 MB + ${((r.peak - r.before - 60 * MB) / inputBytes).toFixed(2)} × input (${ratio(r.peak - r.before, budget)} of the budget)`);
  };
  console.log(`\npeak memory (fresh process, ${cmd.how}, young generation kept small from the start, as claimdesk package keeps it; ${build.reset ? 'VmHWM reset once the modules are loaded' : 'max RSS'})`);
  console.log(`  budget 60 MB + 1.2 × input = ${f1(budget / MB)} MB; a process with the modules loaded and nothing read: ${f1(build.before / MB)} MB`);
  show('buildPackage + writeFile', build);
  show('writePackage (streams)  ', stream);
  console.log(`  for scale, only reading + writing the inputs: growth ${f1((copy.peak - copy.before) / MB)} MB = ${((copy.peak - copy.before) / inputBytes).toFixed(2)} × input`);

  // 4. Size.
  const sizeBudget = inputBytes + 300 * 1024;
  console.log('\noutput size');
  console.log(`  ${f1(built.bytes.length / MB)} MB (${built.bytes.length} bytes) vs input + 300 KB = ${f1(sizeBudget / MB)} MB; ratio ${ratio(built.bytes.length, sizeBudget)}`);
  console.log(`  overhead over the input: ${f1((built.bytes.length - inputBytes) / 1024)} KB`);

  // The targets (peak memory counted two ways), each as a ratio with its verdict.
  const verdict = (label: string, value: number, limit: number, shown: string): void => {
    console.log(`  ${label.padEnd(46)} ${shown.padStart(7)}  (target ≤ ${limit}×) ${value <= limit ? 'ok' : 'MISS'}`);
  };
  console.log('\ntargets');
  verdict('300-row table / pdfkit', ours.ms / kit.ms, 0.5, ratio(ours.ms, kit.ms));
  verdict('whole package / read + write', whole.ms / io.ms, 2, ratio(whole.ms, io.ms));
  verdict('memory growth (writePackage) / budget', (stream.peak - stream.before) / budget, 1, ratio(stream.peak - stream.before, budget));
  verdict('peak RSS of the process / budget', stream.peak / budget, 1, ratio(stream.peak, budget));
  verdict('output size / (input + 300 KB)', built.bytes.length / sizeBudget, 1, ratio(built.bytes.length, sizeBudget));
  console.log(`\n(output: ${outFile}; inputs: ${INPUT_DIR} — ${readdirSync(INPUT_DIR).length} files)`);
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(process.argv[childAt + 1] ?? 'idle');
else await main();
