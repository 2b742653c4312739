// Attachments in the package: JPEGs byte for byte, PNGs without recompression, PDF pages
// copied in, scans fitted below the header and upright, bookmarks and page ranges — and
// bad files refused with a PackageError that names them. Checked with poppler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString } from '@cantoo/pdf-lib';
import { buildPackage, PackageError, writePackage, type PackageAttachment } from '../../electron/core/pdf/index.ts';
import { parsePng } from '../../electron/core/pdf/images/png.ts';
import { parseJpeg } from '../../electron/core/pdf/images/jpeg.ts';
import { materialTitle } from '../../electron/core/pdf/labels.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { HEADER_HEIGHT, FOOTER_HEIGHT } from '../../electron/core/pdf/geometry.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { evaluationFor, rng, tripCase } from '../fixtures/pdf/cases.ts';
import { ANNOTATED, attachment, fixture, makeAnnotatedPdf, makeLayeredPdf, makePdf } from '../fixtures/pdf/attachments.ts';
import { chunk, damagedPngs, encodePng } from '../fixtures/pdf/pngEncode.ts';
import { encodeJpeg } from '../fixtures/pdf/jpegEncode.ts';
import { pageCount, pdfimagesAll, pdfimagesList, pdfinfo, pdftotext, render, tempDir, words, writeTemp } from '../fixtures/pdf/poppler.ts';

const pack = defaultPack();
const caseFile = tripCase(12);
const evaluation = evaluationFor(caseFile, pack);
const NUMBER = 'XM-2024-000321';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function attachmentsSet(): Promise<(PackageAttachment & { bytes: Uint8Array })[]> {
  const pdf = await makePdf([{ label: 'PORTRAIT A4' }, { size: [841.89, 595.28], label: 'LANDSCAPE A4' }, { rotate: 90, label: 'ROTATED 90' }]);
  return [
    attachment('identity-document', '参保人身份证件', 'id-front.jpg', fixture('scan-portrait.jpg'), 'image/jpeg'),
    attachment('identity-document', '参保人身份证件', 'id-back.jpg', fixture('scan-exif6.jpg'), 'image/jpeg'),
    attachment('original-invoices', '医疗费用原始发票', 'invoices.pdf', pdf, 'application/pdf'),
    attachment('original-invoices', '医疗费用原始发票', 'rgb.png', fixture('scan-rgb.png'), 'image/png'),
    attachment('original-invoices', '医疗费用原始发票', 'rgba.png', fixture('scan-rgba.png'), 'image/png'),
    attachment('original-invoices', '医疗费用原始发票', 'palette.png', fixture('scan-palette.png'), 'image/png'),
  ];
}

async function build(attachments: PackageAttachment[]) {
  return buildPackage({ number: NUMBER, caseFile, evaluation, pack, preparedBy: '陈美玲', preparedOn: '2024-07-10', attachments });
}

const built = (async () => {
  const attachments = await attachmentsSet();
  const out = await build(attachments);
  return { attachments, out, file: writeTemp(out.bytes) };
})();

/** 1-based page of the first page whose header names `fileName`. */
function pageOf(file: string, fileName: string): number {
  const text = pdftotext(file).split('\f');
  const i = text.findIndex((t) => t.includes(`· ${fileName}`));
  assert.ok(i >= 0, `a page for ${fileName}`);
  return i + 1;
}

test('pdf attachments: every file is in, one page a scan or PDF page, after the generated sections', async () => {
  const { out, file } = await built;
  const pages = pageCount(file);
  assert.equal(out.pages, pages);
  // cover, materials, expenses (1 page for 12 lines + subtotals), then 2 JPEG + 3 PDF pages + 3 PNG.
  assert.equal(pageOf(file, 'id-front.jpg'), pages - 7);
  assert.equal(pageOf(file, 'palette.png'), pages);
  const text = pdftotext(file);
  for (const t of ['PORTRAIT A4', 'LANDSCAPE A4', 'ROTATED 90']) assert.ok(text.includes(t), `PDF page ${t} copied in`);
});

test('pdf attachments: JPEGs are embedded byte for byte (pdfimages -all gives back the same SHA-256)', async () => {
  const { attachments, file } = await built;
  const jpegs = pdfimagesAll(file).filter((f) => f.endsWith('.jpg'));
  assert.equal(jpegs.length, 2);
  const inside = new Set(jpegs.map((f) => sha(readFileSync(f))));
  for (const a of attachments.filter((x) => x.mime === 'image/jpeg')) assert.ok(inside.has(sha(a.bytes)), `${a.fileName} unchanged`);
});

test('pdf attachments: an 8-bit RGB PNG passes through as its own IDAT data (FlateDecode with predictors)', async () => {
  const { out, file } = await built;
  const png = fixture('scan-rgb.png');
  // Concatenated IDAT chunk data of the fixture.
  const parts: Buffer[] = [];
  for (let i = 8; i < png.length;) {
    const len = Buffer.from(png).readUInt32BE(i);
    const type = Buffer.from(png.subarray(i + 4, i + 8)).toString('latin1');
    if (type === 'IDAT') parts.push(Buffer.from(png.subarray(i + 8, i + 8 + len)));
    i += 12 + len;
  }
  const idat = Buffer.concat(parts);
  assert.ok(Buffer.from(out.bytes).indexOf(idat) > 0, 'the IDAT bytes are in the PDF unchanged');
  const list = pdfimagesList(file);
  const rgb = list.find((r) => r.width === 300 && r.height === 200)!;
  assert.equal(rgb.color, 'rgb');
  assert.equal(rgb.bpc, 8);
  // RGBA keeps its alpha as a soft mask; the palette image stays indexed.
  assert.ok(list.some((r) => r.color === 'gray' && r.width === 200 && r.height === 120), 'an smask for the RGBA scan');
  assert.ok(list.some((r) => r.color === 'index'), 'the palette PNG stays indexed');
});

test('pdf attachments: the EXIF-rotated scan prints upright, like the unrotated one', async () => {
  const { file } = await built;
  for (const name of ['id-front.jpg', 'id-back.jpg']) {
    const page = pageOf(file, name);
    const r = render(file, page, 30);
    assert.ok(r.height > r.width, `${name}: portrait page`);
    // The red arrow (#c0392b) of the scan sits in its top part.
    let sumY = 0, n = 0;
    for (let y = 0; y < r.height; y++) {
      for (let x = 0; x < r.width; x++) {
        const o = (y * r.width + x) * 3;
        if (r.data[o]! > 150 && r.data[o + 1]! < 90 && r.data[o + 2]! < 80) { sumY += y; n++; }
      }
    }
    assert.ok(n > 20, `${name}: the red arrow is visible`);
    assert.ok(sumY / n < r.height * 0.3, `${name}: the arrow is at the top (mean y ${(sumY / n).toFixed(0)} of ${r.height})`);
  }
});

