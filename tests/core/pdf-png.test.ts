// PNG into PDF (electron/core/pdf/images/png.ts): pass-through when possible, otherwise a
// lossless decode into colour + soft mask. Every row filter is checked against an
// independent encoder (tests/fixtures/pdf/pngEncode.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeflate, deflateSync, inflateSync } from 'node:zlib';
import { MAX_DECODED_BYTES, parsePng, pngToPdfImage, unfilter, verifyPngRows, type ImageStream, type PngInfo } from '../../electron/core/pdf/images/png.ts';
import { damagedPngs, encodePng, rowBytes } from '../fixtures/pdf/pngEncode.ts';
import { rng } from '../fixtures/pdf/cases.ts';

/** A stream's bytes: zlib data (its parts joined), or rows to deflate. */
const bytesOf = (s: ImageStream): Uint8Array => (s.deflated ? Buffer.concat(s.parts) : s.bytes);

function noise(n: number, seed: number, smooth = true): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(n);
  let v = 128;
  for (let i = 0; i < n; i++) {
    v = smooth ? (v + Math.floor(r() * 21) - 10) & 0xff : Math.floor(r() * 256);
    out[i] = v;
  }
  return out;
}

test('png: 8-bit RGB without alpha passes through — the IDAT data itself, with /Predictor 15', () => {
  const rows = noise(rowBytes({ width: 37, colorType: 2, bitDepth: 8 }) * 23, 1);
  const bytes = encodePng({ width: 37, height: 23, colorType: 2, bitDepth: 8, rows, filters: [0, 1, 2, 3, 4] });
  const png = parsePng(bytes);
  const image = pngToPdfImage(png)!;
  assert.deepEqual(image.image.predictor, { colors: 3, bitsPerComponent: 8, columns: 37 });
  assert.equal(image.image.deflated, true);
  assert.equal(image.alpha, undefined);
  assert.deepEqual(Buffer.from(bytesOf(image.image)), Buffer.concat(png.idat.map((d) => Buffer.from(d))));
});

test('png: grey 16-bit and palette images pass through too; a tRNS key becomes a colour-key mask', () => {
  const grey = pngToPdfImage(parsePng(encodePng({ width: 9, height: 5, colorType: 0, bitDepth: 16, rows: noise(18 * 5, 2) })))!;
  assert.equal(grey.colorSpace, 'DeviceGray');
  assert.equal(grey.bitsPerComponent, 16);
  assert.ok(grey.image.predictor);
  const palette = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  const keyed = pngToPdfImage(parsePng(encodePng({
    width: 10, height: 4, colorType: 3, bitDepth: 2, rows: noise(3 * 4, 3, false), palette, transparency: new Uint8Array([255, 0]),
  })))!;
  assert.ok(typeof keyed.colorSpace === 'object');
  assert.deepEqual(keyed.colorKey, [1, 1]);
  assert.ok(keyed.image.predictor && keyed.image.deflated, 'still passed through');
});

for (const [colorType, bitDepth, channels] of [[6, 8, 4], [6, 16, 4], [4, 8, 2], [4, 16, 2]] as const) {
  test(`png: colour type ${colorType}, ${bitDepth}-bit, every row filter — split losslessly into colour + alpha, row filters kept`, () => {
    const width = 31, height = 17;
    const bytesPerSample = bitDepth / 8;
    const rows = noise(width * height * channels * bytesPerSample, 10 + colorType + bitDepth);
    const image = pngToPdfImage(parsePng(encodePng({ width, height, colorType, bitDepth, rows, filters: [0, 1, 2, 3, 4, 4, 3, 2, 1] })))!;
    assert.ok(image.alpha, 'has a soft mask');
    assert.equal(image.image.deflated, false, 'to be deflated by the caller');
    assert.deepEqual(image.image.predictor, { colors: channels - 1, bitsPerComponent: bitDepth, columns: width });
    assert.deepEqual(image.alpha.predictor, { colors: 1, bitsPerComponent: bitDepth, columns: width });
    // What a PDF reader does with /Predictor 15: undo each row's filter, one pixel apart.
    const pixelBytes = channels * bytesPerSample;
    const colorBytes = (channels - 1) * bytesPerSample;
    const color = unfilter(Uint8Array.from(bytesOf(image.image)), width * colorBytes, height, colorBytes);
    const alpha = unfilter(Uint8Array.from(bytesOf(image.alpha)), width * bytesPerSample, height, bytesPerSample);
    for (let p = 0; p < width * height; p++) {
      for (let k = 0; k < colorBytes; k++) assert.equal(color[p * colorBytes + k], rows[p * pixelBytes + k]);
      for (let k = 0; k < bytesPerSample; k++) assert.equal(alpha[p * bytesPerSample + k], rows[p * pixelBytes + colorBytes + k]);
    }
  });
}

