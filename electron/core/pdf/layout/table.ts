// Tables that run across pages: cells wrap inside their column (long institution names
// never overflow), the header row repeats at the top of every page, and a row moves whole to
// the next page unless it is taller than a whole page: then its lines run on over as many
// pages as it needs, under the repeated header, rather than over the footer and off the page.
// Keep-with rules hold rows together across a break: a row may keep with the row before it
// (a total with the last line, its 大写 with the total), and what follows the table (a
// footnote) with the last rows; such a group moves to the next page whole, so a continued
// page never holds a repeated header over a lone total, or a footnote alone.
import { INK, SHADE, type Align } from '../canvas.ts';
import { wrapText } from '../text.ts';
import { baselineIn, type DrawOp, type Flow, type RenderContext } from './flow.ts';
import type { Canvas } from '../canvas.ts';
import type { FontFace } from '../fonts.ts';

export interface Column {
  title: string;
  /** Relative width; the columns share the flow's width in these proportions. */
  weight: number;
  align?: Align;
  /** Text the column must hold on one line (a row number such as "2000"): the column widens
   *  to it when its weight leaves it too narrow, and the other columns give up that width. */
  fit?: string;
  /** Size the column to its widest cell (in the face it is drawn in). 'always': a figure, never
   *  broken — a cell still too wide when the giving columns can give no more is drawn smaller;
   *  'prefer': widened as far as the giving columns allow, the rest wraps (see `wrap`). */
  fitCells?: 'always' | 'prefer';
  /** A wide text column (医疗机构) that gives up width, down to a part of its share, to the
   *  columns that widen. Without any, every column that does not widen gives in proportion. */
  gives?: boolean;
  /** How the column's cells break into lines (default wrapText). */
  wrap?: (text: string, face: FontFace, size: number, maxWidth: number) => string[];
}

export interface CellSpec {
  text: string;
  bold?: boolean;
  color?: string;
  align?: Align;
  /** Number of columns this cell covers (default 1). */
  span?: number;
  /** Text decided only when drawing (e.g. page numbers); `text` is what layout measures. */
  late?: (ctx: RenderContext) => string;
}

export type Cell = string | CellSpec;

export interface TableStyle {
  size: number;
  lineHeight: number;
  padX: number;
  padY: number;
}

export const DEFAULT_TABLE_STYLE: TableStyle = { size: 8.5, lineHeight: 11.5, padX: 3.5, padY: 3 };

interface LaidCell {
  x: number;
  width: number;
  lines: string[];
  spec: CellSpec;
  /** Text size when it differs from the table's (a figure shrunk to its cell). */
  size?: number;
}

interface LaidRow {
  cells: LaidCell[];
  widths: number[];
  height: number;
}

function spec(cell: Cell): CellSpec {
  return typeof cell === 'string' ? { text: cell } : cell;
}

export interface TableOptions {
  style?: Partial<TableStyle>;
  /** Draw the header row (default true); a key/value table has none. */
  header?: boolean;
  /** Rows drawn with a light fill (e.g. totals). */
  shaded?: (rowIndex: number) => boolean;
  /** Rows that stay on the page of the row before them (a total under the last line, its 大写
   *  under the total): when they do not fit, the row before moves over with them. */
  keepWithPrevious?: (rowIndex: number) => boolean;
  /** Height of what comes right after the table and stays on the page of its last row (a
   *  footnote, with the space above it): the last rows move over with it when it does not fit. */
  followedBy?: number;
}

/** Slack for sums of row heights compared with the room left (floating point). */
const EPSILON = 0.01;

/** The least part of its share a giving column keeps. */
const GIVE_FLOOR = 0.4;

/** Each column's share of the flow's width by weight, except that a column with `fit` text is
 *  at least as wide as that text in bold (totals rows are bold) plus its padding, and a column
 *  with `fitCells` as wide as its widest cell (`widest`, text width without padding) as far as
 *  the giving columns allow — first the columns that must hold their text on one line, then
 *  those that prefer to. */