test('pdf attachments: landscape and /Rotate pages get landscape pages; scans sit between header and page number', async () => {
  const { out, file } = await built;
  const doc = await PDFDocument.load(out.bytes);
  const pages = doc.getPages();
  const landscapePage = pageOf(file, 'invoices.pdf') + 1;
  for (const p of [landscapePage, landscapePage + 1]) {
    const { width, height } = pages[p - 1]!.getSize();
    assert.ok(width > height, `page ${p} is landscape`);
  }
  const first = pageOf(file, 'id-front.jpg');
  for (let p = first; p <= pages.length; p++) {
    const page = pages[p - 1]!;
    const { height } = page.getSize();
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const text = streams.map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1')).join('\n');
    const m = /q (\S+) (\S+) (\S+) (\S+) re W n/.exec(text);
    assert.ok(m, `page ${p} clips its scan`);
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    assert.ok(y >= FOOTER_HEIGHT - 0.01, `page ${p}: the scan stays above the page number`);
    assert.ok(y + h <= height - HEADER_HEIGHT + 0.01, `page ${p}: the scan stays below the header`);
    assert.ok(w > 0 && x >= 0);
    const header = words(file, p, p).filter((wd) => wd.yMax < HEADER_HEIGHT);
    assert.ok(header.some((wd) => wd.text.includes(NUMBER)), `page ${p}: header names the case`);
  }
});

/** The box (PDF space) the package page draws its scan or PDF page into: the clip it sets. */
async function scanBox(bytes: Uint8Array, page: number): Promise<[number, number, number, number]> {
  const doc = await PDFDocument.load(bytes);
  const node = doc.getPages()[page - 1]!.node;
  const contents = node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  const text = streams.map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1')).join('\n');
  const m = /q (\S+) (\S+) (\S+) (\S+) re W n/.exec(text)!;
  return m.slice(1).map(Number) as [number, number, number, number];
}

test('pdf attachments: annotations and filled form fields of an attached PDF are drawn into its page (a seal as a /Stamp, a text field, a ticked box), where their /Rect is', async () => {
  const out = await build([attachment('original-invoices', '医疗费用原始发票', 'e-invoice.pdf', await makeAnnotatedPdf(), 'application/pdf')]);
  const file = writeTemp(out.bytes);
  const page = pageOf(file, 'e-invoice.pdf');
  const text = pdftotext(file, '-f', String(page), '-l', String(page));
  assert.ok(text.includes('SEAL 2024'), 'the stamp\'s text');
  assert.ok(text.includes(ANNOTATED.text.value), 'the text field\'s value');
  assert.ok(!text.includes('HIDDEN STAMP'), 'a hidden annotation stays hidden');
  assert.ok(!text.includes('SCREEN ONLY'), 'an annotation that printing the attachment would leave out is left out');
  assert.ok(!text.includes(ANNOTATED.bare.value), 'a field without an appearance cannot be drawn (and does not fail the package)');

  // Where the stamp must be: its /Rect on the A4 source page, scaled into the box the package draws the page in.
  const [bx, by, bw] = await scanBox(out.bytes, page);
  const s = bw / 595.28;
  const dpi = 72;
  const r = render(file, page, dpi);
  const px = (pt: number) => (pt * dpi) / 72;
  const [x0, y0, x1, y1] = ANNOTATED.stamp;
  const want = { left: px(bx + x0 * s), right: px(bx + x1 * s), top: r.height - px(by + y1 * s), bottom: r.height - px(by + y0 * s) };
  const red = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
  let blue = 0;
  const dark = (rect: { x: number; y: number; width: number; height: number }): number => {
    let n = 0;
    for (let y = Math.floor(r.height - px(by + (rect.y + rect.height) * s)); y < r.height - px(by + rect.y * s); y++) {
      for (let x = Math.floor(px(bx + rect.x * s)); x < px(bx + (rect.x + rect.width) * s); x++) if (r.data[(y * r.width + x) * 3]! < 100) n++;
    }
    return n;
  };
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const o = (y * r.width + x) * 3;
      const [R, G, B] = [r.data[o]!, r.data[o + 1]!, r.data[o + 2]!];
      if (R > 200 && G < 60 && B < 60) {
        red.left = Math.min(red.left, x);
        red.right = Math.max(red.right, x + 1);
        red.top = Math.min(red.top, y);
        red.bottom = Math.max(red.bottom, y + 1);
      }
      if (B > 150 && R < 100 && G < 100) blue++;
    }
  }
  for (const edge of ['left', 'right', 'top', 'bottom'] as const) {
    assert.ok(Math.abs(red[edge] - want[edge]) <= 1.5, `the stamp's ${edge} edge at ${red[edge]}, its /Rect's at ${want[edge].toFixed(1)} (pixels)`);
  }
  assert.equal(blue, 0, 'the stamp covers the blue box drawn under its /Rect');
  // The ticked box shows its tick; the unticked one only its border.
  assert.ok(dark(ANNOTATED.checked) > dark(ANNOTATED.unchecked) + 10, `ticked ${dark(ANNOTATED.checked)} dark pixels, unticked ${dark(ANNOTATED.unchecked)}`);

  // Not annotations or a form any more: drawn.
  const doc = await PDFDocument.load(out.bytes);
  const annots = doc.context.lookup(doc.getPages()[page - 1]!.node.get(PDFName.of('Annots')));
  assert.ok(annots === undefined || (annots instanceof PDFArray && annots.size() === 0), 'no annotations on the page');
  assert.equal(doc.catalog.get(PDFName.of('AcroForm')), undefined);
});

/** The package's /OCProperties: its groups, those /D has off, its /D entries, and the document (to look refs up). */
async function optionalContentOf(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const properties = doc.catalog.lookup(PDFName.of('OCProperties'));
  if (properties === undefined) return undefined;
  assert.ok(properties instanceof PDFDict);
  const refs = (a: unknown): PDFRef[] => (a instanceof PDFArray ? a.asArray() as PDFRef[] : []);
  const d = properties.lookup(PDFName.of('D'), PDFDict);
  const name = (ref: PDFRef): string => (doc.context.lookup(ref, PDFDict).lookup(PDFName.of('Name')) as PDFString).decodeText();
  return { doc, d, groups: refs(properties.lookup(PDFName.of('OCGs'))).map(name), off: refs(d.lookup(PDFName.of('OFF'))).map(name), refs, name };
}

const HIDDEN_TEXT = ['HIDDEN LAYER OFF', 'HIDDEN FORM', 'HIDDEN ANNOT', 'HIDDEN BY OCMD', 'HIDDEN ON PAGE TWO'];

test('pdf attachments: content in a layer the attached PDF hides by default stays hidden in the package — marked content, a form XObject, an annotation, an /OCMD — and the layers it shows stay', async () => {
  for (const baseOff of [false, true]) {
    const how = baseOff ? '/BaseState /OFF with /ON' : '/OFF';
    const out = await build([attachment('original-invoices', '医疗费用原始发票', 'layers.pdf', await makeLayeredPdf({ baseOff }), 'application/pdf')]);
    const file = writeTemp(out.bytes);
    const first = pageOf(file, 'layers.pdf');
    const text = pdftotext(file, '-f', String(first), '-l', String(first + 1));
    for (const shown of ['VISIBLE BASE', 'SHOWN LAYER ON', 'PAGE TWO']) assert.ok(text.includes(shown), `${how}: ${shown} is printed`);
    for (const hidden of HIDDEN_TEXT) assert.ok(!text.includes(hidden), `${how}: ${hidden} is not printed`);
    // The hidden layer paints a red box, the shown one a green box.
    const r = render(file, first, 40);
    let red = 0, green = 0;
    for (let o = 0; o < r.data.length; o += 3) {
      const [R, G, B] = [r.data[o]!, r.data[o + 1]!, r.data[o + 2]!];
      if (R > 200 && G < 60 && B < 60) red++;
      if (G > 120 && R < 60 && B < 60) green++;
    }
    assert.equal(red, 0, `${how}: no red box`);
    assert.ok(green > 100, `${how}: the green box (${green} pixels)`);
    // The groups the pages use, each once (shared by both pages); not the one no page uses.
    const oc = (await optionalContentOf(out.bytes))!;
    assert.deepEqual(oc.groups.sort(), ['Hidden', 'Shown'], how);
    assert.deepEqual(oc.off, ['Hidden'], how);
    assert.equal(oc.d.get(PDFName.of('Order')), undefined, 'no /Order: the package is printed, a layer list is not needed');
  }
});

