// Page sizes, margins and the affine matrices used to place scans and pages.

/** A4 in points (210 × 297 mm). */
export const A4_PORTRAIT = { width: 595.28, height: 841.89 } as const;
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 } as const;

export interface Size {
  width: number;
  height: number;
}

/** Margins of the generated sections (cover, tables): about 14 mm left/right. */
export const MARGIN_X = 40;
/** Top band for the running header, bottom band for the page number. */
export const HEADER_HEIGHT = 34;
export const FOOTER_HEIGHT = 30;

/** PDF affine matrix [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** First `m1`, then `m2` (row-vector convention, as PDF's `cm` concatenates). */
export function then(m1: Matrix, m2: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = m1;
  const [a2, b2, c2, d2, e2, f2] = m2;
  return [
    a1 * a2 + b1 * c2,
    a1 * b2 + b1 * d2,
    c1 * a2 + d1 * c2,
    c1 * b2 + d1 * d2,
    e1 * a2 + f1 * c2 + e2,
    e1 * b2 + f1 * d2 + f2,
  ];
}

export const translate = (x: number, y: number): Matrix => [1, 0, 0, 1, x, y];
export const scale = (sx: number, sy: number = sx): Matrix => [sx, 0, 0, sy, 0, 0];

/**
 * Rotate a w × h box lying at the origin clockwise by a multiple of 90°, so that the result
 * again lies at the origin (its size is h × w for 90° and 270°).
 */
export function rotateBoxClockwise(degrees: number, w: number, h: number): Matrix {
  switch (((degrees % 360) + 360) % 360) {
    case 90: return [0, -1, 1, 0, 0, w];
    case 180: return [-1, 0, 0, -1, w, h];
    case 270: return [0, 1, -1, 0, h, 0];
    default: return IDENTITY;
  }
}

/** A number as PDF writes it: at most 3 decimals, no exponent, no trailing zeros. */
export function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  if (Object.is(r, -0)) return '0';
  return String(r);
}

export function matrixOp(m: Matrix): string {
  return `${num(m[0])} ${num(m[1])} ${num(m[2])} ${num(m[3])} ${num(m[4])} ${num(m[5])} cm`;
}

/** Scale a w × h box to fit inside `box` (never 0), keeping its aspect ratio. */
export function fitScale(w: number, h: number, boxW: number, boxH: number): number {
  return Math.min(boxW / w, boxH / h);
}

/**
 * EXIF orientation 1–8 as a matrix taking the stored image's unit square (as PDF paints an
 * image) to the unit square of the upright picture.
 */
export function orientationMatrix(orientation: number): Matrix {
  switch (orientation) {
    case 2: return [-1, 0, 0, 1, 1, 0]; // mirrored
    case 3: return [-1, 0, 0, -1, 1, 1]; // upside down
    case 4: return [1, 0, 0, -1, 0, 1]; // mirrored upside down
    case 5: return [0, -1, -1, 0, 1, 1]; // transposed
    case 6: return [0, -1, 1, 0, 0, 1]; // turn 90° clockwise to view
    case 7: return [0, 1, 1, 0, 0, 0]; // transversed
    case 8: return [0, 1, -1, 0, 1, 0]; // turn 90° anticlockwise to view
    default: return IDENTITY;
  }
}
