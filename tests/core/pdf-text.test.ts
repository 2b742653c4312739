// Line breaking (electron/core/pdf/text.ts) with the real font: 行首禁则 and whole numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from '@cantoo/pdf-lib';
import { createFaces } from '../../electron/core/pdf/fonts.ts';
import { wrapText } from '../../electron/core/pdf/text.ts';

const NO_LINE_START = [...'、。，；：？！）》」』】〕…'];
const NO_LINE_END = [...'（《「『【〔'];

test('wrapText: 行首禁则 at every width — no line starts with 、。，；：？！）》」』】〕…, none ends with （《「『【〔 — and numbers and Latin words stay whole', async () => {
  const { regular } = await createFaces(await PDFDocument.create(), 'wrap');
  const lines = Array.from({ length: 41 }, (_, i) => i + 1).join('、');
  const text = `请确认门诊票据已使用社保卡结算（第 ${lines} 行未注明）。发票 35010126 3000000001 与《出生医学证明》「原件」不符……金额 1,234.50 元；见【附件】〔2024〕12号：ClaimDesk 生成。`;
  const numbers = text.match(/[\dA-Za-z][\dA-Za-z.,]*/g)!;
  for (let width = 30; width <= 400; width += 3) {
    const wrapped = wrapText(text, regular, 10, width);
    assert.equal(wrapped.join('').replace(/\s/g, ''), text.replace(/\s/g, ''), 'nothing lost');
    wrapped.forEach((line, i) => {
      if (i > 0) assert.ok(!NO_LINE_START.includes(line[0]!), `width ${width}: line ${i + 1} starts with ${line[0]}: ${line}`);
      if (i < wrapped.length - 1) assert.ok(!NO_LINE_END.includes(line.at(-1)!), `width ${width}: line ${i + 1} ends with ${line.at(-1)}: ${line}`);
      assert.ok(regular.width(line, 10) <= width + 0.01 || !/\s/.test(line.trim()), `width ${width}: line ${i + 1} fits`);
    });
    // A number or word is never split between lines (at widths it fits in).
    const words = wrapped.flatMap((l) => l.match(/[\dA-Za-z][\dA-Za-z.,]*/g) ?? []);
    if (width >= 60) assert.deepEqual(words.filter((w) => !numbers.includes(w)), [], `width ${width}: ${wrapped.join(' | ')}`);
  }
});

test('wrapText: no break at a no-break space (U+00A0, U+202F, U+2007) or a word joiner (U+2060) — "3\u00a0次" stays on one line — and a combining accent is composed with its letter', async () => {
  const { composeMarks, createFaces: faces } = await import('../../electron/core/pdf/fonts.ts');
  const { regular } = await faces(await PDFDocument.create(), 'glue');
  for (const glue of ['\u00a0', '\u202f', '\u2007', '\u2060']) {
    const pairs = [`3${glue}次`, `NBSP${glue}Y`, `第${glue}12${glue}页`];
    const text = `胃镜检查复查 ${pairs[0]}，另见 ${pairs[1]} 与${pairs[2]}。`;
    for (let width = 30; width <= 200; width += 1) {
      const wrapped = wrapText(text, regular, 10, width);
      assert.equal(wrapped.join('').replace(/ /g, ''), text.replace(/ /g, ''), `U+${glue.codePointAt(0)!.toString(16)} width ${width}: nothing lost`);
      for (const pair of pairs) {
        if (regular.width(pair, 10) > width) continue; // alone wider than the line: broken as any word
        assert.ok(wrapped.some((l) => l.includes(pair)), `U+${glue.codePointAt(0)!.toString(16)} width ${width}: ${JSON.stringify(pair)} on one line: ${JSON.stringify(wrapped)}`);
      }
    }
  }
  // e + U+0301 is drawn as é, one glyph with the accent in place — not e, then the accent
  // over the next letter; a CJK compatibility ideograph (a name's registered form) is kept.
  assert.deepEqual(wrapText('e\u0301 combining', regular, 10, 500), ['\u00e9 combining']);
  assert.deepEqual(regular.runs('e\u0301'), regular.runs('\u00e9'));
  assert.equal(regular.runs('e\u0301')[0]!.hex.length, 4, 'one glyph');
  assert.equal(regular.width('e\u0301', 10), regular.width('\u00e9', 10));
  assert.equal(composeMarks('\uf900\u0301'), '\uf900\u0301');
  assert.equal(composeMarks('豈'), '豈');
});
