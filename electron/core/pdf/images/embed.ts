// Image XObjects for scans: JPEG bytes unchanged (DCTDecode), PNG as png.ts decides.
import { PDFHexString, type PDFDocument, type PDFRef } from '@cantoo/pdf-lib';
import { rawStream, type LiteralDict } from '../rawStream.ts';
import type { JpegInfo } from './jpeg.ts';
import { pngToPdfImage, type PngInfo } from './png.ts';

/** The JPEG as an image XObject whose stream is the file's bytes, byte for byte. */
export function embedJpeg(doc: PDFDocument, bytes: Uint8Array, info: JpegInfo): PDFRef {
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

/** The PNG as an image XObject (with an /SMask when it has alpha). */
export async function embedPngImage(doc: PDFDocument, bytes: Uint8Array, png: PngInfo): Promise<PDFRef> {
  const image = pngToPdfImage(png);
  if (!image) {
    // Interlaced: rare for scans; pdf-lib decodes and recompresses it.
    const embedded = await doc.embedPng(bytes);
    return embedded.ref;
  }
  const context = doc.context;
  const dict: LiteralDict = {
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    BitsPerComponent: image.bitsPerComponent,
    Filter: 'FlateDecode',
  };
  if (typeof image.colorSpace === 'string') {
    dict['ColorSpace'] = image.colorSpace;
  } else {
    const palette = image.colorSpace.indexed;
    dict['ColorSpace'] = ['Indexed', 'DeviceRGB', Math.floor(palette.length / 3) - 1, PDFHexString.of(Buffer.from(palette).toString('hex'))];
  }
  if (image.predictor) {
    dict['DecodeParms'] = {
      Predictor: 15,
      Colors: image.predictor.colors,
      BitsPerComponent: image.predictor.bitsPerComponent,
      Columns: image.predictor.columns,
    };
  }
  if (image.colorKey) dict['Mask'] = image.colorKey;
  if (image.alpha) {
    dict['SMask'] = context.register(rawStream(context, image.alpha.data, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: png.width,
      Height: png.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: image.alpha.bitsPerComponent,
      Filter: 'FlateDecode',
    }));
  }
  return context.register(rawStream(context, image.data, dict));
}
