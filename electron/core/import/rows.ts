// Each data row → a claimant and an expense line, or a rejection naming every problem:
// an ID number that fails GB 11643 (id.resident), a date that is not a real date, an amount
// not in 元 with at most two decimals (money is integer fen: parseYuanToFen), a missing
// institution. Nothing here writes; the service commits what this accepts.
import { MAX_AMOUNT_FEN, type Expense, type ExpenseKind } from '../../../shared/model/case.ts';
import { isIsoDate } from '../../../shared/model/dates.ts';
import { CONTROL_CHARACTERS, UNPAIRED_SURROGATE } from '../../../shared/model/characters.ts';
import { withoutFormulaMark } from '../../../shared/formula.ts';
import { amountTooLarge, formatFen, parseYuanToFen } from '../../../shared/rules/moneyWords.ts';
import { incomingInvoiceKey } from '../../../shared/rules/duplicateInvoice.ts';
import { checkIdNumber, ID_PROBLEM_MESSAGES } from '../../../shared/rules/idNumber.ts';
import { FIELD_LABELS, IMPORT_FIELDS, type ImportField, type ImportMapping, type ImportNotice, type ImportProblem, type ImportRejection } from '../../../shared/import.ts';
import type { NewbornNaming } from '../../../shared/policy/schema.ts';
import { newbornVoucherName, sameVoucherName } from '../../../shared/rules/newbornName.ts';
import type { CellIssue, Table } from './table.ts';
import { foreignUnit } from './mapping.ts';

export interface ImportLine {
  row: number;
  /** The row's cells as read. */
  values: string[];
  claimant: { name: string | null; idNumber: string | null; employer: string | null; phone: string | null };
  expense: Expense;
}

// The words as strings, not inside regex literals: the bundler escapes strings to ASCII but
// copies regex literals as they are (see ASCII_ONLY in tests/core/cli.test.ts).
const KINDS: [RegExp, ExpenseKind][] = ([
  [['outpatient', '门诊', '门急诊', '急诊', '门诊费用'], 'outpatient'],
  [['inpatient', '住院', '住院费用'], 'inpatient'],
  [['delivery', '分娩', '生育', '住院分娩'], 'delivery'],
  [['prenatal', '产前', '产前检查'], 'prenatal'],
  [['postpartum', '产后', '产后检查'], 'postpartum'],
  [['pharmacy', '药店', '购药', '药店购药', '药品'], 'pharmacy'],
  [['other', '其他', '其它'], 'other'],
] as const).map(([words, kind]) => [new RegExp(`^(${words.join('|')})$`, 'i'), kind]);

export function parseKind(text: string): ExpenseKind | null {
  const t = text.trim();
  for (const [re, kind] of KINDS) if (re.test(t)) return kind;
  return null;
}

/** 2024-03-02, 2024/3/2, 2024.3.2, 2024年3月2日, 20240302 → 2024-03-02; null when not a real date. */
export function parseDate(text: string): string | null {
  const t = text.trim().normalize('NFKC');
  // \u5E74 年, \u6708 月, \u65E5 日
  let m = /^(\d{4})[-/.\u5E74](\d{1,2})[-/.\u6708](\d{1,2})\u65E5?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const msg = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export interface RowCheck { lines: ImportLine[]; rejected: ImportRejection[]; notices: ImportNotice[] }

/**
 * Check every row against the mapping. `needClaimant`: rows must name a claimant (name or
 * ID number), as when each claimant gets a case of their own.
 */
/**
 * An ID number that went through a spreadsheet's number format: a number cell of an XLSX
 * sheet, or 3.50203E+17 (how Excel writes such a cell to CSV). Said so, as the check digit
 * alone would not tell the user why. A text cell is never blamed on a number format, however
 * its digits look: it holds what was typed.
 */
function looksLikeANumberCell(text: string, numberCell: boolean): boolean {
  return numberCell || /^\d+(\.\d+)?e\+?\d+$/i.test(text.normalize('NFKC').trim());
}

/**
 * An ID number as people write it in a spreadsheet, as the number itself: full-width digits
 * and letters (NFKC, as amounts and dates are read), the CSV trick ="350203…" and Excel's
 * text prefix '350203… that keep it from turning into a number, spaces between groups of
 * digits, a lower-case x. Anything else is left for the check to refuse.
 */
export function idNumberText(text: string): string {
  let t = text.normalize('NFKC').trim();
  const formula = /^=\s*"([^"]*)"$/.exec(t);
  if (formula) t = formula[1]!;
  else if (t.startsWith("'")) t = t.slice(1);
  return t.replace(/ +/g, '').toUpperCase(); // NFKC made U+3000 and no-break spaces plain ones
}

