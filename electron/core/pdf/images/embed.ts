// Image XObjects for scans: JPEG bytes unchanged (DCTDecode), PNG as png.ts decides.
import { promisify } from 'node:util';
import { constants, deflate, type ZlibOptions } from 'node:zlib';
import { PDFHexString, type PDFContext, type PDFDocument, type PDFRef } from '@cantoo/pdf-lib';
import { partsStream, rawStream, type LiteralDict } from '../rawStream.ts';
import type { JpegInfo } from './jpeg.ts';
import { pngToPdfImage, type ImageStream, type PngInfo } from './png.ts';

const deflateAsync = promisify(deflate);

/**
 * Output buffer of a deflate on the thread pool. Each time it fills, node:zlib hands it to the
 * main thread and waits for the main thread to ask for more — which it does only between its
 * own tasks, so with the default 16 KB a screenshot's deflate stalled until the pages were
 * drawn. 1 MB holds most images' compressed data: one trip to the pool.
 */
export const POOL_CHUNK = 1024 * 1024;

/**
 * Work that finishes later: streams whose contents are still being deflated on libuv's
 * thread pool while the main thread lays out pages. Their references exist at once; the
 * objects are assigned when the work is done. `settle` before serializing.
 */
export class PendingStreams {
  private readonly jobs: Promise<void>[] = [];
  private readonly refs = new Set<PDFRef>();

  /**
   * A stream of `bytes` deflated on the thread pool, with `dict`'s entries (FlateDecode among
   * them): its reference now, its object once the deflate is done.
   */
  deflated(context: PDFContext, bytes: Uint8Array, dict: LiteralDict, options: ZlibOptions = {}): PDFRef {
    const ref = context.nextRef();
    const job = deflateAsync(bytes, options).then((data) => { context.assign(ref, rawStream(context, data, dict)); });
    job.catch(() => undefined); // observed in settle(); never an unhandled rejection meanwhile
    this.jobs.push(job);
    this.refs.add(ref);
    return ref;
  }

  /** Whether `ref` is (or was) assigned by work that finishes later. */
  has(ref: PDFRef): boolean {
    return this.refs.has(ref);
  }

  async settle(): Promise<void> {
    await Promise.all(this.jobs);
  }
}

/**
 * The JPEG as an image XObject whose stream is the file's bytes, byte for byte, from its
 * start-of-image to its end-of-image marker (info.end) — for almost every file, the whole
 * file (pdfimages -all gives back its SHA-256). What a file carries after the picture is
 * left out: a motion photo's MP4 (several MB a photo), padding, a second JPEG. DCTDecode
 * stops at the end-of-image marker, so viewers never read those bytes; in a package printed
 * at the counter they would only be weight. Nothing of the picture is re-encoded or changed.
 */
export function embedJpeg(doc: PDFDocument, file: Uint8Array, info: JpegInfo): PDFRef {
  const bytes = info.end < file.length ? file.subarray(0, info.end) : file;
  const colorSpace = info.components === 1 ? 'DeviceGray' : info.components === 3 ? 'DeviceRGB' : 'DeviceCMYK';
  const dict: LiteralDict = {
    Type: 'XObject',
    Subtype: 'Image',
    Width: info.width,
    Height: info.height,
    ColorSpace: colorSpace,
    BitsPerComponent: 8,
    Filter: 'DCTDecode',
  };
  // Adobe CMYK JPEGs store inverted values.
  if (info.components === 4 && info.adobe) dict['Decode'] = [1, 0, 1, 0, 1, 0, 1, 0];
  return doc.context.register(rawStream(doc.context, bytes, dict));
}

/**
 * How to deflate decoded image data. These are PNG-filtered rows: runs of zeros where the
 * filters predicted well, which run-length matching (Z_RLE, distance 1 only) packs as tightly
 * as the default strategy and faster — for one byte a pixel (alpha, grey). With several
 * bytes a pixel, a flat colour in a row left unfiltered repeats every 3 (or 6) bytes, which
 * Z_RLE cannot see: a flat 8190 × 8190 RGBA screenshot came out at 33.7 MB in 1.9 s, where
 * level 1's string matching gives 0.9 MB in 0.23 s (and the reference screenshot 51 KB
 * instead of 23 KB, in the same time).
 */
function deflateOptions(stream: ImageStream): { strategy: number } | { level: number } {
  const p = stream.predictor;
  const bytesPerPixel = p ? (p.colors * p.bitsPerComponent) / 8 : 1;
  return bytesPerPixel > 1 ? { level: 1 } : { strategy: constants.Z_RLE };
}

/** A FlateDecode stream: registered now when already zlib data, else once deflated. */
function flateStream(context: PDFContext, stream: ImageStream, entries: LiteralDict, pending: PendingStreams): PDFRef {
  const dict: LiteralDict = { ...entries, Filter: 'FlateDecode' };
  if (stream.predictor) {
    dict['DecodeParms'] = {
      Predictor: 15,
      Colors: stream.predictor.colors,
      BitsPerComponent: stream.predictor.bitsPerComponent,
      Columns: stream.predictor.columns,
    };
  }
  if (stream.deflated) return context.register(partsStream(context, stream.parts, dict));
  return pending.deflated(context, stream.bytes, dict, { ...deflateOptions(stream), chunkSize: POOL_CHUNK });
}

/** The PNG as an image XObject (with an /SMask when it has alpha). */
export function embedPngImage(doc: PDFDocument, png: PngInfo, pending: PendingStreams): PDFRef {
  const image = pngToPdfImage(png);
  const context = doc.context;
  const dict: LiteralDict = {
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    BitsPerComponent: image.bitsPerComponent,
  };
  if (typeof image.colorSpace === 'string') {
    dict['ColorSpace'] = image.colorSpace;
  } else {
    const palette = image.colorSpace.indexed;
    dict['ColorSpace'] = ['Indexed', 'DeviceRGB', Math.floor(palette.length / 3) - 1, PDFHexString.of(Buffer.from(palette).toString('hex'))];
  }
  if (image.colorKey) dict['Mask'] = image.colorKey;
  if (image.alpha) {
    dict['SMask'] = flateStream(context, image.alpha, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: png.width,
      Height: png.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: image.alpha.bitsPerComponent,
    }, pending);
  }
  return flateStream(context, image.image, dict, pending);
}
