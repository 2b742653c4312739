// JPEG facts read from the markers, without decoding: size, colour components, EXIF
// orientation, Adobe inversion — and a check that the file is whole. The bytes go into the
// PDF unchanged (DCTDecode).

export interface JpegInfo {
  width: number;
  height: number;
  components: 1 | 3 | 4;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  /** An Adobe APP14 marker: CMYK data is stored inverted. */
  adobe: boolean;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export class ImageFormatError extends Error {}

function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

/** Parse a JPEG's header markers; throws ImageFormatError when the file is not a whole JPEG. */
export function parseJpeg(bytes: Uint8Array): JpegInfo {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ImageFormatError('not a JPEG file (no start-of-image marker)');
  let i = 2;
  let info: Omit<JpegInfo, 'orientation' | 'adobe'> | undefined;
  let orientation = 1;
  let adobe = false;
  let scanStart = -1;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) throw new ImageFormatError(`corrupt JPEG: expected a marker at byte ${i}`);
    while (bytes[i] === 0xff) i++; // fill bytes
    const marker = bytes[i];
    i++;
    if (marker === undefined) break;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9) throw new ImageFormatError('corrupt JPEG: it ends before any image data');
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
      info = { width, height, components };
    } else if (marker === 0xe1 && length >= 16 && String.fromCharCode(...bytes.subarray(start, start + 4)) === 'Exif') {
      orientation = exifOrientation(bytes.subarray(start + 6, i + length)) ?? 1;
    } else if (marker === 0xee && length >= 7 && String.fromCharCode(...bytes.subarray(start, start + 5)) === 'Adobe') {
      adobe = true;
    } else if (marker === 0xda) {
      scanStart = i + length;
      break;
    }
    i += length;
  }
  if (!info) throw new ImageFormatError('corrupt JPEG: no frame header');
  if (scanStart < 0) throw new ImageFormatError('corrupt JPEG: no image data');
  // Entropy-coded data never holds FF D9 (FF is stuffed as FF 00): the end-of-image marker
  // after the scan shows the file is whole. Trailing bytes after it are tolerated.
  const eoi = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf(EOI);
  if (eoi < scanStart) throw new ImageFormatError('corrupt JPEG: truncated (no end-of-image marker)');
  return { ...info, orientation, adobe };
}

const EOI = Buffer.from([0xff, 0xd9]);

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
