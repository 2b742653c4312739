// Line breaking for mixed Chinese/Latin text inside a width: Chinese may break between any
// two characters; runs of Latin letters and digits (invoice numbers, amounts) stay whole
// unless they alone are too wide. 行首禁则: closing punctuation (、。，…）》」) never starts a
// line and opening punctuation (（《「) never ends one — each token carries the opening marks
// before it and the closing marks after it, whether it is one Chinese character or a Latin
// word or number ("第 16、17、18 行" breaks before "17、", never before "、").
import { composeMarks, type FontFace } from './fonts.ts';

// Built from strings, not written as a regex literal: the bundler escapes strings to ASCII
// but copies regex literals as they are (see ASCII_ONLY in tests/core/cli.test.ts).
const OPENING = '（《「『【〔〈“‘([';
const CLOSING = '，。、；：？！）》」』】〕〉…‥”’,.;:?!)]％%';
/** Characters that forbid a line break on either side (UAX #14 classes GL and WJ): NO-BREAK
 *  SPACE, NARROW NO-BREAK SPACE, FIGURE SPACE, WORD JOINER, ZERO WIDTH NO-BREAK SPACE (a BOM
 *  inside a string, which \s would take for a breakable space) and MONGOLIAN VOWEL SEPARATOR —
 *  "3\u00a0次" and "1\u202f234" stay on one line. The other spaces (U+2000–200A but U+2007,
 *  U+205F, U+3000) break, as U+0020 does; the font draws each as blank (fonts.ts). */
const GLUE = '\u00a0\u202f\u2007\u2060\ufeff\u180e';
// A combining mark (\p{M}) stays with the character before it.
const WORD = "[\\p{Script=Latin}\\d]\\p{M}*(?:[\\p{Script=Latin}\\d.,:;\\-/'’_@#%&+*=!?)\\]]\\p{M}*)*";
/** The characters as a regex character class's members (the sets are also used as strings, unescaped). */
const inClass = (chars: string): string => chars.replace(/[\\\]^-]/g, '\\$&');
/** What a line may break before or after: a character or a word with its punctuation (above). */
const UNIT = `[${inClass(OPENING)}]*(?:${WORD}|[^\\s${GLUE}]\\p{M}*)[${inClass(CLOSING)}]*`;
// A token: a run of breakable spaces (\s without the no-break ones), or units joined by GLUE
// into one that never breaks inside (unless it alone is wider than the line).
const TOKEN = new RegExp(`[^\\S${GLUE}]+|[${GLUE}]*${UNIT}(?:[${GLUE}]+${UNIT})*[${GLUE}]*|[${GLUE}]+`, 'gu');

const COMBINING = /^\p{M}$/u;
/** A breakable space, which disappears at a break (a no-break one is kept, as text). */
const SPACE = new RegExp(`^[^\\S${GLUE}]+$`, 'u');

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Break `text` into lines no wider than `maxWidth` points at `size`. Always ≥ 1 line. */
export function wrapText(text: string, face: FontFace, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of composeMarks(text).split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const token of tokens(paragraph)) {
      const isSpace = SPACE.test(token);
      const w = face.width(token, size);
      if (lineWidth + w <= maxWidth + 0.01) {
        if (!(isSpace && line === '')) {
          line += token;
          lineWidth += w;
        }
        continue;
      }
      if (isSpace) {
        // A space at the break disappears.
        lines.push(line);
        line = '';
        lineWidth = 0;
        continue;
      }
      if (line !== '') {
        lines.push(line.trimEnd());
        line = '';
        lineWidth = 0;
      }
      if (w <= maxWidth + 0.01) {
        line = token;
        lineWidth = w;
        continue;
      }
      // A token wider than the whole width: break it between characters — but not before a
      // closing mark or after an opening one, which hang over the width instead (标点悬挂).
      for (const ch of token) {
        const cw = face.charWidth(ch, size);
        if (lineWidth + cw > maxWidth + 0.01 && line !== '' && !CLOSING.includes(ch) && !OPENING.includes(line.at(-1)!) && !COMBINING.test(ch)) {
          lines.push(line);
          line = '';
          lineWidth = 0;
        }
        line += ch;
        lineWidth += cw;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Shorten `text` with an ellipsis so that it fits in `maxWidth`. */
export function fitText(text: string, face: FontFace, size: number, maxWidth: number): string {
  if (face.width(text, size) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && face.width(chars.join('') + '…', size) > maxWidth) chars.pop();
  return chars.join('') + '…';
}

/**
 * Shorten `text` in the middle (ABC…XYZ) so that it fits in `maxWidth`, keeping as much of
 * its start and its end as room allows (the end gets the odd character).
 */
export function ellipsizeMiddle(text: string, face: FontFace, size: number, maxWidth: number): string {
  if (face.width(text, size) <= maxWidth) return text;
  const chars = [...text];
  let keep = chars.length - 1;
  const cut = (n: number): string => chars.slice(0, n >> 1).join('') + '…' + chars.slice(chars.length - (n - (n >> 1))).join('');
  while (keep > 0 && face.width(cut(keep), size) > maxWidth) keep--;
  return cut(keep);
}

/**
 * Lines of a code such as a case number, each no wider than `maxWidth`: breaks after a hyphen
 * where one fits, otherwise between characters. Every character is kept — the printed code
 * must read as the whole code (the QR beside it encodes all of it).
 */
export function breakCode(code: string, face: FontFace, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of code.match(/[^-]*-|[^-]+/g) ?? []) {
    if (face.width(line + piece, size) <= maxWidth + 0.01) {
      line += piece;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const ch of piece) {
      if (line !== '' && face.width(line + ch, size) > maxWidth + 0.01) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

// An amount in 大写 breaks after 亿, 万 or 元 (壹亿零贰佰万 / 叁仟元伍角), else between a digit
// and the next (叁仟 / 伍佰): never between a digit and its unit, never inside the figure.
// (From strings, as TOKEN above.)
const WORD_GROUP = new RegExp('[^亿万元整]*[亿万元整]|[^亿万元整]+$', 'gu');
const WORD_DIGIT = new RegExp('.[拾佰仟亿万元角分整]*', 'gu');

/** Lines of an amount in words (大写) no wider than `maxWidth`, broken at the places above. */
export function wrapAmountWords(text: string, face: FontFace, size: number, maxWidth: number): string[] {
  if (face.width(text, size) <= maxWidth + 0.01) return [text];
  const pieces = (text.match(WORD_GROUP) ?? [text]).flatMap((g) => (face.width(g, size) <= maxWidth + 0.01 ? [g] : g.match(WORD_DIGIT) ?? [g]));
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line !== '' && face.width(line + piece, size) > maxWidth + 0.01) {
      lines.push(line);
      line = '';
    }
    if (face.width(piece, size) > maxWidth + 0.01) {
      // Narrower than one digit with its unit: characters, as any Chinese text.
      const broken = wrapText(line + piece, face, size, maxWidth);
      line = broken.pop()!;
      lines.push(...broken);
      continue;
    }
    line += piece;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
