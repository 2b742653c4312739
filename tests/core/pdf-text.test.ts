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
