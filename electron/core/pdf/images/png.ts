// PNG into PDF without lossy recompression.
//
// Most scans (8- or 16-bit grey or RGB, or palette, not interlaced, no alpha channel) pass
// straight through: the concatenated IDAT data *is* a zlib stream with PNG row filters, which
// PDF reads as FlateDecode with /Predictor 15 — no inflate, no deflate. A tRNS colour key
// becomes a /Mask colour key. An alpha channel is split off into an /SMask: inflated, split
// channel by channel with the row filters kept (see decodeWithAlpha), and deflated again —
// by the caller, off the main thread. A palette with partial transparency passes its indices
// through and gets an alpha mask from tRNS. An Adam7-interlaced PNG is first put back into
// plain rows (see deinterlace), each with filter byte 0, at its own bit depth, and then goes
// the same ways — deflated again by the caller — so a 16-bit image stays 16-bit.
//
// Passed through, the IDAT data is never inflated here, so nothing would notice damage inside
// it (valid chunks and CRCs around a broken deflate stream, rows missing, an unknown row
// filter): a viewer prints such a page blank or partial. verifyPngRows inflates it into
// nothing on libuv's thread pool and checks what the header implies of the rows.
import { crc32, createInflate, inflateSync } from 'node:zlib';
import { ImageFormatError } from './jpeg.ts';

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  palette?: Uint8Array;
  transparency?: Uint8Array;
  /** The IDAT chunks' data, in order (views on the file's bytes). */
  idat: Uint8Array[];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

/** Read the chunks, checking every CRC; throws ImageFormatError when the file is not a whole PNG. */
export function parsePng(bytes: Uint8Array): PngInfo {
  for (let k = 0; k < 8; k++) if (bytes[k] !== SIGNATURE[k]) throw new ImageFormatError('not a PNG file (bad signature)');
  let i = 8;
  let header: Omit<PngInfo, 'idat' | 'palette' | 'transparency'> | undefined;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (i + 12 <= bytes.length) {
    const length = u32(bytes, i);
    const type = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!);
    const dataStart = i + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) throw new ImageFormatError(`corrupt PNG: chunk ${type} runs past the end of the file`);
    if (crc32(bytes.subarray(i + 4, dataEnd)) !== u32(bytes, dataEnd)) throw new ImageFormatError(`corrupt PNG: checksum of chunk ${type} does not match`);
    const data = bytes.subarray(dataStart, dataEnd);
    if (type === 'IHDR') {
      if (length !== 13) throw new ImageFormatError('corrupt PNG: bad header');
      const width = u32(data, 0);
      const height = u32(data, 4);
      const bitDepth = data[8]!;
      const colorType = data[9]!;
      if (width === 0 || height === 0) throw new ImageFormatError('corrupt PNG: empty image');
      if (!VALID_DEPTHS[colorType]?.includes(bitDepth)) throw new ImageFormatError(`corrupt PNG: colour type ${colorType} with bit depth ${bitDepth}`);
      header = { width, height, bitDepth, colorType, interlaced: data[12] === 1 };
    } else if (type === 'PLTE') {
      palette = data;
    } else if (type === 'tRNS') {
      transparency = data;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    i = dataEnd + 4;
  }
  if (!header) throw new ImageFormatError('corrupt PNG: no header');
  if (!ended) throw new ImageFormatError('corrupt PNG: truncated (no IEND chunk)');
  if (idat.length === 0) throw new ImageFormatError('corrupt PNG: no image data');
  if (header.colorType === 3 && !palette) throw new ImageFormatError('corrupt PNG: palette image without a palette');
  return { ...header, ...(palette ? { palette } : {}), ...(transparency ? { transparency } : {}), idat };
}

/**
 * Whether the PNG is whole, from its own structure: the offset just after its IEND chunk,
 * found by walking the chunks by their lengths (no checksums, nothing inflated: parsePng and
 * verifyPngRows check those), or null when the file ends before IEND (cut short). Bytes after
 * IEND, however many, are not part of the image and do not make it "truncated".
 */
