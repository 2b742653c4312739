// JPEG facts read from the markers, without decoding: size, colour components, EXIF
// orientation, Adobe inversion — and a check that the file is whole. The bytes go into the
// PDF unchanged (DCTDecode), up to the end-of-image marker (see embedJpeg).

export interface JpegInfo {
  width: number;
  height: number;
  components: 1 | 3 | 4;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  /** An Adobe APP14 marker: CMYK data is stored inverted. */
  adobe: boolean;
  /** Offset just after the end-of-image marker: where the picture ends. A phone's motion
   *  photo (an MP4 after the JPEG), padding or a second JPEG may follow; none of it is image. */
  end: number;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export class ImageFormatError extends Error {}

function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

interface Frame {
  width: number;
  height: number;
  progressive: boolean;
  /** Component id → sampling factors, from the frame header. */
  sampling: Map<number, { h: number; v: number }>;
}

/**
 * Minimum coded units of a scan of `ids` (the components its header names): an interleaved
 * scan codes the picture in blocks of Hmax×Vmax data units; a scan of one component codes
 * that component's own 8×8 blocks (ITU T.81 A.2).
 */
function mcusOf(frame: Frame, ids: readonly number[]): number {
  const all = [...frame.sampling.values()];
  const hMax = Math.max(...all.map((c) => c.h));
  const vMax = Math.max(...all.map((c) => c.v));
  if (ids.length === 1) {
    const c = frame.sampling.get(ids[0]!) ?? { h: hMax, v: vMax };
    return Math.ceil(Math.ceil((frame.width * c.h) / hMax) / 8) * Math.ceil(Math.ceil((frame.height * c.v) / vMax) / 8);
  }
  return Math.ceil(frame.width / (8 * hMax)) * Math.ceil(frame.height / (8 * vMax));
}

/**
 * Parse a JPEG's markers; throws ImageFormatError when the file is not a whole JPEG.
 *
 * The scan data is embedded as it is (DCTDecode), never decoded: decoding 40 scans would cost
 * about ten times the whole build. Instead the entropy-coded data is walked from one FF byte
 * to the next (Buffer.indexOf, native) and its structure checked: inside a scan an FF is only
 * ever followed by 00 (a stuffed FF) or a restart marker RST0–7; restart markers count
 * D0, D1, …, D7, D0 …; and in a single-scan (baseline/sequential) image with a restart
 * interval, there are exactly ceil(MCUs / interval) − 1 of them. That catches junk or another
 * file's bytes written over the scan when they hold FF bytes (as most binary data does),
 * and — in files with restart markers, which scanners and cameras often write — a scan cut
 * short and closed with FF D9, or junk without FF bytes that swallowed a restart marker.
 * It cannot catch flipped bits, junk without FF bytes in a file without restart markers, or
 * such a file cut short and closed with FF D9: only a decoder sees those.
 */
export function parseJpeg(bytes: Uint8Array): JpegInfo {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ImageFormatError('not a JPEG file (no start-of-image marker)');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 2;
  let info: Omit<JpegInfo, 'orientation' | 'adobe' | 'end'> | undefined;
  let frame: Frame | undefined;
  let orientation = 1;
  let adobe = false;
  let interval = 0; // DRI: MCUs between restart markers (0: none)
  let scans = 0;
  let restarts = 0; // restart markers in the last scan
  let lastScanMcus = 0;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) throw new ImageFormatError(`corrupt JPEG: expected a marker at byte ${i}`);
    while (bytes[i] === 0xff) i++; // fill bytes
    const marker = bytes[i];
    i++;
    if (marker === undefined) break;
    if (marker === 0xd9) {
      if (scans === 0) throw new ImageFormatError('corrupt JPEG: it ends before any image data');
      // Bytes after the end-of-image marker are tolerated (some cameras append data).
      if (scans === 1 && !frame!.progressive && interval > 0 && restarts !== Math.ceil(lastScanMcus / interval) - 1) {
        throw new ImageFormatError(`corrupt JPEG: the image data is incomplete (${restarts} of ${Math.ceil(lastScanMcus / interval) - 1} restart markers)`);
      }
      return { ...info!, orientation, adobe, end: i };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) throw new ImageFormatError(`corrupt JPEG: unexpected marker 0x${marker.toString(16)} at byte ${i - 2}`);
    if (marker === 0x01) continue;
    if (i + 2 > bytes.length) break;
    const length = u16(bytes, i);
    if (length < 2 || i + length > bytes.length) throw new ImageFormatError(`corrupt JPEG: segment 0x${marker.toString(16)} runs past the end of the file`);
    const start = i + 2;
    if (SOF.has(marker)) {
      const precision = bytes[start]!;
      const height = u16(bytes, start + 1);
      const width = u16(bytes, start + 3);
      const components = bytes[start + 5]!;
      if (precision !== 8) throw new ImageFormatError(`unsupported JPEG: ${precision}-bit samples`);
      if (width === 0 || height === 0) throw new ImageFormatError('unsupported JPEG: no image size in the frame header');
      if (components !== 1 && components !== 3 && components !== 4) throw new ImageFormatError(`unsupported JPEG: ${components} colour components`);
      if (length < 8 + 3 * components) throw new ImageFormatError('corrupt JPEG: frame header too short');
      const sampling = new Map<number, { h: number; v: number }>();
      for (let k = 0; k < components; k++) {
        const hv = bytes[start + 7 + 3 * k]!;
        if (hv >> 4 < 1 || hv >> 4 > 4 || (hv & 15) < 1 || (hv & 15) > 4) throw new ImageFormatError('corrupt JPEG: bad sampling factors in the frame header');
        sampling.set(bytes[start + 6 + 3 * k]!, { h: hv >> 4, v: hv & 15 });
      }
      info = { width, height, components };
      frame = { width, height, progressive: marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce, sampling };
    } else if (marker === 0xdd) {
      interval = length >= 4 ? u16(bytes, start) : 0;
    } else if (marker === 0xe1 && length >= 16 && String.fromCharCode(...bytes.subarray(start, start + 4)) === 'Exif') {
      orientation = exifOrientation(bytes.subarray(start + 6, i + length)) ?? 1;
    } else if (marker === 0xee && length >= 7 && String.fromCharCode(...bytes.subarray(start, start + 5)) === 'Adobe') {
      adobe = true;
    } else if (marker === 0xda) {
      if (!frame) throw new ImageFormatError('corrupt JPEG: image data before the frame header');
      const ids = Array.from({ length: bytes[start]! }, (_, k) => bytes[start + 1 + 2 * k]!);
      scans++;
      lastScanMcus = mcusOf(frame, ids);
      restarts = 0;
      // The entropy-coded data, FF byte to FF byte, up to the marker that ends it.
      let at = i + length;
      for (;;) {
        const ff = buf.indexOf(0xff, at);
        if (ff < 0 || ff + 1 >= bytes.length) throw new ImageFormatError('corrupt JPEG: truncated (no end-of-image marker)');
        const next = bytes[ff + 1]!;
        if (next === 0x00) { at = ff + 2; continue; }
        if (next >= 0xd0 && next <= 0xd7) {
          if (next !== 0xd0 + (restarts & 7)) throw new ImageFormatError(`corrupt JPEG: damaged image data (restart marker ${next - 0xd0} where ${restarts & 7} belongs, byte ${ff})`);
          restarts++;
          at = ff + 2;
          continue;
        }
        let m = ff + 1;
        while (bytes[m] === 0xff) m++; // fill bytes before the next marker
        const after = bytes[m];
        // What may follow a scan: the end of the image, or (progressive and multi-scan files)
        // the tables and header of the next scan, walked as markers above.
        if (after === undefined || !(after === 0xd9 || after === 0xc4 || after === 0xdb || after === 0xdd || after === 0xda || after === 0xdc || after === 0xcc || after === 0xfe || (after >= 0xe0 && after <= 0xef))) {
          throw new ImageFormatError(`corrupt JPEG: damaged image data (bytes FF ${after === undefined ? '' : after.toString(16).padStart(2, '0').toUpperCase()} inside the scan, at byte ${ff})`);
        }
        i = ff;
        break;
      }
      continue;
    }
    i += length;
  }
  if (!info) throw new ImageFormatError('corrupt JPEG: no frame header');
  if (scans === 0) throw new ImageFormatError('corrupt JPEG: no image data');
  throw new ImageFormatError('corrupt JPEG: truncated (no end-of-image marker)');
}