test('png: an RGBA row with an unknown filter type is refused as corrupt', () => {
  const bytes = encodePng({ width: 4, height: 2, colorType: 6, bitDepth: 8, rows: noise(32, 5), filters: [0] });
  const png = parsePng(bytes);
  const raw = inflateSync(Buffer.concat(png.idat.map((d) => Buffer.from(d))));
  raw[17] = 7; // second row's filter byte
  const broken = { ...png, idat: [new Uint8Array(deflateSync(raw))] };
  assert.throws(() => pngToPdfImage(broken), /unknown row filter 7/);
});

test('png: a palette with partial transparency keeps its indices and gets an alpha mask from tRNS', () => {
  const width = 13, height = 6;
  const rows = new Uint8Array(rowBytes({ width, colorType: 3, bitDepth: 4 }) * height).map((_, i) => (i * 37) & 0x33);
  const palette = new Uint8Array(16 * 3).map((_, i) => i * 5);
  const transparency = new Uint8Array([0, 128, 255, 64]);
  const image = pngToPdfImage(parsePng(encodePng({ width, height, colorType: 3, bitDepth: 4, rows, palette, transparency, filters: [1, 4] })))!;
  assert.equal(image.image.deflated, true, 'the indices pass through');
  const indices = unfilter(inflateSync(bytesOf(image.image)), rowBytes({ width, colorType: 3, bitDepth: 4 }), height, 1);
  assert.deepEqual(Buffer.from(indices), Buffer.from(rows));
  const alpha = bytesOf(image.alpha!);
  const rb = rowBytes({ width, colorType: 3, bitDepth: 4 });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = rows[y * rb + (x >> 1)]!;
      const index = x % 2 === 0 ? byte >> 4 : byte & 15;
      assert.equal(alpha[y * width + x], index < 4 ? transparency[index] : 255);
    }
  }
});

test('png: an alpha image whose header claims more than MAX_DECODED_BYTES is refused before anything is inflated', () => {
  const small = parsePng(encodePng({ width: 4, height: 2, colorType: 6, bitDepth: 8, rows: noise(32, 6), filters: [0] }));
  const huge = { ...small, width: 20_000, height: 20_000 };
  assert.ok(huge.width * huge.height * 4 > MAX_DECODED_BYTES);
  assert.throws(() => pngToPdfImage(huge), /unsupported PNG: 20000 × 20000 pixels is too large/);
});

test('png: rows that inflate to more data than the header says (a decompression bomb) are refused as corrupt', () => {
  const width = 64, height = 64;
  const png = parsePng(encodePng({ width, height, colorType: 6, bitDepth: 8, rows: noise(width * height * 4, 7), filters: [0] }));
  // 100× the data the header announces: stops at the expected size instead of inflating it all.
  const bomb = { ...png, idat: [new Uint8Array(deflateSync(new Uint8Array((width * 4 + 1) * height * 100)))] };
  assert.throws(() => pngToPdfImage(bomb), /corrupt PNG: image data does not decompress/);
});

/** What a PDF reader gets from a stream: inflated, and with /Predictor 15 its rows unfiltered. */
function pdfSamples(s: ImageStream, width: number, height: number): Buffer {
  const data = s.deflated ? inflateSync(bytesOf(s)) : Uint8Array.from(s.bytes);
  if (!s.predictor) return Buffer.from(data);
  const bits = s.predictor.colors * s.predictor.bitsPerComponent;
  return Buffer.from(unfilter(data, Math.ceil((width * bits) / 8), height, Math.max(1, bits >> 3)));
}