test('pdf attachments: layers of several attached PDFs are merged into the package\'s /OCProperties; a package of PDFs without layers has none', async () => {
  const plain = (await attachmentsSet()).filter((a) => a.mime === 'application/pdf');
  const without = await build(plain);
  assert.equal(await optionalContentOf(without.bytes), undefined, 'no /OCProperties without layers');
  const out = await build([
    attachment('original-invoices', '医疗费用原始发票', 'layers-a.pdf', await makeLayeredPdf(), 'application/pdf'),
    ...plain,
    attachment('expense-list', '费用汇总清单', 'layers-b.pdf', await makeLayeredPdf({ baseOff: true }), 'application/pdf'),
  ]);
  const oc = (await optionalContentOf(out.bytes))!;
  assert.deepEqual(oc.groups, ['Hidden', 'Shown', 'Hidden', 'Shown'], 'each PDF\'s groups, in the order the files go in');
  assert.deepEqual(oc.off, ['Hidden', 'Hidden']);
  const file = writeTemp(out.bytes);
  for (const name of ['layers-a.pdf', 'layers-b.pdf']) {
    const page = pageOf(file, name);
    const text = pdftotext(file, '-f', String(page), '-l', String(page + 1));
    assert.ok(text.includes('SHOWN LAYER ON') && text.includes('PAGE TWO'), name);
    for (const hidden of HIDDEN_TEXT) assert.ok(!text.includes(hidden), `${name}: ${hidden}`);
  }
});

test('pdf attachments: a watermark layer that is off on screen and printed (/Usage /Print, /D /AS) keeps those rules in the package', async () => {
  const out = await build([attachment('original-invoices', '医疗费用原始发票', 'copy.pdf', await makeLayeredPdf({ watermark: true }), 'application/pdf')]);
  const oc = (await optionalContentOf(out.bytes))!;
  assert.deepEqual(oc.groups.sort(), ['Hidden', 'Shown', 'Watermark']);
  assert.deepEqual(oc.off.sort(), ['Hidden', 'Watermark'], 'off in the default (viewing) state, as in the source');
  const rules = oc.d.lookup(PDFName.of('AS'), PDFArray).asArray().map((e) => {
    const entry = oc.doc.context.lookup(e, PDFDict);
    return [entry.get(PDFName.of('Event'))!.toString(), entry.lookup(PDFName.of('Category'), PDFArray).asArray().map(String), oc.refs(entry.lookup(PDFName.of('OCGs'))).map(oc.name)];
  });
  assert.deepEqual(rules, [['/Print', ['/Print'], ['Watermark']], ['/View', ['/View'], ['Watermark']]]);
  // The group itself came with its /Usage: printing turns it on.
  const watermark = oc.refs(oc.doc.catalog.lookup(PDFName.of('OCProperties'), PDFDict).lookup(PDFName.of('OCGs'))).find((r) => oc.name(r) === 'Watermark')!;
  const usage = oc.doc.context.lookup(watermark, PDFDict).lookup(PDFName.of('Usage'), PDFDict);
  assert.equal(usage.lookup(PDFName.of('Print'), PDFDict).get(PDFName.of('PrintState')), PDFName.of('ON'));
  const file = writeTemp(out.bytes);
  assert.ok(!pdftotext(file).includes('COPY WATERMARK'), 'not shown in the default view');
});

test('pdf attachments: the materials index gives the pages of each material', async () => {
  const { file } = await built;
  const index = pdftotext(file, '-f', '2', '-l', '2');
  const front = pageOf(file, 'id-front.jpg');
  const last = pageCount(file);
  assert.ok(index.includes(`第 ${front}–${front + 1} 页`), 'identity document pages');
  assert.ok(index.includes(`第 ${front + 2}–${last} 页`), 'invoice pages');
});