export function columnWidths(flow: Pick<Flow, 'width' | 'fonts'>, columns: readonly Column[], style: TableStyle = DEFAULT_TABLE_STYLE, widest: readonly (number | undefined)[] = []): number[] {
  const totalWeight = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (flow.width * c.weight) / totalWeight);
  const must = columns.map((c, i) => {
    let w = widths[i]!;
    if (c.fit !== undefined) w = Math.max(w, flow.fonts.bold.width(c.fit, style.size) + 2 * style.padX);
    if (c.fitCells === 'always' && widest[i] !== undefined) w = Math.max(w, widest[i]! + 2 * style.padX);
    return w - widths[i]!;
  });
  const prefer = columns.map((c, i) => (c.fitCells === 'prefer' && widest[i] !== undefined ? Math.max(0, widest[i]! + 2 * style.padX - widths[i]!) : 0));
  const widens = (i: number): boolean => must[i]! > 0 || prefer[i]! > 0;
  const someGive = columns.some((c, i) => c.gives && !widens(i));
  const givers = columns.map((c, i) => !widens(i) && (someGive ? c.gives === true : true));
  // Without giving columns every other column shrinks in proportion, as far as it takes.
  const floor = widths.map((w) => (someGive ? w * GIVE_FLOOR : 0));
  let available = widths.reduce((s, w, i) => s + (givers[i] ? w - floor[i]! : 0), 0);
  const grant = (asks: number[]): number[] => {
    const total = asks.reduce((s, a) => s + a, 0);
    const k = total <= 0 ? 0 : Math.min(1, available / total);
    available -= total * k;
    return asks.map((a) => a * k);
  };
  const capacity = available;
  const gotMust = grant(must);
  const gotPrefer = grant(prefer);
  const taken = capacity - available;
  if (taken <= 0) return widths;
  return widths.map((w, i) => (givers[i] ? w - ((w - floor[i]!) * taken) / capacity : w + gotMust[i]! + gotPrefer[i]!));
}

/** The 序号 column of a table of `rows` numbered rows: wide enough for the largest number. */
export function serialColumn(rows: number): Column {
  return { title: '序号', weight: 4.2, align: 'center', fit: String(Math.max(rows, 1)) };
}

