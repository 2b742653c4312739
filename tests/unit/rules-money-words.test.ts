// money.words: amounts in 大写 from integer fen (RULES.md examples, then every amount from 0
// to past 10^12 fen through a parser written here, independent of the implementation).
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { amountInWords, formatFen, parseYuanToFen } from '../../shared/rules/moneyWords.ts';

const DIGIT: Record<string, bigint> = { 零: 0n, 壹: 1n, 贰: 2n, 叁: 3n, 肆: 4n, 伍: 5n, 陆: 6n, 柒: 7n, 捌: 8n, 玖: 9n };
const SMALL: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };

/** 大写 → fen, the way a cashier reads it: digits times units, 万 and 亿 scale what precedes. */
function parseDaxie(s: string): bigint {
  if (s === '零元整') return 0n;
  const m = /^(?:(.+)元)?(零)?(?:(.)角)?(?:(.)分)?(整)?$/u.exec(s);
  assert.ok(m, `not 大写 money: ${s}`);
  let yi = 0n, wan = 0n, section = 0n, digit = 0n;
  for (const ch of m[1] ?? '') {
    if (ch in DIGIT) digit = DIGIT[ch]!;
    else if (ch in SMALL) { assert.ok(digit > 0n, `unit without digit in ${s}`); section += digit * SMALL[ch]!; digit = 0n; }
    else if (ch === '万') { wan = (section + digit) * 10000n; section = 0n; digit = 0n; }
    else if (ch === '亿') { yi = (yi + wan + section + digit) * 100000000n; wan = 0n; section = 0n; digit = 0n; }
    else assert.fail(`unexpected ${ch} in ${s}`);
  }
  const yuan = yi + wan + section + digit;
  const jiao = m[3] ? DIGIT[m[3]]! : 0n;
  const fen = m[4] ? DIGIT[m[4]]! : 0n;
  return yuan * 100n + jiao * 10n + fen;
}

test('money.words: the RULES.md examples — 1409.50 and 107000.53', () => {
  assert.equal(amountInWords(140950), '壹仟肆佰零玖元伍角');
  assert.equal(amountInWords(10700053), '壹拾万柒仟元零伍角叁分');
});

test('money.words: 整 after 元 only without 角 and 分', () => {
  assert.equal(amountInWords(0), '零元整');
  assert.equal(amountInWords(100), '壹元整');
  assert.equal(amountInWords(1000000), '壹万元整');
  assert.equal(amountInWords(50), '伍角');
  assert.equal(amountInWords(5), '伍分');
  assert.equal(amountInWords(105), '壹元零伍分');
  assert.equal(amountInWords(1050), '壹拾元零伍角');
  assert.equal(amountInWords(1234567), '壹万贰仟叁佰肆拾伍元陆角柒分');
});

test('money.words: one 零 for a run of zeros, none at the end of a section', () => {
  assert.equal(amountInWords(10070000), '壹拾万零柒佰元整');
  assert.equal(amountInWords(100000500), '壹佰万零伍元整');
  assert.equal(amountInWords(10000000100), '壹亿零壹元整');
  assert.equal(amountInWords(10005000000), '壹亿零伍万元整');
  assert.equal(amountInWords(10050000000), '壹亿零伍拾万元整');
  assert.equal(amountInWords(100010000000000), '壹万零壹亿元整');
  assert.equal(amountInWords(100000000000000), '壹万亿元整');
  assert.equal(amountInWords(1001000000), '壹仟零壹万元整');
});

test('money.words: sums past 2^53 fen are spelt from a bigint', () => {
  assert.equal(parseDaxie(amountInWords(12345678901234567890n)), 12345678901234567890n);
  assert.throws(() => amountInWords(1.5), RangeError);
  assert.throws(() => amountInWords(-1), RangeError);
});

test('money.words: every amount from 0 to 10^12 fen round-trips through an independent parser', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (fen) => parseDaxie(amountInWords(fen)) === BigInt(fen)), { numRuns: 20000 });
});

test('money.words: amounts up to 2^53 fen, and ones full of zeros, round-trip too', () => {
  fc.assert(fc.property(fc.maxSafeNat(), (fen) => parseDaxie(amountInWords(fen)) === BigInt(fen)), { numRuns: 5000 });
  const sparse = fc.array(fc.constantFrom(0, 0, 0, 1, 9), { minLength: 1, maxLength: 15 }).map((ds) => Number(ds.join('')));
  fc.assert(fc.property(sparse, (fen) => parseDaxie(amountInWords(fen)) === BigInt(fen)), { numRuns: 5000 });
});

test('money.words: the form is canonical — no 零零, no leading 零, no unit without its digit, 整 exactly when 角 and 分 are 0', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (fen) => {
    const w = amountInWords(fen);
    assert.ok(!w.includes('零零'), w);
    assert.ok(!w.startsWith('零'), w);
    assert.ok(!/(^|[^壹贰叁肆伍陆柒捌玖])[拾佰仟]/u.test(w), w);
    assert.ok(!/零[拾佰仟万亿元角分]/u.test(w), w); // 零 is always followed by a digit
    assert.equal(w.endsWith('整'), fen % 100 === 0, w);
    assert.ok(!/零$/u.test(w), w);
  }), { numRuns: 20000 });
});

test('money.words: figures and typed amounts stay in integer fen', () => {
  assert.equal(formatFen(10700053), '107,000.53');
  assert.equal(formatFen(5), '0.05');
  assert.equal(parseYuanToFen('1,409.5'), 140950);
  assert.equal(parseYuanToFen('￥12'), 1200);
  assert.equal(parseYuanToFen('0.1'), 10);
  assert.equal(parseYuanToFen('1.234'), null);
  // Thousands separators only every three digits: '1,23' is not 123 元 (nor 1.23).
  assert.equal(parseYuanToFen('1,234,567.89'), 123456789);
  assert.equal(parseYuanToFen('1，234.5'), 123450);
  assert.equal(parseYuanToFen(' ￥ 1,000 '), 100000);
  // From a Chinese input method: full-width digits and punctuation (NFKC); a trailing 元 like a leading ¥.
  assert.equal(parseYuanToFen('１２３'), 12300);
  assert.equal(parseYuanToFen('１２３．５'), 12350);
  assert.equal(parseYuanToFen('12,345.67元'), 1234567);
  assert.equal(parseYuanToFen('￥１，２３４ 元'), 123400);
  for (const bad of ['1,23', '1,2,3', '12,34.5', ',123', '1,234,56', '1234,567', '1 234', '123456789012', '-5', '', '元', '5元元', '元5']) {
    assert.equal(parseYuanToFen(bad), null, bad);
  }
  fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999_999_99 }), (fen) => parseYuanToFen(formatFen(fen)) === fen));
});