test('pdf attachments: bookmarks for every section, material and file', async () => {
  const { out, file } = await built;
  const doc = await PDFDocument.load(out.bytes);
  const refs = doc.getPages().map((p) => p.ref);
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
  const read = (dict: PDFDict | undefined, depth: number, acc: string[]): string[] => {
    let item = dict;
    while (item) {
      const title = item.lookup(PDFName.of('Title'));
      const text = title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : '?';
      const dest = item.lookup(PDFName.of('Dest'), PDFArray);
      const page = refs.findIndex((r) => r === dest.get(0) || (dest.get(0) instanceof PDFRef && r.toString() === dest.get(0).toString())) + 1;
      acc.push(`${'  '.repeat(depth)}${text} @${page}`);
      read(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1, acc);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
    return acc;
  };
  const tree = read(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0, []);
  const front = pageOf(file, 'id-front.jpg');
  assert.deepEqual(tree, [
    '封面 @1',
    '申请材料清单 @2',
    '医疗费用汇总表 @3',
    '  费用小计 @3',
    '附件 @' + front,
    '  参保人身份证件 @' + front,
    '    id-front.jpg @' + front,
    '    id-back.jpg @' + (front + 1),
    '  医疗费用原始发票 @' + (front + 2),
    '    invoices.pdf @' + (front + 2),
    '    rgb.png @' + (front + 5),
    '    rgba.png @' + (front + 6),
    '    palette.png @' + (front + 7),
  ]);
});

test('pdf attachments: metadata, and the same input gives the same bytes', async () => {
  const { out, file } = await built;
  const info = pdfinfo(file);
  assert.equal(info['Title'], `零星报销申请材料 ${NUMBER} 林晓燕`);
  assert.equal(info['Author'], '陈美玲');
  assert.match(info['CreationDate'] ?? '', /2024/);
  const again = await build(await attachmentsSet());
  assert.equal(sha(again.bytes), sha(out.bytes));
});

test('pdf attachments: an interlaced PNG is de-interlaced and embedded', async () => {
  const out = await build([attachment('original-invoices', '医疗费用原始发票', 'interlaced.png', fixture('scan-interlaced.png'), 'image/png')]);
  const file = writeTemp(out.bytes);
  assert.ok(pdfimagesList(file).some((r) => r.width === 200 && r.height === 120));
});

test('pdf attachments: an interlaced 16-bit RGBA PNG keeps 16 bits per component, in colour and in its soft mask', async () => {
  const bytes = fixture('scan-rgba16-interlaced.png');
  const png = parsePng(bytes);
  assert.ok(png.interlaced && png.bitDepth === 16 && png.colorType === 6, 'the fixture is what it says');
  const out = await build([attachment('original-invoices', '医疗费用原始发票', 'rgba16.png', bytes, 'image/png')]);
  const images = pdfimagesList(writeTemp(out.bytes)).filter((r) => r.width === 64 && r.height === 48);
  // pdf-lib's decoder, used for interlaced PNGs before, wrote 8 bits.
  assert.deepEqual(images.map((r) => [r.color, r.bpc]), [['rgb', 16], ['gray', 16]]);
});

test('pdf attachments: writePackage streams the same bytes to a file, with their SHA-256; poppler reads it without complaint', async () => {
  const { out } = await built;
  const dir = tempDir();
  const file = path.join(dir, 'package.pdf');
  const written = await writePackage({ number: NUMBER, caseFile, evaluation, pack, preparedBy: '陈美玲', preparedOn: '2024-07-10', attachments: await attachmentsSet() }, file);
  const bytes = readFileSync(file);
  assert.equal(written.bytes, bytes.length);
  assert.equal(written.sha256, sha(bytes));
  assert.equal(sha(bytes), sha(out.bytes));
  assert.deepEqual(readdirSync(dir), ['package.pdf'], 'no temporary file left');
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.equal(info.stderr, '', 'no syntax or xref errors');
  execFileSync('pdftotext', [file, '/dev/null']);
});

/** The JPEG with a comment segment of `size` bytes after its SOI marker: the same picture, a bigger file. */
function withComment(jpeg: Uint8Array, size: number): Uint8Array {
  const segment = Buffer.alloc(4 + size, 0x20);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(size + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

test('pdf attachments: files read when needed go in one at a time — each written to the file before the next is read, into one reused buffer — with the same bytes', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'package.pdf');
  const temp = (): string => path.join(dir, readdirSync(dir).find((f) => f.endsWith('.tmp'))!);
  // Scans of a real size (the small fixtures would sit in the writer's 64 KB staging buffer),
  // and every kind of file: JPEG, PDF, PNG passed through, split (RGBA), palette with alpha,
  // interlaced (de-interlaced into a new buffer).
  const set = [
    ...(await attachmentsSet()).map((a) => (a.mime === 'image/jpeg' ? { ...a, bytes: withComment(a.bytes, 60_000) } : a)),
    attachment('original-invoices', '医疗费用原始发票', 'interlaced.png', fixture('scan-interlaced.png'), 'image/png'),
    attachment('original-invoices', '医疗费用原始发票', 'last.jpg', withComment(fixture('scan-portrait.jpg'), 64_000), 'image/jpeg'),
  ];
  const out = await build(set);
  const reads: string[] = [];
  const buffers = new Set<ArrayBufferLike>();
  let writing = false; // the temporary file exists only while writePackage runs
  const lazy: PackageAttachment[] = set.map(({ bytes, ...a }, i) => ({
    ...a,
    size: bytes.length,
    read: (into) => {
      reads.push(a.fileName);
      if (writing && i > 0 && set[i - 1]!.mime === 'image/jpeg') {
        // The scan before this one is in the file already: its bytes need not stay in memory.
        assert.ok(readFileSync(temp()).indexOf(set[i - 1]!.bytes) > 0, `${set[i - 1]!.fileName} written before ${a.fileName} is read`);
      }
      // As readFileInto does: the bytes land in the builder's buffer, over the last file's.
      const b = into.take(bytes.length);
      b.set(bytes);
      buffers.add(b.buffer);
      return b;
    },
  }));
  writing = true;
  const written = await writePackage({ number: NUMBER, caseFile, evaluation, pack, preparedBy: '陈美玲', preparedOn: '2024-07-10', attachments: lazy }, file);
  writing = false;
  assert.deepEqual(reads, set.map((a) => a.fileName), 'each file read once, in order');
  assert.ok(buffers.size < set.length, 'the read buffer is reused');
  assert.equal(written.sha256, sha(out.bytes), 'the same bytes as with the files in memory');
  assert.equal(sha(readFileSync(file)), sha(out.bytes));
  // And in memory: the same bytes again.
  const inMemory = await build(lazy);
  assert.equal(sha(inMemory.bytes), sha(out.bytes), 'buildPackage with files read into one buffer');
});

test('pdf attachments: a file that vanished before it was read fails the package naming it, and the package already there stays', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'package.pdf');
  const before = new TextEncoder().encode('%PDF-1.7 the package built yesterday');
  writeFileSync(file, before);
  const [front, back] = await attachmentsSet();
  const vanished: PackageAttachment = {
    materialId: back!.materialId, title: back!.title, fileName: 'id-back.jpg', mime: 'image/jpeg', size: back!.bytes.length,
    read: () => readFileSync(path.join(dir, 'no-such-scan.jpg')),
  };
  await assert.rejects(
    writePackage({ number: NUMBER, caseFile, evaluation, pack, preparedOn: '2024-07-10', attachments: [front!, vanished] }, file),
    (e: unknown) => {
      assert.ok(e instanceof PackageError, String(e));
      assert.equal(e.code, 'missing');
      assert.equal(e.fileName, 'id-back.jpg');
      assert.match(e.message, /id-back\.jpg: the file is not there any more \(moved, renamed or deleted/);
      return true;
    },
  );
  assert.deepEqual(readdirSync(dir), ['package.pdf'], 'no temporary file left');
  assert.deepEqual(new Uint8Array(readFileSync(file)), before, 'the earlier package is untouched');
});

async function rejects(a: PackageAttachment, code: string): Promise<void> {
  await assert.rejects(build([a]), (e: unknown) => {
    assert.ok(e instanceof PackageError, `${a.fileName}: PackageError, got ${String(e)}`);
    assert.equal(e.fileName, a.fileName);
    assert.equal(e.materialId, a.materialId);
    assert.equal(e.code, code, `${a.fileName}: ${e.message}`);
    assert.ok(e.message.includes(a.fileName), 'the message names the file');
    return true;
  });
}

test('pdf attachments: bad files throw PackageError naming the file', async () => {
  const jpg = fixture('scan-portrait.jpg');
  const png = fixture('scan-rgb.png');
  const badCrc = new Uint8Array(png);
  badCrc[60] = badCrc[60]! ^ 0xff;
  const pdf = await makePdf([{}, {}]);
  await rejects(attachment('identity-document', '身份证', 'empty.jpg', new Uint8Array(0), 'image/jpeg'), 'empty');
  await rejects(attachment('identity-document', '身份证', 'half.jpg', jpg.subarray(0, jpg.length >> 1), 'image/jpeg'), 'corrupt');
  await rejects(attachment('identity-document', '身份证', 'header-only.jpg', jpg.subarray(0, 300), 'image/jpeg'), 'corrupt');
  await rejects(attachment('identity-document', '身份证', 'noise.jpg', new Uint8Array(4096).fill(7), 'image/jpeg'), 'unsupported');
  await rejects(attachment('original-invoices', '发票', 'bad-crc.png', badCrc, 'image/png'), 'corrupt');
  await rejects(attachment('original-invoices', '发票', 'short.png', png.subarray(0, 1500), 'image/png'), 'corrupt');
  await rejects(attachment('original-invoices', '发票', 'locked.pdf', await makePdf([{}], { userPassword: 'secret' }), 'application/pdf'), 'encrypted');
  await rejects(attachment('original-invoices', '发票', 'half.pdf', pdf.subarray(0, pdf.length >> 1), 'application/pdf'), 'corrupt');
  await rejects(attachment('original-invoices', '发票', 'junk.pdf', new TextEncoder().encode('%PDF-1.4\nnot a pdf\n%%EOF'), 'application/pdf'), 'corrupt');
  await rejects(attachment('original-invoices', '发票', 'empty.pdf', new Uint8Array(0), 'application/pdf'), 'empty');
});