const KINDS = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [2, 8], [2, 16], [3, 1], [3, 2], [3, 4], [3, 8], [4, 8], [4, 16], [6, 8], [6, 16]] as const;
for (const [colorType, bitDepth] of KINDS) {
  test(`png: Adam7-interlaced, colour type ${colorType}, ${bitDepth}-bit — the same samples at the same depth as the image not interlaced`, () => {
    // Odd sizes, and ones so small that some passes are empty (no rows, not even filter bytes).
    for (const [width, height] of [[13, 11], [1, 1], [3, 2], [9, 5]] as const) {
      const rb = rowBytes({ width, colorType, bitDepth });
      const rows = noise(rb * height, width * 100 + colorType * 10 + bitDepth, false);
      // The unused low bits that end a row of 1-, 2- or 4-bit pixels belong to no pixel: zero.
      const padding = rb * 8 - width * bitDepth * (colorType === 2 ? 3 : colorType === 4 ? 2 : colorType === 6 ? 4 : 1);
      for (let y = 0; y < height; y++) rows[y * rb + rb - 1]! &= (0xff << padding) & 0xff;
      const palette = colorType === 3 ? new Uint8Array(3 << bitDepth).map((_, i) => i * 7) : undefined;
      // A palette with partial transparency takes the decoding path (alpha from tRNS).
      const transparency = colorType === 3 ? new Uint8Array([0, 128]) : undefined;
      const spec = { width, height, colorType, bitDepth, rows, filters: [0, 1, 2, 3, 4], ...(palette ? { palette, transparency } : {}) };
      const plain = pngToPdfImage(parsePng(encodePng(spec)));
      const interlaced = pngToPdfImage(parsePng(encodePng({ ...spec, interlaced: true })));
      const at = `${width}×${height}`;
      assert.equal(interlaced.bitsPerComponent, bitDepth, `${at}: ${bitDepth} bits per component kept`);
      assert.deepEqual(interlaced.colorSpace, plain.colorSpace, at);
      assert.deepEqual(interlaced.colorKey, plain.colorKey, at);
      assert.deepEqual(interlaced.image.predictor, plain.image.predictor, at);
      assert.deepEqual(pdfSamples(interlaced.image, width, height), pdfSamples(plain.image, width, height), `${at}: image samples`);
      assert.equal(!!interlaced.alpha, !!plain.alpha, at);
      if (plain.alpha) {
        assert.equal(interlaced.alpha!.bitsPerComponent, plain.alpha.bitsPerComponent, at);
        assert.deepEqual(pdfSamples(interlaced.alpha!, width, height), pdfSamples(plain.alpha, width, height), `${at}: alpha samples`);
      }
    }
  });
}

/** The PNG with `z` as its IDAT data. */
const withData = (png: PngInfo, z: Uint8Array): PngInfo => ({ ...png, idat: [z] });
const inflated = (png: PngInfo): Buffer => inflateSync(Buffer.concat(png.idat.map((d) => Buffer.from(d))));

test('png: verifyPngRows takes every valid kind — grey, RGB, palette, grey+alpha, RGBA, every depth, every row filter, interlaced or not, odd sizes', async () => {
  for (const [colorType, bitDepth] of KINDS) {
    for (const interlaced of [false, true]) {
      for (const [width, height] of [[13, 11], [1, 1], [3, 2], [70, 9]] as const) {
        const rows = noise(rowBytes({ width, colorType, bitDepth }) * height, width + colorType + bitDepth, false);
        const palette = colorType === 3 ? new Uint8Array(3 << bitDepth) : undefined;
        const png = parsePng(encodePng({ width, height, colorType, bitDepth, rows, filters: [0, 1, 2, 3, 4], interlaced, ...(palette ? { palette } : {}) }));
        await verifyPngRows(png); // resolves
      }
    }
  }
});