/**
 * Fields whose lines are joined with a space: a long item or institution name is often
 * wrapped in its cell with Alt+Enter, and is still one line of text. Names, ID numbers and the
 * other fields keep refusing a line break: there it means a cell that is not what it seems.
 */
const JOINED_LINES: ReadonlySet<keyof ImportMapping> = new Set(['item', 'institution']);

/**
 * Every text field a column can be mapped to (date, amount and kind are parsed strictly, so
 * nothing else gets through them): the case file's schema refuses control characters and
 * broken surrogate halves in each of these, so a row that has one is refused here — or the
 * stored case would fail its own schema when exported and imported again as a bundle.
 */
const TEXT_FIELDS: readonly [keyof ImportMapping, string][] = [['name', '姓名'], ['idNumber', '身份证号'], ['employer', '工作单位'], ['phone', '电话'], ['institution', '医疗机构'], ['item', '项目'], ['nameOnVoucher', '票据上的姓名'], ['invoiceCode', '发票代码'], ['invoiceNo', '发票号码']];

/** Why an amount cannot be read, as precisely as can be told. */
function amountProblem(text: string): { 'zh-CN': string; en: string } {
  const t = text.normalize('NFKC').trim();
  if (!t) return msg('缺少金额', 'no amount');
  if (/^-/.test(t)) return msg(`金额“${text}”是负数：退费请不要填在报销明细里`, `amount "${text}" is negative: refunds do not belong in the expense lines`);
  // Before the separator checks: 123,456,789,012.50 is well written, only too large.
  if (amountTooLarge(t)) return msg(`金额“${text}”太大：一行费用最多 ${formatFen(MAX_AMOUNT_FEN)} 元`, `amount "${text}" is too large: one expense line is at most ${formatFen(MAX_AMOUNT_FEN)} yuan`);
  if (/^\d+,\d{1,2}$/.test(t)) return msg(`金额“${text}”用逗号作了小数点：请写成 ${t.replace(',', '.')}`, `amount "${text}" uses a comma as the decimal point: write ${t.replace(',', '.')}`);
  if (/,/.test(t) && /^[\d,.]+$/.test(t)) return msg(`金额“${text}”的千位分隔不对：逗号应每三位一个（如 1,234.50）`, `amount "${text}" has misplaced thousands separators: one comma every three digits (1,234.50)`);
  return msg(`金额“${text}”应以元为单位、最多两位小数`, `amount "${text}" must be in yuan with at most two decimals`);
}

/** The longest each optional text may be (as the case file's schema allows). */
const LIMITS: readonly [keyof ImportMapping, number, string][] = [
  ['invoiceCode', 32, '发票代码'], ['invoiceNo', 32, '发票号码'], ['nameOnVoucher', 64, '票据上的姓名'], ['employer', 128, '工作单位'], ['phone', 32, '电话'],
];

/**
 * Whether `name` is the voucher name of an unnamed child of `parent` (cat.newborn.parentName):
 * 张三之子, 张三之女, 张三之子（二）… in the pack's words.
 */
export function isChildVoucherName(name: string, parent: string, naming: NewbornNaming): boolean {
  for (const sex of ['male', 'female'] as const) {
    for (let n = 1; n <= 9; n++) if (sameVoucherName(name, newbornVoucherName(parent, sex, n, naming))) return true;
  }
  return false;
}

/**
 * Lines added to an existing case: a row that names someone else — another ID number, or
 * another name, even with the claimant's ID number — is rejected, not added to this
 * claimant's case. The claimant's unnamed newborn (张三之子, 张三之女: the name its receipts
 * carry) is the claimant's: the line is kept, with that name as its nameOnVoucher.
 * (A name that merely begins with the claimant's, 王芳芳 in 王芳's case, is someone else.)
 */