/** A binary PNM file (P5 grey or P6 RGB, 8-bit) as pdfimages writes it. */
function readPnm(file: string): { channels: number; width: number; height: number; data: Uint8Array } {
  const bytes = readFileSync(file);
  const m = /^(P[56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
  return { channels: m[1] === 'P6' ? 3 : 1, width: Number(m[2]), height: Number(m[3]), data: bytes.subarray(m[0].length) };
}

test('pdf attachments: RGBA and grey+alpha PNGs come back from poppler pixel for pixel — colour and soft mask, every row filter, small and large', async () => {
  for (const [colorType, channels, width, height] of [[6, 4, 53, 29], [4, 2, 53, 29], [6, 4, 700, 420], [4, 2, 1200, 480]] as const) {
    // Smooth noise in every channel, so every filter type meets real neighbours.
    const rows = new Uint8Array(width * height * channels);
    let v = 97;
    for (let i = 0; i < rows.length; i++) rows[i] = v = (v * 73 + (i % 7) * 31 + 11) & 0xff;
    const png = encodePng({ width, height, colorType, bitDepth: 8, rows, filters: [0, 1, 2, 3, 4, 2, 4, 3, 1] });
    const out = await build([attachment('original-invoices', '医疗费用原始发票', `alpha-${colorType}.png`, png, 'image/png')]);
    const dir = tempDir('claimdesk-alpha-');
    execFileSync('pdfimages', [writeTemp(out.bytes, 'alpha.pdf', dir), path.join(dir, 'img')]);
    const images = readdirSync(dir).filter((f) => f.startsWith('img')).sort().map((f) => readPnm(path.join(dir, f)));
    const ours = images.filter((i) => i.width === width && i.height === height);
    assert.equal(ours.length, 2, `the image and its soft mask (${width} × ${height})`);
    // pdfimages writes an image, then its soft mask; grey may come out as PPM with r = g = b.
    const [image, mask] = ours as [typeof ours[0], typeof ours[0]];
    const sample = (img: typeof image, p: number, k: number): number | undefined => img.data[img.channels === 1 ? p : p * 3 + k];
    for (let p = 0; p < width * height; p++) {
      for (let k = 0; k < image.channels; k++) {
        assert.equal(sample(image, p, k), rows[p * channels + (channels === 2 ? 0 : k)], `colour, pixel ${p}`);
      }
      for (let k = 0; k < mask.channels; k++) assert.equal(sample(mask, p, k), rows[p * channels + channels - 1], `alpha, pixel ${p}`);
    }
  }
});

test('pdf attachments: RGB and grey PNGs written as many IDAT chunks pass through piece by piece — poppler gives back every pixel, read into a buffer the next file overwrites', async () => {
  for (const [colorType, channels] of [[2, 3], [0, 1]] as const) {
    const width = 640, height = 300;
    const random = rng(colorType);
    const rows = new Uint8Array(width * height * channels).map(() => Math.floor(random() * 256));
    const png = encodePng({ width, height, colorType, bitDepth: 8, rows, filters: [0, 1, 2, 3, 4] });
    assert.ok(parsePng(png).idat.length > 50, `many IDAT chunks, as scanners write them (${parsePng(png).idat.length})`);
    const files = [
      attachment('original-invoices', '医疗费用原始发票', `pieces-${colorType}.png`, png, 'image/png'),
      attachment('original-invoices', '医疗费用原始发票', 'after.jpg', withComment(fixture('scan-portrait.jpg'), 60_000), 'image/jpeg'),
    ];
    const lazy: PackageAttachment[] = files.map(({ bytes, ...a }) => ({
      ...a, size: bytes.length, read: (into) => { const b = into.take(bytes.length); b.set(bytes); return b; },
    }));
    const out = await build(lazy);
    assert.equal(sha(out.bytes), sha((await build(files)).bytes), 'the same bytes as with the files in memory');
    const dir = tempDir('claimdesk-pieces-');
    execFileSync('pdfimages', [writeTemp(out.bytes, 'pieces.pdf', dir), path.join(dir, 'img')]);
    const image = readdirSync(dir).filter((f) => f.startsWith('img')).sort().map((f) => readPnm(path.join(dir, f))).find((i) => i.width === width && i.height === height)!;
    assert.ok(image, `the ${width} × ${height} image`);
    // Grey may come out of pdfimages as PPM with r = g = b.
    const expected = image.channels === channels ? rows : new Uint8Array(width * height * 3).map((_, i) => rows[Math.floor(i / 3)]!);
    assert.ok(Buffer.from(image.data).equals(Buffer.from(expected)), `every pixel of the ${colorType === 2 ? 'RGB' : 'grey'} image`);
  }
});

test('pdf attachments: a large RGBA PNG whose rows are broken (checksums fine) fails the package naming the file', async () => {
  const width = 800, height = 400;
  const rows = new Uint8Array(width * height * 4).fill(90);
  const good = encodePng({ width, height, colorType: 6, bitDepth: 8, rows, filters: [0] });
  // Re-encode with a row filter of 9 (no such filter): valid zlib, valid CRCs, bad rows.
  const raw = new Uint8Array((width * 4 + 1) * height).fill(90);
  for (let y = 0; y < height; y++) raw[y * (width * 4 + 1)] = y === 123 ? 9 : 0;
  const idat = deflateSync(raw);
  const ihdrEnd = 8 + 12 + 13;
  const broken = Buffer.concat([Buffer.from(good.subarray(0, ihdrEnd)), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
  await rejects(attachment('original-invoices', '发票', 'screenshot-broken.png', broken, 'image/png'), 'corrupt');
  await rejects(attachment('original-invoices', '发票', 'screenshot-not-zlib.png',
    Buffer.concat([Buffer.from(good.subarray(0, ihdrEnd)), chunk('IDAT', new Uint8Array(5000).fill(0x41)), chunk('IEND', new Uint8Array(0))]), 'image/png'), 'corrupt');
});

test('attachments: check and import refuse a PNG whose compressed rows are damaged, as the package does (checkAttachment); every valid kind still passes', async () => {
  const { checkAttachment } = await import('../../electron/core/files/fileChecks.ts');
  for (const { name, bytes } of damagedPngs()) {
    const refused = await checkAttachment(bytes);
    assert.equal(refused.ok, false, name);
    assert.match((refused as { reason: string }).reason, /^corrupt PNG: (image data does not decompress|image data is short|unknown row filter 9)/, name);
  }
  const png = fixture('scan-rgb.png');
  const badCrc = new Uint8Array(png);
  badCrc[60] = badCrc[60]! ^ 0xff;
  assert.deepEqual(await checkAttachment(badCrc), { ok: false, reason: 'corrupt PNG: checksum of chunk IDAT does not match' }, 'a checksum, as the builder checks it');
  for (const name of ['scan-rgb.png', 'scan-rgba.png', 'scan-palette.png', 'scan-interlaced.png', 'scan-rgba16-interlaced.png']) {
    assert.deepEqual(await checkAttachment(fixture(name)), { ok: true, mime: 'image/png' }, name);
  }
  const grey16 = encodePng({ width: 30, height: 7, colorType: 0, bitDepth: 16, rows: new Uint8Array(60 * 7).map((_, i) => i), filters: [0, 1, 2, 3, 4] });
  assert.deepEqual(await checkAttachment(grey16), { ok: true, mime: 'image/png' }, '16-bit grey');
});

/** The PDF encrypted by qpdf (as other producers do it): `bits` 40 / 128 (RC4 or AES) / 256 (AES). */
function qpdfEncrypted(plain: Uint8Array, user: string, bits: '40' | '128' | '256', aes: boolean): Uint8Array {
  const dir = tempDir('claimdesk-qpdf-');
  const input = writeTemp(plain, 'plain.pdf', dir);
  const output = path.join(dir, 'locked.pdf');
  const weak = bits === '256' || aes ? [] : ['--allow-weak-crypto'];
  execFileSync('qpdf', [...weak, '--encrypt', user, 'the-owner', bits, ...(bits === '128' ? [`--use-aes=${aes ? 'y' : 'n'}`] : []), '--', input, output]);
  return readFileSync(output);
}

test('pdf attachments: a PDF locked only by an owner password (as many e-invoices are) goes in readable; one that needs a password to open is refused', async () => {
  const label = 'E-INVOICE 0123456789';
  const plain = await makePdf([{ label }]);
  const ownerLocked: [string, Uint8Array][] = [
    ['pdf-lib', await makePdf([{ label }], { userPassword: '', ownerPassword: 'x' })],
    ['qpdf RC4 40', qpdfEncrypted(plain, '', '40', false)],
    ['qpdf RC4 128', qpdfEncrypted(plain, '', '128', false)],
    ['qpdf AES 128', qpdfEncrypted(plain, '', '128', true)],
    ['qpdf AES 256', qpdfEncrypted(plain, '', '256', true)],
  ];
  for (const [how, bytes] of ownerLocked) {
    assert.match(Buffer.from(bytes).toString('latin1'), /\/Encrypt/, `${how}: the input really is encrypted`);
    const out = await build([attachment('original-invoices', '医疗费用原始发票', 'e-invoice.pdf', bytes, 'application/pdf')]);
    const file = writeTemp(out.bytes);
    assert.equal(pdfinfo(file)['Encrypted'], 'no', `${how}: the package itself is not encrypted`);
    assert.ok(pdftotext(file, '-f', String(out.pages), '-l', String(out.pages)).includes(label), `${how}: the invoice's text is on its page`);
  }
  for (const [how, bytes] of [
    ['pdf-lib', await makePdf([{ label }], { userPassword: 'secret', ownerPassword: 'x' })],
    ['qpdf AES 256', qpdfEncrypted(plain, 'secret', '256', true)],
  ] as const) {
    await rejects(attachment('original-invoices', '发票', `locked-${how.replace(/\W+/g, '-')}.pdf`, bytes, 'application/pdf'), 'encrypted');
  }
});

test('attachments.add: a PDF that needs a password to open is refused when it is added (not first when the package is built); an owner-locked one is taken', async () => {
  const { makeService, idNumber } = await import('../support/temp.ts');
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'outage', claimant: { name: '陈美玲', idNumber: idNumber('35020319850312001') } });
  assert.ok(created.ok);
  const number = (created.value as { number: string }).number;
  const plain = await makePdf([{ label: 'E-INVOICE 42' }]);
  const add = (fileName: string, bytes: Uint8Array) => s.dispatch('attachments.add', { number, materialId: 'identity-document', fileName, base64: Buffer.from(bytes).toString('base64') });
  const locked = await add('locked.pdf', qpdfEncrypted(plain, 'secret', '256', true));
  assert.equal(locked.ok, false);
  const error = (locked as { error: { code: string; message: string; field?: string } }).error;
  assert.equal(error.code, 'invalid_request');
  assert.match(error.message, /^locked\.pdf: the PDF needs a password to open/);
  assert.equal((s.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n, 0, 'nothing was added');
  assert.equal((await add('e-invoice.pdf', qpdfEncrypted(plain, '', '256', true))).ok, true);
  assert.equal((await add('plain.pdf', plain)).ok, true);
  s.close();
});

test('pdf attachments: a scan listed under two materials (or twice) is embedded once and printed in each place; a copy under another key is embedded again', async () => {
  const scan = fixture('scan-portrait.jpg');
  const pdf = await makePdf([{ label: 'PAID RECEIPT' }]);
  const lazy = (name: string, bytes: Uint8Array, key: string): PackageAttachment => ({
    materialId: 'payment-proof', title: '付款凭证', fileName: name, mime: 'application/pdf', contentKey: key,
    size: bytes.length, read: () => bytes,
  });
  const out = await build([
    attachment('original-invoices', '医疗费用原始发票', 'invoice.jpg', scan, 'image/jpeg'),
    attachment('payment-proof', '付款凭证', 'invoice.jpg', scan, 'image/jpeg'), // the same array
    lazy('receipt.pdf', pdf, 'sha-of-receipt'),
    lazy('receipt-again.pdf', pdf, 'sha-of-receipt'), // the same stored file
    attachment('payment-proof', '付款凭证', 'copy.jpg', Uint8Array.from(scan), 'image/jpeg'), // equal bytes, another array: not known the same
  ]);
  const file = writeTemp(out.bytes);
  const text = pdftotext(file);
  for (const name of ['invoice.jpg', 'receipt.pdf', 'receipt-again.pdf', 'copy.jpg']) assert.ok(text.includes(`· ${name}`), `a page for ${name}`);
  assert.equal(text.split('PAID RECEIPT').length - 1, 2, 'the PDF page printed twice');
  // pdfimages -list: object id per image drawn; the two invoice pages draw one object.
  const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.includes('jpeg'));
  const objects = rows.map((l) => l.trim().split(/\s+/)[10]);
  assert.equal(objects.length, 3);
  assert.equal(new Set(objects).size, 2, `the listed-twice scan shares one image object: ${objects.join(', ')}`);
  assert.equal(pdfimagesAll(file).filter((f) => f.endsWith('.jpg')).length, 3);
  assert.ok(out.bytes.length < 2.5 * scan.length + 200_000, 'two copies of the scan, not three');
});

test('pdf attachments: a flat-colour RGBA screenshot with unfiltered rows stays small (its colour repeats every 3 bytes, which run-length matching alone cannot pack)', async () => {
  const width = 1500, height = 2000;
  const rows = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) rows.set([0x1e, 0x6f, 0xd9, 0xe0], p * 4);
  const png = encodePng({ width, height, colorType: 6, bitDepth: 8, rows, filters: [0] });
  const out = await build([attachment('original-invoices', '医疗费用原始发票', 'flat.png', png, 'image/png')]);
  // 9 MB of colour and 3 MB of alpha; Z_RLE alone made ~1.5 MB of the colour.
  assert.ok(out.bytes.length < 400_000, `package ${out.bytes.length} bytes`);
  const list = pdfimagesList(writeTemp(out.bytes));
  assert.ok(list.some((r) => r.color === 'rgb' && r.width === width), 'the colour image');
});

test('pdf attachments: a PDF with a UTF-8 BOM and a blank line before %PDF- passes the import check and goes in; the import and the builder share one header rule (within 1024 bytes)', async () => {
  const { checkAttachmentBytes } = await import('../../electron/core/files/fileChecks.ts');
  const { sniffMime } = await import('../../electron/core/files/sniff.ts');
  const { sniff } = await import('../../electron/core/pdf/attachments.ts');
  const good = await makePdf([{ label: 'P1 after a BOM' }, { label: 'P2 after a BOM' }]);
  const junk = new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a]);
  const shifted = new Uint8Array([...junk, ...good]);
  assert.deepEqual(checkAttachmentBytes(shifted), { ok: true, mime: 'application/pdf' }, 'the import accepts it (its offsets count from %PDF-)');
  const out = await build([attachment('identity-document', '参保人身份证件', 'bom.pdf', shifted, 'application/pdf')]);
  const file = writeTemp(out.bytes);
  const text = pdftotext(file);
  assert.ok(text.includes('P1 after a BOM') && text.includes('P2 after a BOM'), 'both pages copied in');
  // Beyond the first 1024 bytes it is no PDF header, for both.
  const far = new Uint8Array([...new Uint8Array(1024).fill(0x20), ...good]);
  assert.equal(checkAttachmentBytes(far).ok, false);
  for (const bytes of [shifted, far, good, fixture('scan-portrait.jpg'), fixture('scan-rgb.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])]) {
    assert.equal(sniff(bytes), sniffMime(bytes) ?? undefined, 'one rule');
  }
});

test('pdf attachments: a JPEG damaged inside its image data fails the package naming it — cut short and closed with FF D9, junk over the middle, restart markers out of order, FF bytes of junk — without decoding it', async () => {
  // A real JPEG with a restart marker every 3 MCUs (as scanners write them): 300×200 in 4:2:0
  // is 19 × 13 = 247 MCUs of 16×16, so 82 restart markers.
  const dri = encodeJpeg({ width: 300, height: 200, restartInterval: 3, pixel: (x, y) => [(x * 255) / 300, (x ^ y) & 32 ? 240 : 30, (y * 255) / 200] });
  assert.equal([...dri.keys()].filter((k) => dri[k] === 0xff && dri[k + 1]! >= 0xd0 && dri[k + 1]! <= 0xd7).length, 82);
  assert.doesNotThrow(() => parseJpeg(dri), 'the whole file is fine');
  const inv = attachment('original-invoices', '发票', 'whole.jpg', dri, 'image/jpeg');
  await build([inv]); // goes in
  const eoi = Buffer.from([0xff, 0xd9]);
  const cut = Buffer.concat([dri.subarray(0, 3000), eoi]);
  const junk = Buffer.concat([dri.subarray(0, 1000), Buffer.alloc(3000, 0x55), dri.subarray(4000)]);
  const rst = [...dri.keys()].filter((k) => dri[k] === 0xff && dri[k + 1] === 0xd3);
  const swapped = Buffer.from(dri);
  swapped[rst[0]! + 1] = 0xd4; // …D2, D4, D4… : a restart interval lost
  for (const [name, bytes] of [['cut.jpg', cut], ['junk.jpg', junk], ['rst.jpg', swapped]] as const) {
    assert.throws(() => parseJpeg(bytes), /corrupt JPEG/, name);
    await rejects(attachment('original-invoices', '发票', name, bytes, 'image/jpeg'), 'corrupt');
  }
  // A real scan without restart markers: junk holding FF bytes (here another file's bytes,
  // a PNG) written over its middle is caught by the FF rule.
  const scan = readFileSync(path.join(import.meta.dirname, '../../examples/scans/invoices-transfer.jpg'));
  const png = fixture('scan-rgb.png');
  const over = Buffer.from(scan);
  over.set(png.subarray(0, 3000), scan.length >> 1);
  assert.ok(png.subarray(0, 3000).includes(0xff));
  await rejects(attachment('original-invoices', '发票', 'over.jpg', over, 'image/jpeg'), 'corrupt');
  // Progressive and multi-scan files (tables between the scans) are walked scan by scan.
  if (spawnSync('convert', ['-version']).status === 0) {
    const dir = tempDir();
    execFileSync('convert', [path.join(import.meta.dirname, '../../examples/scans/birth-certificate.jpg'), '-interlace', 'Plane', path.join(dir, 'p.jpg')]);
    const progressive = readFileSync(path.join(dir, 'p.jpg'));
    assert.ok(progressive.includes(Buffer.from([0xff, 0xc2])), 'progressive');
    assert.equal(parseJpeg(progressive).width, 1240);
  }
});

test('pdf attachments: a long file name is shortened in the page header, never its page marker （n/m）, and the header stays inside the margins', async () => {
  const name = `参保变更证明_厦门鹭江软件有限公司至厦门港务物流有限公司_社保中心出具的参保变更记录_${'2026年6月'.repeat(6)}.pdf`;
  const pdf = await makePdf([{}, {}, {}]);
  const file = writeTemp((await build([attachment('original-invoices', '医疗费用原始发票', name, pdf, 'application/pdf')])).bytes);
  const pages = pdftotext(file).split('\f');
  const headers = pages.map((t) => t.split('\n')[0]!).filter((h) => h.startsWith('附件：'));
  assert.equal(headers.length, 3);
  headers.forEach((h, i) => assert.ok(h.endsWith(`…（${i + 1}/3）`), `the name shortened, the marker whole: ${h}`));
  const first = pageCount(file) - 2;
  for (const w of words(file, first, first + 2).filter((x) => x.yMax < HEADER_HEIGHT)) {
    assert.ok(w.xMin >= 40 - 0.5 && w.xMax <= 595.28 - 40 + 0.5, `"${w.text}" inside the margins`);
  }
});

test('pdf attachments: a PDF whose page tree is damaged is refused naming the file, with the reason in words (no JavaScript error in the message)', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  const good = Buffer.from(await doc.save({ useObjectStreams: false }));
  // The same length, so the cross-reference table still points at every object.
  const broken = Buffer.from(good.toString('latin1').replace('/Type /Pages', '/Type /Garbg').replace('/Kids', '/Kidz'), 'latin1');
  assert.equal(broken.length, good.length);
  await rejects(attachment('original-invoices', '发票', 'tree.pdf', broken, 'application/pdf'), 'corrupt');
  await assert.rejects(build([attachment('original-invoices', '发票', 'tree.pdf', broken, 'application/pdf')]), (e: Error) => {
    assert.equal(e.message, 'tree.pdf: broken PDF: its page tree (the list of its pages) is damaged');
    assert.ok(e.cause instanceof Error, 'what the PDF library threw is kept as the cause');
    return true;
  });
});