test('png: verifyPngRows refuses the damaged PNGs an outside tester made — broken deflate data, a quarter of the rows, filter type 9', async () => {
  const reasons: Record<string, RegExp> = {
    'corrupt-deflate.png': /^corrupt PNG: image data does not decompress$/,
    'short-data.png': /^corrupt PNG: image data is short \(it holds 25% of the 400 × 400 picture\)$/,
    'bad-filter.png': /^corrupt PNG: unknown row filter 9$/,
  };
  for (const { name, bytes } of damagedPngs()) {
    const png = parsePng(bytes); // chunks and checksums are fine
    await assert.rejects(verifyPngRows(png), { message: reasons[name]! }, name);
  }
});

test('png: verifyPngRows wants exactly the bytes the header implies and a filter byte 0–4 on every row, interlace passes included', async () => {
  for (const interlaced of [false, true]) {
    const width = 21, height = 13;
    const png = parsePng(encodePng({ width, height, colorType: 2, bitDepth: 8, rows: noise(width * 3 * height, 8), filters: [1, 4], interlaced }));
    const raw = inflated(png);
    const how = interlaced ? 'interlaced' : 'not interlaced';
    await assert.rejects(verifyPngRows(withData(png, deflateSync(raw.subarray(0, raw.length - 1)))), /image data is short/, `${how}: one byte missing`);
    await assert.rejects(verifyPngRows(withData(png, deflateSync(Buffer.concat([raw, Buffer.from([0])])))), /image data is longer than the 21 × 13 picture/, `${how}: one byte too many`);
    const z = deflateSync(raw);
    await assert.rejects(verifyPngRows(withData(png, z.subarray(0, z.length - 6))), /image data does not decompress/, `${how}: the deflate stream cut short`);
    // The last row's filter byte (interlaced: the last row of pass 7, rows of 21 × 3 bytes).
    const lastRow = raw.length - (width * 3 + 1);
    const badLast = Buffer.from(raw);
    badLast[lastRow] = 5;
    await assert.rejects(verifyPngRows(withData(png, deflateSync(badLast))), /unknown row filter 5/, `${how}: last row`);
    // A byte that is not a filter byte may be anything: only filter bytes are looked at.
    const data = Buffer.from(raw);
    data[lastRow + 1] = 255;
    await verifyPngRows(withData(png, deflateSync(data)));
  }
});

test('png: verifyPngRows stops a decompression bomb at the size the header announces, holding none of it', async () => {
  const png = parsePng(encodePng({ width: 64, height: 64, colorType: 0, bitDepth: 8, rows: new Uint8Array(64 * 64) }));
  // 1 GB of zeros in ~1 MB of zlib data: refused long before it is all inflated.
  const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  const t0 = performance.now();
  await assert.rejects(verifyPngRows(withData(png, Buffer.concat(Array.from({ length: 16 }, () => bomb)))), /longer than the 64 × 64 picture/);
  assert.ok(performance.now() - t0 < 5000);
});

test('png: verifyPngRows checks an 8000 × 8000 RGB scan (192 MB of rows) chunk by chunk, never holding its rows', async () => {
  const width = 8000, height = 8000;
  const rowLength = width * 3 + 1;
  const row = Buffer.alloc(rowLength);
  // Rows of filter 1 (Sub) deflated as a stream, so that the test holds no 192 MB buffer either.
  row[0] = 1;
  const deflate = createDeflate({ level: 1 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  for (let y = 0; y < height; y++) deflate.write(row);
  deflate.end();
  await done;
  const ihdr = parsePng(encodePng({ width: 1, height: 1, colorType: 2, bitDepth: 8, rows: new Uint8Array(3) }));
  const png: PngInfo = { ...ihdr, width, height, idat: parts };
  const before = process.memoryUsage();
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().arrayBuffers); }, 5);
  await verifyPngRows(png);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  // Garbage chunks wait for the collector (~30–40 MB here); holding the rows would be 192 MB.
  assert.ok(peak - before.arrayBuffers < 96 * 1024 * 1024, `held ${Math.round((peak - before.arrayBuffers) / 1024 / 1024)} MB`);
});