/** Lay out a table at the flow's cursor, breaking pages and repeating the header row. */
export function table(flow: Flow, columns: readonly Column[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): void {
  const style = { ...DEFAULT_TABLE_STYLE, ...options.style };
  const faceOf = (s: CellSpec, bold: boolean): FontFace => (s.bold || bold ? flow.fonts.bold : flow.fonts.regular);
  // The widest single-column cell of each column that sizes to its cells.
  const widest: (number | undefined)[] = columns.map(() => undefined);
  if (columns.some((c) => c.fitCells)) {
    for (const r of rows) {
      let col = 0;
      for (const cell of r) {
        const s = spec(cell);
        const span = Math.max(1, s.span ?? 1);
        if (span === 1 && columns[col]?.fitCells) {
          const w = Math.max(...s.text.split('\n').map((t) => faceOf(s, false).width(t, style.size)));
          widest[col] = Math.max(widest[col] ?? 0, w);
        }
        col += span;
      }
    }
  }
  const widths = columnWidths(flow, columns, style, widest);
  const x0 = flow.left;

  const layRow = (cells: readonly Cell[], bold: boolean, header = false): LaidRow => {
    const laid: LaidCell[] = [];
    const cellWidths: number[] = [];
    let col = 0;
    let x = x0;
    for (const cell of cells) {
      const s = spec(cell);
      const span = Math.max(1, s.span ?? 1);
      let width = 0;
      for (let i = col; i < Math.min(col + span, columns.length); i++) width += widths[i]!;
      const face = faceOf(s, bold);
      const column = span === 1 && !header ? columns[col] : undefined;
      const room = width - 2 * style.padX;
      let lines: string[];
      let size: number | undefined;
      if (column?.fitCells === 'always') {
        // A figure is never broken: it shrinks when even its widened column cannot hold it.
        lines = [s.text.replace(/\n/g, ' ')];
        const w = face.width(lines[0]!, style.size);
        if (w > room + 0.01) size = (style.size * room) / w;
      } else {
        lines = (column?.wrap ?? wrapText)(s.text, face, style.size, room);
      }
      laid.push({ x, width, lines, spec: { ...s, bold: s.bold || bold, align: s.align ?? columns[col]?.align ?? 'left' }, ...(size !== undefined ? { size } : {}) });
      cellWidths.push(width);
      x += width;
      col += span;
    }
    const maxLines = Math.max(1, ...laid.map((c) => c.lines.length));
    return { cells: laid, widths: cellWidths, height: maxLines * style.lineHeight + 2 * style.padY };
  };

  const drawRow = (row: LaidRow, top: number, fill?: string): DrawOp => (c: Canvas, ctx: RenderContext) => {
    c.gridRow(x0, top, row.widths, row.height, 0.5, 0.45, fill);
    for (const cell of row.cells) {
      const face = cell.spec.bold ? ctx.fonts.bold : ctx.fonts.regular;
      const lines = cell.spec.late && cell.lines.length > 0 ? [cell.spec.late(ctx)] : cell.lines;
      const align = cell.spec.align ?? 'left';
      const x = align === 'left' ? cell.x + style.padX : align === 'right' ? cell.x + cell.width - style.padX : cell.x + cell.width / 2;
      lines.forEach((line, i) => {
        const baseline = baselineIn(top + style.padY + i * style.lineHeight, style.lineHeight, style.size);
        c.text(x, baseline, line, face, cell.size ?? style.size, { color: cell.spec.color ?? INK, align });
      });
    }
  };

  const header = layRow(columns.map((c) => ({ text: c.title, align: 'center' as const })), true, true);
  const body = rows.map((r) => layRow(r, false));

  const withHeader = options.header ?? true;
  const headerHeight = withHeader ? header.height : 0;
  const drawHeader = (): void => {
    if (!withHeader) return;
    flow.draw(drawRow(header, flow.y, SHADE));
    flow.y += header.height;
  };
  /** Room for rows on a fresh page of this table (below the continued title and the header). */
  const freshRoom = flow.freshRoom() - headerHeight;
  const lineCount = (row: LaidRow): number => Math.max(1, ...row.cells.map((c) => c.lines.length));
  /** Lines of a row that fit in `room`. */
  const linesIn = (room: number): number => Math.floor((room - 2 * style.padY + 0.01) / style.lineHeight);
  /** A piece of a row too tall for a page: lines [from, to) of every cell. */
  const piece = (row: LaidRow, from: number, to: number): LaidRow => ({
    widths: row.widths,
    height: (to - from) * style.lineHeight + 2 * style.padY,
    cells: row.cells.map((c) => ({
      ...c,
      lines: c.lines.slice(from, to),
      // Text decided when drawing (a page range) belongs to the row's first line.
      spec: from === 0 ? c.spec : { ...c.spec, late: undefined },
    })),
  });
  // Only a row taller than a fresh page is split; the least of it worth starting on a page.
  const tall = (row: LaidRow): boolean => row.height > freshRoom;
  const MIN_LINES = 2;
  const keeps = (i: number): boolean => i > 0 && options.keepWithPrevious?.(i) === true;
  const followedBy = options.followedBy ?? 0;
  /**
   * The height that must fit for row i to start where it is: the row, the rows after it that
   * keep with it, and what follows the table when they are its last rows.
   */
  const keptFrom = (i: number): number => {
    let height = 0;
    let j = i;
    do height += body[j++]!.height; while (j < body.length && keeps(j));
    return height + (j === body.length ? followedBy : 0);
  };
  /** A group that fits on a fresh page is kept together; one that does not (a row taller
   *  than a page, or nearly) is laid out row by row, as it cannot be kept. */
  const keepable = (height: number): boolean => height <= freshRoom + EPSILON;
  const firstNeed = (): number => {
    const row = body[0];
    if (!row) return 0;
    if (keepable(keptFrom(0))) return keptFrom(0);
    return tall(row) ? Math.min(MIN_LINES, lineCount(row)) * style.lineHeight + 2 * style.padY : row.height;
  };

  flow.ensure(headerHeight + firstNeed());
  drawHeader();
  /** Rows (or pieces of one) drawn under the header on this page. */
  let rowsOnPage = 0;
  const breakPage = (): void => {
    flow.newPage();
    drawHeader();
    rowsOnPage = 0;
  };
  const place = (row: LaidRow, fill: string | undefined): void => {
    flow.draw(drawRow(row, flow.y, fill));
    flow.y += row.height;
    rowsOnPage += 1;
  };
  body.forEach((row, i) => {
    const fill = options.shaded?.(i) ? SHADE : undefined;
    // Keep-with: this row and what keeps with it go to the next page together when they do
    // not fit here but do there. Asked at every row, not only where a group starts: when a
    // whole group is too tall for any page, its tail still stays together. Never on a page
    // without rows yet, which would leave the header alone.
    const kept = keptFrom(i);
    if (rowsOnPage > 0 && kept > flow.room + EPSILON && keepable(kept)) breakPage();
    if (row.height <= flow.room + EPSILON) {
      place(row, fill);
      return;
    }
    if (!tall(row)) {
      breakPage();
      place(row, fill);
      return;
    }
    const total = lineCount(row);
    let from = 0;
    while (from < total) {
      let fit = linesIn(flow.room);
      // Start on a fresh page rather than leave a line or two at the foot of this one.
      if (fit < Math.min(MIN_LINES, total - from)) {
        breakPage();
        fit = Math.max(1, linesIn(flow.room));
      }
      const to = Math.min(total, from + fit);
      place(piece(row, from, to), fill);
      from = to;
    }
  });
}