test('pdf attachments: the materials index counts its own rows — 共 N 项 is the rows, each status count the rows that say it, alternatives none of which is given explained — and an unknown material id prints as 未知材料（id）', async () => {
  const base = tripCase(3); // acute trip: the proofs of the trip are alternatives, none given here
  const caseFile = { ...base, materials: [...base.materials!, { id: 'birth-certificate', status: 'provided' as const }, { id: 'no-such-material', status: 'provided' as const }] };
  const evaluation = evaluate(caseFile, pack, { today: '2024-07-10' });
  const jpg = fixture('scan-portrait.jpg');
  const file = writeTemp((await buildPackage({ number: NUMBER, caseFile, evaluation, pack, preparedOn: '2024-07-10', attachments: [
    attachment('identity-document', materialTitle(pack, 'identity-document'), 'id.jpg', jpg, 'image/jpeg'),
    attachment('birth-certificate', materialTitle(pack, 'birth-certificate'), 'birth.jpg', jpg, 'image/jpeg'),
    attachment('no-such-material', materialTitle(pack, 'no-such-material'), 'odd.jpg', jpg, 'image/jpeg'),
  ] })).bytes);
  const page = pdftotext(file, '-layout', '-f', '2', '-l', '2');
  const rows = page.split('\n').filter((l) => /^\s*\d+\s{2,}\S/.test(l));
  const summary = /共 (\d+) 项(?:（[^）]*）)?：(.*)/.exec(page.replace(/\n\s*/g, ''))!;
  assert.ok(summary, page);
  assert.equal(Number(summary[1]), rows.length, `共 N 项 is the number of rows:\n${page}`);
  const tally = (word: string): number => rows.filter((l) => new RegExp(`\\s${word}\\s`).test(l)).length;
  for (const [, word, n] of summary[2]!.matchAll(/(已提供|缺少|免予提供|可选未提供) (\d+) 项/g)) {
    assert.equal(Number(n), tally(word === '可选未提供' ? '未提供' : word!), `${word} ${n} 项 matches the rows`);
  }
  assert.ok(tally('缺少') >= 5, 'the five proofs of the trip are missing rows');
  assert.match(summary[2]!, /缺少 \d+ 项（其中 5 项为任选一种，补交 1 项即可）/);
  assert.ok(page.includes('未知材料（no-such-material）') && !/\sno-such-material\s/.test(page), 'a readable name, not the bare id');
  assert.ok(page.includes('出生医学证明'), 'a material of another category keeps its title');
});