export function pngEnd(bytes: Uint8Array): number | null {
  for (let k = 0; k < 8; k++) if (bytes[k] !== SIGNATURE[k]) return null;
  let i = 8;
  while (i + 12 <= bytes.length) {
    const end = i + 12 + u32(bytes, i);
    if (end > bytes.length) return null;
    if (bytes[i + 4] === 0x49 && bytes[i + 5] === 0x45 && bytes[i + 6] === 0x4e && bytes[i + 7] === 0x44) return end; // IEND
    i = end;
  }
  return null;
}

/** The parts as one array: the only part itself, else a copy of them joined. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/**
 * One stream of the image XObject: zlib data as it is — the PNG's own IDAT chunks, left in
 * pieces (never joined: they go into the package one after the other) — or rows still to be
 * deflated.
 */
export type ImageStream = (
  | { deflated: true; parts: readonly Uint8Array[] }
  | { deflated: false; bytes: Uint8Array }
) & {
  /** PNG predictors apply: the rows carry the PNG's row filters. */
  predictor?: { colors: number; bitsPerComponent: number; columns: number };
};

/** What the image XObject needs: its dictionary entries (as plain values) and its streams. */
export interface PdfImageData {
  colorSpace: 'DeviceGray' | 'DeviceRGB' | { indexed: Uint8Array };
  bitsPerComponent: number;
  image: ImageStream;
  /** A colour-key mask: pairs of min/max sample values. */
  colorKey?: number[];
  /** A soft mask (8- or 16-bit alpha). */
  alpha?: ImageStream & { bitsPerComponent: number };
}

/** How a parsed PNG goes into the PDF: passed through when it can be, else decoded. */
export function pngToPdfImage(png: PngInfo): PdfImageData {
  const { colorType, bitDepth } = png;
  const passThrough = (colorSpace: PdfImageData['colorSpace'], colors: number, colorKey?: number[]): PdfImageData => ({
    colorSpace,
    bitsPerComponent: bitDepth,
    image: idatStream(png, colors),
    ...(colorKey ? { colorKey } : {}),
  });
  const t = png.transparency;
  if (colorType === 0) {
    if (!t || t.length < 2) return passThrough('DeviceGray', 1);
    const g = (t[0]! << 8) | t[1]!;
    return passThrough('DeviceGray', 1, [g, g]);
  }
  if (colorType === 2) {
    if (!t || t.length < 6) return passThrough('DeviceRGB', 3);
    const r = (t[0]! << 8) | t[1]!, g = (t[2]! << 8) | t[3]!, b = (t[4]! << 8) | t[5]!;
    return passThrough('DeviceRGB', 3, [r, r, g, g, b, b]);
  }
  if (colorType === 3) {
    const palette = png.palette!;
    if (!t) return passThrough({ indexed: palette }, 1);
    // A single fully transparent entry and the rest opaque is a colour key; anything else needs an SMask.
    const transparent: number[] = [];
    let partial = false;
    for (let k = 0; k < t.length; k++) {
      if (t[k] === 0) transparent.push(k);
      else if (t[k] !== 255) partial = true;
    }
    if (!partial && transparent.length === 0) return passThrough({ indexed: palette }, 1);
    if (!partial && transparent.length === 1) return passThrough({ indexed: palette }, 1, [transparent[0]!, transparent[0]!]);
    return decodePaletteWithAlpha(png);
  }
  return decodeWithAlpha(png);
}

/** The PNG's IDAT data as they are (zlib data of filtered rows); interlaced, its rows in order. */
function idatStream(png: PngInfo, colors: number): ImageStream {
  const predictor = { colors, bitsPerComponent: png.bitDepth, columns: png.width };
  if (png.interlaced) return { bytes: filteredRows(png), deflated: false, predictor };
  return { parts: png.idat, deflated: true, predictor };
}

/** Samples per pixel of each colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bytes of one row of `width` pixels, without its filter byte. */
function rowBytesOf(png: PngInfo, width: number): number {
  return Math.ceil((width * CHANNELS[png.colorType]! * png.bitDepth) / 8);
}

