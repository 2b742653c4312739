// The case number as a QR code, drawn as vector squares (one path, rows merged into runs).
// The encoder alone: the package's main module also loads renderers (and pngjs) we never use.
import { create } from 'qrcode/lib/core/qrcode.js';
import { num } from './geometry.ts';

/** PDF operators painting the QR code of `text` with its top-left corner at (x, top) in y-up page space. */
export function qrOps(text: string, x: number, top: number, size: number): string {
  const qr = create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const unit = size / (n + 2 * quiet);
  let path = '';
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      const px = x + (start + quiet) * unit;
      const py = top - (row + quiet + 1) * unit;
      path += `${num(px)} ${num(py)} ${num((col - start) * unit)} ${num(unit)} re `;
    }
  }
  return `q 0 g ${path}f Q`;
}