test('attachments: check and import refuse a JPEG damaged inside its image data, as the package does (checkAttachment); a bundle keeps the byte check alone', async () => {
  const { checkAttachment, checkAttachmentBytes } = await import('../../electron/core/files/fileChecks.ts');
  const dri = encodeJpeg({ width: 300, height: 200, restartInterval: 3, pixel: (x, y) => [(x * 255) / 300, (x ^ y) & 32 ? 240 : 30, (y * 255) / 200] });
  assert.deepEqual(await checkAttachment(dri), { ok: true, mime: 'image/jpeg' });
  const cut = Buffer.concat([dri.subarray(0, 3000), Buffer.from([0xff, 0xd9])]);
  const refused = await checkAttachment(cut);
  assert.equal(refused.ok, false);
  assert.match((refused as { reason: string }).reason, /corrupt JPEG: the image data is incomplete/);
  assert.deepEqual(checkAttachmentBytes(cut), { ok: true, mime: 'image/jpeg' }, 'bundles: what was stored before still comes back');
});

/** `length` deterministic bytes of every value (FF D9, FF D8 and %%EOF among them), like an MP4's. */
function junk(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let k = 0; k < length; k++) { x = (x * 1103515245 + 12345) >>> 0; out[k] = x >>> 24; }
  out.set(new TextEncoder().encode('\0\0\0\x18ftypmp42'), 0);
  out.set([0xff, 0xd9, 0xff, 0xd8, 0xff, 0xd9], 500);
  return out;
}