/**
 * The image's rows, each a filter byte and its bytes, as non-interlaced IDAT data inflates
 * to: the IDAT data inflated, or for an interlaced image its passes put back in place.
 */
function filteredRows(png: PngInfo): Uint8Array {
  const rowBytes = rowBytesOf(png, png.width);
  return png.interlaced ? deinterlace(png, rowBytes) : inflateIdat(png, inflatedSize(png));
}

/** Adam7's seven passes: first column and row, column and row steps (PNG spec §8.2). */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

interface Pass { x0: number; y0: number; dx: number; dy: number; width: number; height: number; rowBytes: number }

/** Adam7's passes of this image, the empty ones left out: they have no rows at all, not even filter bytes. */
function passesOf(png: PngInfo): Pass[] {
  const passes: Pass[] = [];
  for (const [x0, y0, dx, dy] of ADAM7) {
    const width = Math.ceil((png.width - x0) / dx);
    const height = Math.ceil((png.height - y0) / dy);
    if (width > 0 && height > 0) passes.push({ x0, y0, dx, dy, width, height, rowBytes: rowBytesOf(png, width) });
  }
  return passes;
}

/**
 * What the IDAT data inflates to, as runs of rows of one length (a filter byte and the row's
 * bytes): the image's rows, or each interlace pass's in turn.
 */
function rowRuns(png: PngInfo): { rows: number; rowLength: number }[] {
  if (!png.interlaced) return [{ rows: png.height, rowLength: rowBytesOf(png, png.width) + 1 }];
  return passesOf(png).map((p) => ({ rows: p.height, rowLength: p.rowBytes + 1 }));
}

/** How many bytes the IDAT data must inflate to. */
function inflatedSize(png: PngInfo): number {
  return rowRuns(png).reduce((n, r) => n + r.rows * r.rowLength, 0);
}

/**
 * An Adam7-interlaced image as plain rows: each pass (a small image with its own row filters)
 * is unfiltered and its pixels are placed where they belong, samples copied as they are — at
 * 16 bits too. Every row gets filter byte 0 (None), so the result reads as PNG-predicted data.
 */
function deinterlace(png: PngInfo, rowBytes: number): Uint8Array {
  const bits = CHANNELS[png.colorType]! * png.bitDepth; // per pixel
  const passes = passesOf(png);
  const size = png.height * (rowBytes + 1);
  if (size > MAX_DECODED_BYTES) {
    throw new ImageFormatError(`unsupported PNG: ${png.width} × ${png.height} pixels is too large to decode (at most ${MAX_DECODED_BYTES / 1024 / 1024} MB of image data)`);
  }
  const raw = inflateIdat(png, inflatedSize(png));
  const out = new Uint8Array(size); // filter bytes 0
  let at = 0;
  for (const p of passes) {
    const length = p.height * (p.rowBytes + 1);
    const rows = unfilter(raw.subarray(at, at + length), p.rowBytes, p.height, Math.max(1, bits >> 3));
    at += length;
    for (let py = 0; py < p.height; py++) {
      const dstRow = (p.y0 + py * p.dy) * (rowBytes + 1) + 1;
      const srcRow = py * p.rowBytes;
      if (bits >= 8) {
        const pixel = bits >> 3;
        for (let px = 0; px < p.width; px++) {
          const src = srcRow + px * pixel;
          out.set(rows.subarray(src, src + pixel), dstRow + (p.x0 + px * p.dx) * pixel);
        }
      } else {
        // 1, 2 or 4 bits per pixel, packed from the high bits of each byte.
        const mask = (1 << bits) - 1;
        for (let px = 0; px < p.width; px++) {
          const from = px * bits;
          const value = (rows[srcRow + (from >> 3)]! >> (8 - bits - (from & 7))) & mask;
          const to = (p.x0 + px * p.dx) * bits;
          out[dstRow + (to >> 3)]! |= value << (8 - bits - (to & 7));
        }
      }
    }
  }
  return out;
}