export function keepClaimant(check: RowCheck, claimant: { name: string; idNumber: string | null }, naming: NewbornNaming): RowCheck {
  const lines: ImportLine[] = [];
  const rejected = [...check.rejected];
  for (const l of check.lines) {
    const { name, idNumber } = l.claimant;
    const otherId = idNumber !== null && claimant.idNumber !== null && idNumber !== claimant.idNumber;
    const child = name !== null && !sameVoucherName(name, claimant.name) && isChildVoucherName(name, claimant.name, naming);
    const otherName = name !== null && !sameVoucherName(name, claimant.name) && !child;
    if (otherId || otherName) {
      rejected.push({ row: l.row, values: l.values, problems: [{ field: otherId ? 'idNumber' : 'name', message: msg(`这一行是${name ?? idNumber}的费用，该案件的参保人是${claimant.name}`, `this row is ${name ?? idNumber}'s; the case is ${claimant.name}'s`) }] });
    } else if (child) {
      // The child's receipts in the parent's case: the claimant is the parent; the name the
      // receipt carries stays on the line (a voucher-name column, when mapped, says it already).
      lines.push({ ...l, claimant: { ...l.claimant, name: claimant.name }, expense: l.expense.nameOnVoucher ? l.expense : { ...l.expense, nameOnVoucher: name! } });
    } else {
      lines.push(l);
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  return { lines, rejected, notices: check.notices };
}

/** What the database already holds about the people and invoices of a sheet. */
export interface KnownPeople {
  /** The name the database has for an ID number (a case's claimant), if any. */
  nameOf(idNumber: string): { name: string; number: string } | undefined;
  /** The case of this claimant that already carries this invoice, if any. */
  caseWithInvoice(idNumber: string, invoiceKey: string): string | undefined;
  /** A case of another person (another ID number, or another name) that carries this invoice, if any. */
  otherClaimantWithInvoice?(claimant: ImportLine['claimant'], expense: ImportLine['expense']): { name: string; number: string } | undefined;
}

/**
 * Rows checked against the database: an ID number the database knows under another name, or
 * an invoice this claimant already has in a case (the sheet imported twice, or one invoice
 * claimed twice), or an invoice already in another person's case (an invoice is one person's:
 * a copy-paste error or a double claim), is rejected with the case that has it — as verify
 * would report it after.
 */
export function againstDatabase(check: RowCheck, known: KnownPeople, keyOf: (e: ImportLine['expense']) => string | undefined): RowCheck {
  const lines: ImportLine[] = [];
  const rejected = [...check.rejected];
  for (const l of check.lines) {
    const { name, idNumber } = l.claimant;
    const problems: ImportProblem[] = [];
    if (idNumber) {
      const there = known.nameOf(idNumber);
      if (there && name && there.name !== name) problems.push({ field: 'name', message: msg(`身份证号 ${idNumber} 在案件 ${there.number} 中是“${there.name}”，这一行却是“${name}”`, `ID number ${idNumber} is ${there.name}'s in case ${there.number}, but this row names ${name}`) });
      const key = keyOf(l.expense);
      const inCase = key ? known.caseWithInvoice(idNumber, key) : undefined;
      if (inCase) problems.push({ field: 'invoiceNo', message: msg(`这张发票已在案件 ${inCase} 中`, `this invoice is already in case ${inCase}`) });
    }
    if (keyOf(l.expense) && !problems.some((p) => p.field === 'invoiceNo')) {
      const other = known.otherClaimantWithInvoice?.(l.claimant, l.expense);
      if (other) problems.push({ field: 'invoiceNo', message: msg(`这张发票已在“${other.name}”的案件 ${other.number} 中：一张发票只能由一个人报销`, `this invoice is already in case ${other.number}, ${other.name}'s: an invoice is one person's`) });
    }
    if (problems.length) rejected.push({ row: l.row, problems, values: l.values });
    else lines.push(l);
  }
  rejected.sort((a, b) => a.row - b.row);
  return { lines, rejected, notices: check.notices };
}

/** A column as Excel names it: 0 → A, 26 → AA. */
function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The fields where a GBK CSV's ? is refused as a lost character (CellIssue lostCharacters): the
 * texts written in Chinese characters, which may be ones GBK has not (a name's 𠮷 or 䶮, a
 * hospital's or an item's rare character). 王? matches no ID card and merges two people named
 * 王?. An ID number, invoice number, phone, date or amount has no such characters: a ? there is
 * refused by its own check, or is what was typed.
 */
const LOST_CHARACTER_FIELDS: ReadonlySet<ImportField> = new Set(['name', 'nameOnVoucher', 'employer', 'institution', 'item']);

/** Excel's words for the two ways to save a sheet without losing characters, as its Chinese menus say them. */
const SAVE_WITHOUT_LOSS = msg('请在 Excel 中把原表另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（.xlsx）”后再导入', 'save the sheet in Excel as "CSV UTF-8 (Comma delimited)" or as an Excel workbook (.xlsx), and import that');

/** Why a mapped cell has no text (Table's `issues`), naming the column by its header and letter. */
function cellIssueProblem(field: ImportField, issue: CellIssue & { column: number }, header: string | undefined, text: string): ImportProblem {
  const where = { zh: `${header || FIELD_LABELS[field]['zh-CN']}（${columnLetter(issue.column)} 列）`, en: `${header || FIELD_LABELS[field].en} (column ${columnLetter(issue.column)})` };
  switch (issue.kind) {
    case 'noResult': return { field, message: msg(`${where.zh}：公式没有计算结果，请在 Excel 中打开并保存后再导入`, `${where.en}: the formula has no calculated result; open the file in Excel, save it and import it again`) };
    case 'error': return { field, message: msg(`${where.zh}是错误值 ${issue.error}，请在 Excel 中改正后再导入`, `${where.en} is the error ${issue.error}; correct it in Excel and import again`) };
    case 'unreadable': return { field, message: msg(`${where.zh}的内容无法读取，请在 Excel 中改成文字或数字后再导入`, `${where.en} cannot be read; make it text or a number in Excel and import again`) };
    case 'badEncoding': return { field, message: issue.gbk
      ? msg(`${where.zh}含有无法识别的字符（文件按 GBK 读取，编码损坏）：${SAVE_WITHOUT_LOSS['zh-CN']}`, `${where.en} has characters that cannot be read (the file was read as GBK and its encoding is damaged): ${SAVE_WITHOUT_LOSS.en}`)
      : msg(`${where.zh}含有无法识别的字符（文件编码损坏），请改正这一格或重新导出文件后再导入`, `${where.en} has characters that cannot be read (the file's encoding is damaged); correct the cell or export the file again, then import it`) };
    case 'lostCharacters': return { field, message: msg(
      `${where.zh}“${text}”中的问号可能是丢失的字：Excel 保存为“CSV”（GBK 编码）时，GBK 中没有的字（如 𠮷、䶮）会变成“?”。${SAVE_WITHOUT_LOSS['zh-CN']}`,
      `${where.en} "${text}" has a question mark where a character may have been lost: Excel's "CSV" (GBK) writes ? for characters GBK lacks (such as 𠮷, 䶮); ${SAVE_WITHOUT_LOSS.en}`) };
  }
}

const textKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * What makes two expense lines the same line: date, institution, amount, and the invoice
 * (code and number, leading zeros a spreadsheet dropped not counting) when there is one.
 */
export function lineKey(e: Pick<ImportLine['expense'], 'date' | 'institution' | 'amountFen' | 'invoiceCode' | 'invoiceNo'>): string {
  return [e.date, textKey(e.institution), e.amountFen, incomingInvoiceKey(e) ?? ''].join('|');
}

/** Whose a line is: the ID number, else the name. */
export const whoseLine = (c: ImportLine['claimant']) => (c.idNumber ? `id:${c.idNumber.toUpperCase()}` : `name:${c.name ?? ''}`);

/**
 * Lines the claimant already has: the same claimant (ID number, else name), date, institution
 * and amount (and invoice when given) as a line in a case — the sheet imported twice — or as
 * an earlier row of the sheet. Such a row is not an error, but it is not imported unless the
 * user says so: it is listed with the rejected rows (duplicateOf), and `duplicates` keeps the
 * lines for a commit that imports them anyway.
 */
export function markDuplicates(check: RowCheck, caseWithLine: (claimant: ImportLine['claimant'], key: string) => string | undefined): RowCheck & { duplicates: ImportLine[] } {
  const lines: ImportLine[] = [];
  const duplicates: ImportLine[] = [];
  const rejected = [...check.rejected];
  const seen = new Map<string, number>();
  for (const l of check.lines) {
    const key = lineKey(l.expense);
    const inCase = caseWithLine(l.claimant, key);
    const sheetKey = `${whoseLine(l.claimant)}|${key}`;
    const first = seen.get(sheetKey);
    if (first === undefined) seen.set(sheetKey, l.row);
    if (inCase !== undefined) {
      duplicates.push(l);
      rejected.push({ row: l.row, values: l.values, duplicateOf: { case: inCase }, problems: [{ field: 'row', message: msg(`与案件 ${inCase} 中已有的一行相同（同一人、日期、医疗机构、金额${l.expense.invoiceNo ? '、发票' : ''}），可能是重复导入`, `the same as a line already in case ${inCase} (same person, date, institution, amount${l.expense.invoiceNo ? ', invoice' : ''}): imported before?`) }] });
    } else if (first !== undefined) {
      duplicates.push(l);
      rejected.push({ row: l.row, values: l.values, duplicateOf: { row: first }, problems: [{ field: 'row', message: msg(`与第 ${first} 行相同（同一人、日期、医疗机构、金额${l.expense.invoiceNo ? '、发票' : ''}），可能重复填写`, `the same as row ${first} (same person, date, institution, amount${l.expense.invoiceNo ? ', invoice' : ''}): entered twice?`) }] });
    } else {
      lines.push(l);
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  return { lines, rejected, notices: check.notices, duplicates };
}

export function checkRows(table: Table, mapping: ImportMapping, today: string, needClaimant: boolean): RowCheck {
  const lines: ImportLine[] = [];
  const rejected: ImportRejection[] = [];
  const cell = (values: string[], f: keyof ImportMapping): string => {
    const i = mapping[f];
    // The ' that the rows-left-out CSV (skippedRowsCsv) puts before a cell starting like a
    // formula comes off again, as the tab before an ID number does with the trim: the re-imported
    // item is =HYPERLINK(…) as the employee wrote it, and an amount '-1 is refused as the -1 it
    // is. (Done for XLSX too: the clerk may have fixed that CSV in Excel and saved it as XLSX.)
    const text = i === undefined || i === null ? '' : withoutFormulaMark((values[i] ?? '').trim()).trim();
    return JOINED_LINES.has(f) ? text.replace(/[ \u3000]*[\r\n]+[ \u3000]*/g, ' ') : text;
  };
  // Amounts and dates are numbers: read as written, not as a format pads them for the eye.
  const numberCell = (row: Table['rows'][number], f: 'amount' | 'date'): string => {
    const i = mapping[f];
    const plain = i === undefined || i === null ? undefined : row.plain?.[i];
    return plain ?? cell(row.values, f);
  };
  // A header that states another unit (金额（分）, 金额(万元)) mapped to the amount by hand:
  // 35650 分 is not 35,650.00 元, and guessing the factor is not ours to do.
  const amountHeader = typeof mapping.amount === 'number' ? table.columns[mapping.amount] : undefined;
  const unit = foreignUnit(amountHeader);
  const unitProblem = unit ? { field: 'amount' as const, message: msg(`表头“${amountHeader}”写明单位是${unit}：请换算为元后再导入`, `the header "${amountHeader}" says the amounts are in ${unit}: convert them to yuan (元) and import again`) } : null;
  const namesById = new Map<string, { name: string; row: number }>();
  const invoiceRows = new Map<string, { row: number; name: string | null; idNumber: string | null }>();
  const notices: ImportNotice[] = [];
  for (const tableRow of table.rows) {
    const { row, values, inexact, numbers, issues } = tableRow;
    // An amount cell merged over several rows (XLSX): one invoice's total laid beside its item
    // rows, as hospital lists are. Every cell of a merge reads as its first one, so the total was
    // claimed once per row (300.00 over two rows stored as 600.00). An HR officer means the
    // total once: it is read in the merge's first row only, which says so in a notice; the rows
    // below have no amount of their own and are refused saying where their amount went, so
    // they are skipped knowingly (refused rather than imported at some share of the total,
    // which the sheet does not give). A merged name or ID number is still read into every row.
    const amountMerge = typeof mapping.amount === 'number' ? tableRow.merged?.[mapping.amount] : undefined;
    let problems: ImportProblem[] = [];
    // A mapped cell with no text (a formula without its result, #N/A): said so, and only that
    // for its field ("缺少金额" or "金额“#N/A”…" would not tell the user what to do).
    const issueProblems = new Set<ImportProblem>();
    for (const issue of issues ?? []) {
      for (const f of IMPORT_FIELDS) {
        if (mapping[f] !== issue.column) continue;
        if (issue.kind === 'lostCharacters' && !LOST_CHARACTER_FIELDS.has(f)) continue;
        const p = cellIssueProblem(f, issue, table.columns[issue.column], (values[issue.column] ?? '').trim());
        issueProblems.add(p);
        problems.push(p);
      }
    }
    if (values.length > table.columns.length) problems.push({ field: 'row', message: msg(`该行有 ${values.length} 列，表头只有 ${table.columns.length} 列`, `the row has ${values.length} cells, the header ${table.columns.length}`) });
    // A line break or another control character inside a cell (a quoted CSV field spanning
    // lines) would go onto the cover and the summary table as it is: refused with the row.
    const unreadable = new Set<keyof ImportMapping>();
    for (const [f, zh] of TEXT_FIELDS) {
      const text = cell(values, f);
      if (CONTROL_CHARACTERS.test(text)) problems.push({ field: f, message: msg(`${zh}含有换行或其他控制字符`, `${f} contains a line break or another control character`) });
      else if (UNPAIRED_SURROGATE.test(text)) problems.push({ field: f, message: msg(`${zh}含有残缺的字符（半个 UTF-16 代理对）`, `${f} contains a broken character (half of a UTF-16 surrogate pair)`) });
      else continue;
      unreadable.add(f);
    }
    const name = cell(values, 'name') || null;
    let idNumber: string | null = cell(values, 'idNumber') || null;
    let birthDate: string | null = null; // from a valid ID number
    const idColumn = mapping.idNumber;
    if (idNumber && idColumn !== undefined && idColumn !== null && inexact?.includes(idColumn)) {
      // A number cell cannot hold 18 digits: the last ones are lost, and ~1 in 11 such
      // numbers still pass the check digit — another person's number. Never taken.
      problems.push({ field: 'idNumber', message: msg(`身份证号“${idNumber}”存成了数字，末几位已丢失：请把该列设为文本，重新填写后再导入`,
        `ID number "${idNumber}" was stored as a number and has lost its last digits: format the column as text, type it again and import again`) });
    } else if (idNumber && !unreadable.has('idNumber')) {
      const checked = checkIdNumber(idNumberText(idNumber), today);
      if (checked.ok) { idNumber = checked.value; birthDate = checked.facts.birthDate; }
      else {
        const hint = looksLikeANumberCell(idNumber, idColumn !== undefined && idColumn !== null && (numbers?.includes(idColumn) ?? false)) ? msg('（单元格被存成了数字，请把该列设为文本）', ' (the cell was stored as a number: format the column as text)') : msg('', '');
        problems.push({ field: 'idNumber', message: msg(`身份证号“${idNumber}”无效：${ID_PROBLEM_MESSAGES[checked.problem]['zh-CN']}${hint['zh-CN']}`, `ID number "${idNumber}" is not valid: ${ID_PROBLEM_MESSAGES[checked.problem].en}${hint.en}`) });
      }
    }
    if (needClaimant && !name) problems.push({ field: 'name', message: msg('缺少姓名', 'no name') });
    else if (name && name.length > 64) problems.push({ field: 'name', message: msg('姓名超过64个字', 'name longer than 64 characters') });
    const dateText = numberCell(tableRow, 'date');
    const date = parseDate(dateText);
    if (!date) problems.push({ field: 'date', message: dateText ? msg(`日期“${dateText}”不是有效日期（应为 2024-03-02 这样的日期）`, `date "${dateText}" is not a real date (write it like 2024-03-02)`) : msg('缺少日期', 'no date') });
    else if (date > today) problems.push({ field: 'date', message: msg(`日期 ${date} 晚于今天`, `date ${date} is after today`) });
    else if (birthDate && date < birthDate) problems.push({ field: 'date', message: msg(`日期 ${date} 早于身份证号中的出生日期 ${birthDate}`, `date ${date} is before the birth date in the ID number, ${birthDate}`) });
    const amountText = numberCell(tableRow, 'amount');
    const amountFen = parseYuanToFen(amountText); // full-width digits and a trailing 元 included
    if (unitProblem) problems.push(unitProblem);
    else if (amountMerge && amountMerge.first !== row) problems.push({ field: 'amount', message: msg(`金额在合并单元格 ${amountMerge.range} 中，已计入第 ${amountMerge.first} 行：这一行没有自己的金额，不重复计入`, `the amount is in the merged cell ${amountMerge.range}, counted once on row ${amountMerge.first}: this row has no amount of its own and is not counted again`) });
    else if (amountFen === null) problems.push({ field: 'amount', message: amountProblem(amountText) });
    else if (amountFen === 0) problems.push({ field: 'amount', message: msg(`金额“${amountText}”为 0：0 元的费用不能报销`, `amount "${amountText}" is 0: an expense of 0 yuan cannot be claimed`) });
    const institution = cell(values, 'institution');
    if (!institution) problems.push({ field: 'institution', message: msg('缺少医疗机构', 'no institution') });
    else if (institution.length > 128) problems.push({ field: 'institution', message: msg('医疗机构名称超过128个字', 'institution longer than 128 characters') });
    const kindText = cell(values, 'kind');
    const kind = kindText ? parseKind(kindText) : 'outpatient';
    if (!kind) problems.push({ field: 'kind', message: msg(`类别“${kindText}”不认识（门诊、住院、分娩、产前检查、产后、药店、其他）`, `kind "${kindText}" is not one of outpatient, inpatient, delivery, prenatal, postpartum, pharmacy, other`) });
    const item = cell(values, 'item');
    if (item.length > 256) problems.push({ field: 'item', message: msg('项目超过256个字', 'item longer than 256 characters') });
    // Too long for the case: refused with the row, never cut short (a cut invoice number is another invoice).
    for (const [f, max, zh] of LIMITS) {
      if (cell(values, f).length > max) problems.push({ field: f, message: msg(`${zh}超过${max}个字`, `${f} longer than ${max} characters`) });
    }
    // One ID number is one person: a row that gives it another name is not merged into that
    // person's case. (A row refused for something else does not decide whose the number is;
    // lines for an existing case are held against its claimant instead: keepClaimant.)
    if (needClaimant && idNumber && name) {
      const first = namesById.get(idNumber);
      if (!first) { if (problems.length === 0) namesById.set(idNumber, { name, row }); }
      else if (first.name !== name) problems.push({ field: 'name', message: msg(`身份证号 ${idNumber} 在第 ${first.row} 行是“${first.name}”，这一行却是“${name}”`, `ID number ${idNumber} is ${first.name}'s (row ${first.row}), but this row names ${name}`) });
    }
    // The same invoice twice in the sheet: the second is refused, as the case's rule would
    // flag it after — and when the rows are two people's too (an invoice is one person's: a
    // copy-paste error or a double claim), saying whose it is on the first row.
    const invoice = incomingInvoiceKey({ invoiceCode: cell(values, 'invoiceCode'), invoiceNo: cell(values, 'invoiceNo') });
    if (invoice && problems.length === 0) {
      const first = invoiceRows.get(invoice);
      if (first === undefined) invoiceRows.set(invoice, { row, name, idNumber });
      else {
        const samePerson = first.idNumber && idNumber ? first.idNumber === idNumber : (first.name ?? '') === (name ?? '');
        const whose = first.name ?? first.idNumber ?? '';
        problems.push({ field: 'invoiceNo', message: samePerson
          ? msg(`这张发票在第 ${first.row} 行已有`, `this invoice is already on row ${first.row}`)
          : msg(`这张发票在第 ${first.row} 行已是“${whose}”的：一张发票只能由一个人报销`, `this invoice is already on row ${first.row}, ${whose}'s: an invoice is one person's`) });
      }
    }
    if (issueProblems.size) {
      const fields = new Set([...issueProblems].map((p) => p.field));
      problems = problems.filter((p) => issueProblems.has(p) || !fields.has(p.field));
    }
    if (problems.length) { rejected.push({ row, problems, values }); continue; }
    if (amountMerge) notices.push({ row, message: msg(`金额 ${amountText} 是合并单元格 ${amountMerge.range}（${amountMerge.rows} 行）的金额：只计入这一行，不按行重复计入`, `the amount ${amountText} is the merged cell ${amountMerge.range} (${amountMerge.rows} rows): counted on this row only, not once per row`) });
    const opt = (f: 'invoiceCode' | 'invoiceNo' | 'nameOnVoucher') => { const v = cell(values, f); return v ? { [f]: v } : {}; };
    lines.push({
      row,
      values,
      claimant: { name, idNumber, employer: cell(values, 'employer') || null, phone: cell(values, 'phone') || null },
      expense: { ...opt('invoiceCode'), ...opt('invoiceNo'), date: date!, institution, ...(item ? { item } : {}), kind: kind!, amountFen: amountFen!, ...opt('nameOnVoucher') },
    });
  }
  if (!needClaimant || mapping.idNumber === undefined || mapping.idNumber === null) return { lines, rejected, notices };
  const withIds = withIdsFromSheet(lines, rejected);
  return { ...withIds, notices: oneNoticePerRow([...notices, ...withIds.notices]) };
}

/** A row's notices as one (the screen lists one notice per row), in row order. */
function oneNoticePerRow(notices: ImportNotice[]): ImportNotice[] {
  const byRow = new Map<number, ImportNotice>();
  for (const n of notices) {
    const had = byRow.get(n.row);
    byRow.set(n.row, had ? { row: n.row, message: msg(`${had.message['zh-CN']}；${n.message['zh-CN']}`, `${had.message.en}; ${n.message.en}`) } : n);
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row);
}

/**
 * Each claimant gets a case, and the sheet has an ID-number column: a row whose ID cell is
 * empty joins the claimant whose name it bears when the sheet gives that name exactly one ID
 * number (said in a notice); otherwise it is refused for the missing ID number — never made
 * into a second case, without an ID, for the same person.
 */
function withIdsFromSheet(lines: ImportLine[], rejected: ImportRejection[]): RowCheck {
  const idsByName = new Map<string, Map<string, number>>(); // name → ID number → first row
  for (const l of lines) {
    const { name, idNumber } = l.claimant;
    if (!name || !idNumber) continue;
    let ids = idsByName.get(name);
    if (!ids) idsByName.set(name, (ids = new Map()));
    if (!ids.has(idNumber)) ids.set(idNumber, l.row);
  }
  const kept: ImportLine[] = [];
  const notices: ImportNotice[] = [];
  for (const l of lines) {
    if (l.claimant.idNumber) { kept.push(l); continue; }
    const name = l.claimant.name ?? '';
    const ids = idsByName.get(name);
    if (ids?.size === 1) {
      const [[idNumber, from]] = [...ids] as [[string, number]];
      kept.push({ ...l, claimant: { ...l.claimant, idNumber } });
      notices.push({ row: l.row, message: msg(`没有填身份证号：按姓名归入第 ${from} 行的“${name}”（${idNumber}）`, `no ID number: joined to ${name} of row ${from} (${idNumber}) by name`) });
    } else {
      rejected.push({ row: l.row, values: l.values, problems: [{ field: 'idNumber', message: ids && ids.size > 1
        ? msg(`缺少身份证号：表中“${name}”有 ${ids.size} 个不同的身份证号，无法确定是哪一位`, `no ID number: the sheet has ${ids.size} different ID numbers for ${name}, so it cannot tell which one`)
        : msg('缺少身份证号', 'no ID number') }] });
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  return { lines: kept, rejected, notices };
}

/** Accepted lines grouped by claimant: by ID number when there is one, else by name. */
export function groupByClaimant(lines: readonly ImportLine[]): ImportLine[][] {
  const groups = new Map<string, ImportLine[]>();
  for (const l of lines) {
    const key = l.claimant.idNumber ? `id:${l.claimant.idNumber}` : `name:${l.claimant.name ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(l);
  }
  return [...groups.values()];
}