test('pdf attachments: a whole scan with many bytes after its end — a motion photo\'s MP4 after the JPEG, zeros, bytes after a PNG\'s IEND or a PDF\'s %%EOF — is accepted and goes in; one cut short still is not', async () => {
  const { checkAttachment, checkAttachmentBytes } = await import('../../electron/core/files/fileChecks.ts');
  const jpeg = fixture('scan-portrait.jpg');
  const png = fixture('scan-rgb.png');
  const pdf = await makePdf([{ label: 'PAGE BEFORE THE PADDING' }]);
  const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
  const motion = cat(jpeg, junk(200_000));
  const whole: [string, Uint8Array, string][] = [
    ['motion.jpg', motion, 'image/jpeg'],
    ['zeros.jpg', cat(jpeg, new Uint8Array(4096)), 'image/jpeg'],
    ['padded.png', cat(png, new Uint8Array(2048)), 'image/png'],
    ['junk-after.png', cat(png, junk(5000)), 'image/png'],
    ['blanks.pdf', cat(pdf, new Uint8Array(2048).fill(0x20)), 'application/pdf'],
    ['nuls.pdf', cat(pdf, new Uint8Array(3000)), 'application/pdf'],
    ['junk-after.pdf', cat(pdf, junk(5000)), 'application/pdf'],
  ];
  for (const [name, bytes, mime] of whole) {
    assert.deepEqual(checkAttachmentBytes(bytes), { ok: true, mime }, `${name}: whole`);
    assert.deepEqual(await checkAttachment(bytes), { ok: true, mime }, `${name}: whole (import and check)`);
  }
  // Still refused: cut short, and followed by bytes or not; a PDF whose last part (an
  // incremental update) was cut off before its own %%EOF, after the %%EOF of the first.
  const update = new TextEncoder().encode(`\n9 0 obj\n<< /Type /Annot /Contents (${'x'.repeat(3000)}) >>\nendobj\n`);
  const cut: [string, Uint8Array, RegExp][] = [
    ['cut.jpg', jpeg.subarray(0, jpeg.length >> 1), /JPEG is truncated/],
    ['cut-then-zeros.jpg', cat(jpeg.subarray(0, jpeg.length >> 1), new Uint8Array(4096)), /JPEG is truncated/],
    ['cut.png', png.subarray(0, png.length - 20), /PNG is truncated/],
    ['cut-then-zeros.png', cat(png.subarray(0, png.length >> 1), new Uint8Array(4096)), /PNG is truncated/],
    ['cut-update.pdf', cat(pdf, update), /PDF is truncated/],
  ];
  for (const [name, bytes, reason] of cut) {
    const r = checkAttachmentBytes(bytes);
    assert.equal(r.ok, false, name);
    assert.match((r as { reason: string }).reason, reason, name);
  }
  // In the package: the picture byte for byte up to its end-of-image marker — the whole file
  // for a file that ends there — and none of the MP4 after it; the PNG and the PDF's page in.
  const out = await build([
    attachment('identity-document', '参保人身份证件', 'motion.jpg', motion, 'image/jpeg'),
    attachment('original-invoices', '医疗费用原始发票', 'padded.png', whole[2]![1], 'image/png'),
    attachment('original-invoices', '医疗费用原始发票', 'junk-after.pdf', whole[6]![1], 'application/pdf'),
  ]);
  const file = writeTemp(out.bytes);
  assert.equal(parseJpeg(motion).end, jpeg.length);
  const jpegs = pdfimagesAll(file).filter((f) => f.endsWith('.jpg')).map((f) => sha(readFileSync(f)));
  assert.deepEqual(jpegs, [sha(jpeg)], 'the JPEG itself, byte for byte');
  assert.ok(out.bytes.length < 200_000, `the MP4 is left out (package ${out.bytes.length} bytes)`);
  assert.ok(pdfimagesList(file).some((r) => r.width === 300 && r.height === 200), 'the PNG');
  assert.ok(pdftotext(file).includes('PAGE BEFORE THE PADDING'), 'the PDF page');
});