/**
 * Undo PNG row filters, in place: `raw` (filter byte + row, per row) is overwritten by the
 * rows without their filter bytes, which are returned as a view on it. Output row y lands
 * y + 1 bytes before its input, so nothing is overwritten before it is read.
 * `bpp`: bytes per complete pixel (≥ 1).
 */
export function unfilter(raw: Uint8Array, rowBytes: number, height: number, bpp: number): Uint8Array {
  if (raw.length < (rowBytes + 1) * height) throw new ImageFormatError('corrupt PNG: image data is short');
  const out = raw;
  // One loop per filter type: a switch per byte is several times slower.
  for (let y = 0; y < height; y++) {
    const src = y * (rowBytes + 1) + 1;
    const o = y * rowBytes;
    const p = o - rowBytes; // previous row (y > 0)
    const filter = raw[src - 1]!;
    if (filter === 0 || (filter === 2 && y === 0)) {
      out.set(raw.subarray(src, src + rowBytes), o);
    } else if (filter === 1) {
      for (let x = 0; x < bpp; x++) out[o + x] = raw[src + x]!;
      for (let x = bpp; x < rowBytes; x++) out[o + x] = (raw[src + x]! + out[o + x - bpp]!) & 0xff;
    } else if (filter === 2) {
      for (let x = 0; x < rowBytes; x++) out[o + x] = (raw[src + x]! + out[p + x]!) & 0xff;
    } else if (filter === 3) {
      if (y === 0) {
        for (let x = 0; x < bpp; x++) out[o + x] = raw[src + x]!;
        for (let x = bpp; x < rowBytes; x++) out[o + x] = (raw[src + x]! + (out[o + x - bpp]! >> 1)) & 0xff;
      } else {
        for (let x = 0; x < bpp; x++) out[o + x] = (raw[src + x]! + (out[p + x]! >> 1)) & 0xff;
        for (let x = bpp; x < rowBytes; x++) out[o + x] = (raw[src + x]! + ((out[o + x - bpp]! + out[p + x]!) >> 1)) & 0xff;
      }
    } else if (filter === 4) {
      if (y === 0) {
        // Paeth with no row above is Sub.
        for (let x = 0; x < bpp; x++) out[o + x] = raw[src + x]!;
        for (let x = bpp; x < rowBytes; x++) out[o + x] = (raw[src + x]! + out[o + x - bpp]!) & 0xff;
      } else {
        for (let x = 0; x < bpp; x++) out[o + x] = (raw[src + x]! + out[p + x]!) & 0xff;
        for (let x = bpp; x < rowBytes; x++) {
          const a = out[o + x - bpp]!, b = out[p + x]!, c = out[p + x - bpp]!;
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          out[o + x] = (raw[src + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
        }
      }
    } else {
      throw new ImageFormatError(`corrupt PNG: unknown row filter ${filter}`);
    }
  }
  return out.subarray(0, rowBytes * height);
}

/** The largest image whose rows are decoded here (a 600 dpi A4 RGBA scan is ~140 MB). */
export const MAX_DECODED_BYTES = 256 * 1024 * 1024;

/**
 * The filtered rows: exactly `expected` bytes (`height × (rowBytes + 1)`, summed over the
 * passes when interlaced), inflated into one buffer of
 * that size (no chunks to join). More data than that — a decompression bomb, or just a
 * broken file — is refused instead of filling memory; less, as verifyPngRows refuses it.
 */
function inflateIdat(png: PngInfo, expected: number): Uint8Array {
  if (expected > MAX_DECODED_BYTES) {
    throw new ImageFormatError(`unsupported PNG: ${png.width} × ${png.height} pixels is too large to decode (at most ${MAX_DECODED_BYTES / 1024 / 1024} MB of image data)`);
  }
  let raw: Uint8Array;
  try {
    raw = inflateSync(concat(png.idat), { chunkSize: Math.max(64, expected + 1), maxOutputLength: expected + 1 });
  } catch (err) {
    throw new ImageFormatError('corrupt PNG: image data does not decompress', { cause: err });
  }
  if (raw.length !== expected) throw sizeMismatch(png, raw.length, expected);
  return raw;
}

function sizeMismatch(png: PngInfo, got: number, expected: number): ImageFormatError {
  return got < expected
    ? new ImageFormatError(`corrupt PNG: image data is short (it holds ${Math.floor((got / expected) * 100)}% of the ${png.width} × ${png.height} picture)`)
    : new ImageFormatError(`corrupt PNG: image data is longer than the ${png.width} × ${png.height} picture it is for`);
}

/**
 * Largest output buffer of the verifying inflate on the thread pool. Each time one fills, the
 * inflate waits for the main thread to take it, between its own tasks. A scan's rows up to
 * this size (an A4 RGB scan at 200 dpi is 11 MB) are inflated in one go; larger ones in
 * pieces of this size, never held whole.
 */
const VERIFY_CHUNK = 16 * 1024 * 1024;

/**
 * Whether the IDAT data is what the header says — for data that goes into the PDF without
 * being decoded here. Inflated on libuv's thread pool into nothing (each output chunk is
 * looked at and dropped: an 8000 × 8000 RGB scan inflates to 192 MB, never held), checking
 * that the deflate stream is whole, that it inflates to exactly the bytes the header implies
 * (rows × (1 + row bytes), summed over the interlace passes) and that every row's filter byte
 * is 0–4. Rejects with ImageFormatError. The IDAT data must stay as it is until then.
 */
export function verifyPngRows(png: PngInfo): Promise<void> {
  const runs = rowRuns(png);
  const expected = inflatedSize(png);
  const data = concat(png.idat); // one write: one trip to the pool per output chunk, not per IDAT chunk
  return new Promise((resolve, reject) => {
    const inflate = createInflate({ chunkSize: Math.max(64, Math.min(expected + 1, VERIFY_CHUNK)) });
    let seen = 0; // bytes inflated so far
    let run = 0; // the run of rows the next filter byte belongs to
    let rowsLeft = runs[0]!.rows;
    let nextFilter = 0; // offset of the next row's filter byte
    let failed = false;
    const fail = (err: ImageFormatError): void => {
      failed = true;
      inflate.destroy(); // stops inflating (a decompression bomb is not inflated to its end)
      reject(err);
    };
    inflate.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (seen + chunk.length > expected) return fail(sizeMismatch(png, seen + chunk.length, expected));
      while (nextFilter < seen + chunk.length) {
        const filter = chunk[nextFilter - seen]!;
        if (filter > 4) return fail(new ImageFormatError(`corrupt PNG: unknown row filter ${filter}`));
        nextFilter += runs[run]!.rowLength;
        if (--rowsLeft === 0 && ++run < runs.length) rowsLeft = runs[run]!.rows;
      }
      seen += chunk.length;
    });
    inflate.on('error', (err) => {
      if (!failed) fail(new ImageFormatError('corrupt PNG: image data does not decompress', { cause: err }));
    });
    inflate.on('end', () => {
      if (failed) return;
      if (seen !== expected) return fail(sizeMismatch(png, seen, expected));
      resolve();
    });
    inflate.end(data);
  });
}