/**
 * Whether the JPEG is whole, from its own structure: the offset just after its end-of-image
 * marker, or null when the file ends before it (cut short). Segments are skipped by their
 * lengths and each scan's entropy-coded data is walked FF byte to FF byte (Buffer.indexOf,
 * native; nothing is decoded) to the marker after it — so an FF D9 inside an EXIF thumbnail
 * or in whatever follows the picture (a motion photo's MP4, padding) is never taken for the
 * end, and bytes after the end, however many, do not make a whole picture "truncated".
 * Lenient otherwise, as libjpeg is (stray bytes between segments are skipped to the next FF,
 * restart markers are not counted): this is the byte check that bundles keep alone, and
 * parseJpeg is the strict one.
 */
export function jpegEnd(bytes: Uint8Array): number | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) {
      const ff = buf.indexOf(0xff, i);
      if (ff < 0) return null;
      i = ff;
    }
    while (bytes[i] === 0xff) i++;
    const marker = bytes[i];
    i++;
    if (marker === undefined) return null;
    if (marker === 0xd9) return i;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (i + 2 > bytes.length) return null;
    const length = u16(bytes, i);
    if (length < 2 || i + length > bytes.length) return null;
    i += length;
    if (marker !== 0xda) continue;
    // The entropy-coded data ends at the first FF that is not a stuffed FF 00 or a restart marker.
    for (;;) {
      const ff = buf.indexOf(0xff, i);
      if (ff < 0 || ff + 1 >= bytes.length) return null;
      const next = bytes[ff + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) { i = ff + 2; continue; }
      i = ff;
      break;
    }
  }
  return null;
}

/** Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block. */
function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!little && !big) return undefined;
  const r16 = (o: number): number => (little ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const r32 = (o: number): number => (little ? r16(o) + r16(o + 2) * 65536 : r16(o) * 65536 + r16(o + 2));
  const ifd = r32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = r16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > tiff.length) return undefined;
    if (r16(e) === 0x0112) {
      const v = r16(e + 8);
      return v >= 1 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}
