// Writes the spreadsheet fixtures of tests/core/import.test.ts (committed; run again only to
// change them): the same HR sheet as UTF-8 CSV with a BOM, as GBK CSV (what Excel writes on a
// Chinese Windows), and as XLSX with real date and number cells. Bad rows are included.
//   node --import tsx tests/tools/gen-import-fixtures.ts
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../../shared/rules/idNumber.ts';

const out = path.join(import.meta.dirname, '..', 'fixtures', 'import');
const id = (first17: string) => first17 + idCheckChar(first17);
const wrongCheck = (first17: string) => first17 + (idCheckChar(first17) === '1' ? '2' : '1');

export const HEADER = ['姓名', '身份证号', '工作单位', '发票代码', '发票号码', '开票日期', '医院', '项目', '类别', '金额(元)'];
// [cells…], with the date and amount as text; the XLSX writes real dates and numbers where they are valid.
export const ROWS: string[][] = [
  ['张伟', id('35020319850312001'), '厦门航空有限公司', '35010124', '0000012345', '2026-10-02', '厦门大学附属第一医院', '胃镜检查', '门诊', '356.50'],
  ['张伟', id('35020319850312001'), '厦门航空有限公司', '35010124', '0000012346', '2026/10/5', '厦门市中医院', '针灸治疗', '门诊', '120'],
  ['欧阳娜娜', id('35021119900101002'), '厦门大学', '35010125', '0000000077', '2026年9月30日', '厦门长庚医院', '住院费', '住院', '1,234.56'],
  ['李娜', wrongCheck('31011519770707123'), '厦门大学', '35010125', '0000000078', '2026-09-01', '北京协和医院', '西药费', '门诊', '88'],
  ['王芳', id('35020519800101002'), '厦门建发股份有限公司', '35010126', '0000000079', '2026-02-30', '厦门市第三医院', '推拿', '门诊', '60'],
  ['王芳', id('35020519800101002'), '厦门建发股份有限公司', '35010126', '0000000080', '2026-08-08', '厦门市第三医院', '推拿', '门诊', '12.345'],
  ['陈静', '', '', '', '', '2026-07-07', '厦门市妇幼保健院', '产前检查', '产前检查', '￥200.00'],
  ['', '35020319851', '', '', '', '昨天', '', '', '体检', '100分'],
];
export const ACCEPTED = [0, 1, 2, 6];

fs.mkdirSync(out, { recursive: true });
const csv = [HEADER, ...ROWS].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
fs.writeFileSync(path.join(out, 'hr-utf8-bom.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
fs.writeFileSync(path.join(out, 'hr-gbk.csv'), iconv.encode(csv, 'gbk'));

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('报销明细');
ws.addRow(HEADER);
for (const r of ROWS) {
  const cells: (string | number | Date)[] = [...r];
  if (/^\d{4}-\d{2}-\d{2}$/.test(r[5]!) && !Number.isNaN(Date.parse(r[5]!)) && r[5] !== '2026-02-30') cells[5] = new Date(`${r[5]}T00:00:00Z`);
  if (/^\d+(\.\d{1,2})?$/.test(r[9]!)) cells[9] = Number(r[9]);
  ws.addRow(cells);
}
ws.getColumn(2).numFmt = '@';
await wb.xlsx.writeFile(path.join(out, 'hr.xlsx'));
console.log(`wrote ${out}`);