/**
 * Grey+alpha or RGBA (8 or 16 bit): split into colour and an alpha soft mask, both keeping
 * the PNG's row filters. That works without undoing the filters because a filtered sample
 * depends only on the same channel of its left, upper and upper-left neighbours, and the
 * filters' byte distance (bpp) is one pixel in the split streams as in the PNG. So each row
 * is a filter byte followed by its channel's filtered bytes, read with /Predictor 15.
 *
 * `raw` is the inflated IDAT data; the colour plane is compacted into it, in place (each
 * row's colour bytes land at or before where they were read), so only alpha is a new buffer.
 *
 * (Tried and dropped: doing this on a worker thread. On two cores it gained nothing
 * measurable — the worker competes with the garbage collector's threads — and cost ~20 MB.)
 */
function splitAlphaRows(raw: Uint8Array, width: number, height: number, channels: 2 | 4, sample: 1 | 2): { color: Uint8Array; alpha: Uint8Array } {
  const rowBytes = width * channels * sample;
  if (raw.length < (rowBytes + 1) * height) throw new ImageFormatError('corrupt PNG: image data is short');
  const color = raw;
  const alpha = new Uint8Array((width * sample + 1) * height);
  const rawWords = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const alphaWords = new DataView(alpha.buffer, alpha.byteOffset, alpha.byteLength);
  let s = 0, c = 0, a = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[s++]!;
    if (filter > 4) throw new ImageFormatError(`corrupt PNG: unknown row filter ${filter}`);
    color[c++] = filter;
    alpha[a++] = filter;
    if (sample === 1 && channels === 4) {
      // Four pixels at a time as 32-bit words (little-endian: R | G << 8 | B << 16 | A << 24):
      // 16 bytes in, 12 colour bytes and 4 alpha bytes out — twice as fast as byte by byte.
      // The four reads come before the writes, and the writes land at or before `s`.
      let x = 0;
      for (; x + 4 <= width; x += 4) {
        const p0 = rawWords.getUint32(s, true), p1 = rawWords.getUint32(s + 4, true);
        const p2 = rawWords.getUint32(s + 8, true), p3 = rawWords.getUint32(s + 12, true);
        rawWords.setUint32(c, (p0 & 0xffffff) | (p1 << 24), true);
        rawWords.setUint32(c + 4, ((p1 >>> 8) & 0xffff) | (p2 << 16), true);
        rawWords.setUint32(c + 8, ((p2 >>> 16) & 0xff) | ((p3 & 0xffffff) << 8), true);
        alphaWords.setUint32(a, (p0 >>> 24) | ((p1 >>> 24) << 8) | ((p2 >>> 24) << 16) | ((p3 >>> 24) << 24), true);
        s += 16;
        c += 12;
        a += 4;
      }
      for (; x < width; x++) {
        color[c] = raw[s]!;
        color[c + 1] = raw[s + 1]!;
        color[c + 2] = raw[s + 2]!;
        alpha[a++] = raw[s + 3]!;
        c += 3;
        s += 4;
      }
    } else {
      const colorBytes = (channels - 1) * sample;
      for (let x = 0; x < width; x++) {
        for (let k = 0; k < colorBytes; k++) color[c++] = raw[s++]!;
        for (let k = 0; k < sample; k++) alpha[a++] = raw[s++]!;
      }
    }
  }
  return { color: color.subarray(0, c), alpha };
}

function decodeWithAlpha(png: PngInfo): PdfImageData {
  const channels = png.colorType === 4 ? 2 : 4;
  const { color, alpha } = splitAlphaRows(filteredRows(png), png.width, png.height, channels, png.bitDepth === 16 ? 2 : 1);
  const predictor = (colors: number) => ({ colors, bitsPerComponent: png.bitDepth, columns: png.width });
  return {
    colorSpace: channels === 2 ? 'DeviceGray' : 'DeviceRGB',
    bitsPerComponent: png.bitDepth,
    image: { bytes: color, deflated: false, predictor: predictor(channels - 1) },
    alpha: { bytes: alpha, deflated: false, predictor: predictor(1), bitsPerComponent: png.bitDepth },
  };
}

/** A palette with partial transparency: indices stay, alpha comes from tRNS per pixel. */
function decodePaletteWithAlpha(png: PngInfo): PdfImageData {
  const depth = png.bitDepth;
  const rowBytes = Math.ceil((png.width * depth) / 8);
  const rows = unfilter(filteredRows(png), rowBytes, png.height, 1);
  const t = png.transparency!;
  const alpha = new Uint8Array(png.width * png.height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const bit = x * depth;
      const index = (rows[y * rowBytes + (bit >> 3)]! >> (8 - depth - (bit & 7))) & mask;
      alpha[y * png.width + x] = index < t.length ? t[index]! : 255;
    }
  }
  return {
    colorSpace: { indexed: png.palette! },
    bitsPerComponent: depth,
    // Interlaced, this de-interlaces a second time (the rows above were unfiltered in place):
    // a rare kind of scan, and simpler than sharing the buffer.
    image: idatStream(png, 1),
    alpha: { bytes: alpha, deflated: false, bitsPerComponent: 8 },
  };
}
