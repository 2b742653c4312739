// Realistic test data at scale (issue 8), for the benchmarks: never shipped, never run
// against a user's data directory unless asked to.
//
//   npm run seed:large -- --data DIR --cases 100000 --lines 20 [--seed 1] [--force]
//
// Names, ID numbers (real Xiamen district codes, valid check digits), hospitals, items,
// employers and case numbers follow ../shared/domain/SAMPLE-DATA.md. Cases are written
// through the case repository (the same SQL as the app) in batches of 2,000 per
// transaction, then the search index is flushed for the batch; statuses and dates vary
// so the list filters and the HR reports have something to do.
import { rng as random } from '../support/random.ts';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ensureDataDir } from '../../electron/core/dataDir.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { CaseRepository } from '../../electron/core/db/caseRepository.ts';
import { SearchIndex } from '../../electron/core/search/index.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { idCheckChar } from '../../shared/rules/idNumber.ts';
import type { CaseFile, CaseStatus, CategoryId, Expense } from '../../shared/model/case.ts';

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '欧阳', '司马'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平',
  '建华', '志强', '晓燕', '丹', '婷', '雪', '鹏', '辉', '玲', '建国', '淑珍', '佳怡', '子涵', '梓萱', '浩然', '宇轩', '一诺', '海', '斌', '燕'];
export const DISTRICTS = ['350203', '350205', '350206', '350211', '350212', '350213', '350203', '350206', '350102', '110105', '310115'];
export const HOSPITALS = ['厦门大学附属第一医院', '厦门大学附属中山医院', '厦门市中医院', '厦门市妇幼保健院', '厦门长庚医院',
  '复旦大学附属中山医院厦门医院', '厦门市第三医院', '厦门大学附属心血管病医院', '厦门市仙岳医院', '厦门市海沧医院',
  '福建医科大学附属协和医院', '北京协和医院', '上海瑞金医院'];
export const ITEMS = ['西药费', '中成药费', '中草药费', '检查费', '化验费', '治疗费', '手术费', '床位费', '护理费', '卫生材料费', '针灸',
  '针灸治疗', '推拿', '拔罐', '血常规', '尿常规', '肝功能', '胃镜检查', '肠镜检查', 'CT检查', '磁共振(MRI)', 'B超', '心电图', '住院费',
  '门诊诊查费', '挂号费', '产前检查', '分娩', '新生儿护理', '康复理疗', '输液', '口腔治疗'];
export const EMPLOYERS = ['厦门航空有限公司', '厦门国贸集团股份有限公司', '厦门建发股份有限公司', '厦门象屿集团有限公司', '厦门市公交集团',
  '厦门大学', '厦门市第一中学', '厦门钨业股份有限公司', '厦门银行股份有限公司', '厦门金龙汽车集团', '厦门市思明区人民政府', '个体经营'];
const CATEGORIES: readonly CategoryId[] = ['transfer', 'relocation', 'trip', 'delivery', 'outage', 'cardLost', 'visits20', 'noCard', 'cadreDrugs', 'enrolChange', 'newborn'];
const STATUSES: readonly [CaseStatus, number][] = [['draft', 30], ['complete', 18], ['packaged', 14], ['submitted', 20], ['reimbursed', 15], ['rejected', 3]];
const KINDS: readonly Expense['kind'][] = ['outpatient', 'outpatient', 'outpatient', 'inpatient', 'pharmacy', 'other'];


const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface Generator {
  caseFile(lines: number): CaseFile;
}

/** Case files that look like a Xiamen desk's: used by the seeder and the batch benchmarks. */
export function caseGenerator(seed = 1, today = '2026-11-27'): Generator {
  const r = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  const end = Date.parse(today);
  return {
    caseFile(lines) {
      const surname = pick(SURNAMES);
      const name = surname + pick(GIVEN) + (surname.length === 1 && r() < 0.35 ? pick(GIVEN).slice(0, 1) : '');
      const birth = iso(Date.parse('1945-01-01') + Math.floor(r() * 60 * 365) * DAY).replaceAll('-', '');
      const first17 = pick(DISTRICTS) + birth + digits(3);
      const filed = end - Math.floor(r() * 3 * 365) * DAY;
      const hospitals = [pick(HOSPITALS), pick(HOSPITALS), pick(HOSPITALS)];
      const expenses: Expense[] = [];
      for (let i = 0; i < lines; i++) {
        expenses.push({
          invoiceCode: '3501' + digits(4), invoiceNo: digits(10), date: iso(filed - Math.floor(r() * 80 + 1) * DAY),
          institution: r() < 0.7 ? hospitals[0]! : pick(hospitals), item: pick(ITEMS), kind: pick(KINDS),
          amountFen: Math.floor(r() < 0.8 ? r() * 50_000 : r() * 3_000_000) + 100,
        });
      }
      return {
        format: 'claimdesk/case@1', category: pick(CATEGORIES), scheme: r() < 0.8 ? 'employee' : 'resident', filedOn: iso(filed),
        claimant: { name, idNumber: first17 + idCheckChar(first17), employer: pick(EMPLOYERS), phone: '13' + digits(9) },
        expenses,
      };
    },
  };
}

export interface SeedOptions { dataDir: string; cases: number; lines: number; seed?: number; progress?: (done: number) => void }

/** Write `cases` cases of `lines` lines each into the data directory's database. */
export function seedLarge(o: SeedOptions): { cases: number; lines: number; ms: number } {
  const started = performance.now();
  const paths = ensureDataDir(o.dataDir);
  const db = openDatabase(paths.database);
  const repo = new CaseRepository(db);
  const search = new SearchIndex(db);
  const pack = defaultPack();
  const gen = caseGenerator(o.seed ?? 1);
  const r = random((o.seed ?? 1) + 7);
  const weights = STATUSES.reduce((s, [, w]) => s + w, 0);
  const status = (): CaseStatus => {
    let x = r() * weights;
    for (const [s, w] of STATUSES) if ((x -= w) < 0) return s;
    return 'draft';
  };
  const seededAt = Date.now();
  const perDay = new Map<string, number>();
  const batch = 2000;
  const insert = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const caseFile = gen.caseFile(o.lines);
      const day = caseFile.filedOn!;
      const seq = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, seq);
      const number = `CD-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
      // Made in office hours in Xiamen (08:00–18:00 UTC+8, i.e. 00:00–10:00 UTC of its filing
      // day); changed within 20 days after, never later than now (a change in the future
      // would sort above every case made from here on).
      const created = Date.parse(day) + Math.floor(r() * 10 * 3600_000);
      const updated = Math.max(created, Math.min(created + Math.floor(r() * 20 * DAY), seededAt));
      const row = repo.insertCase({ number, caseFile, status: status(), pack, now: new Date(created).toISOString() });
      db.prepare(`UPDATE cases SET updated_at = ? WHERE id = ?`).run(new Date(updated).toISOString(), row.id);
    }
    search.flush();
  });
  for (let i = 0; i < o.cases; i += batch) {
    insert(i, Math.min(o.cases, i + batch));
    o.progress?.(Math.min(o.cases, i + batch));
  }
  search.optimize();
  db.pragma('optimize');
  db.close();
  return { cases: o.cases, lines: o.cases * o.lines, ms: performance.now() - started };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    data: { type: 'string' }, cases: { type: 'string', default: '100000' }, lines: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' }, force: { type: 'boolean' },
  } });
  if (!values.data) { console.error('seed:large: --data DIR is required (a folder for a throwaway data directory)'); return 2; }
  const cases = Number(values.cases); const lines = Number(values.lines);
  if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(lines) || lines < 0) { console.error('seed:large: --cases and --lines take whole numbers'); return 2; }
  const db = path.join(values.data, 'claimdesk.sqlite');
  if (fs.existsSync(db) && !values.force) { console.error(`seed:large: ${db} exists; pass --force to add to it`); return 2; }
  const out = seedLarge({
    dataDir: path.resolve(values.data), cases, lines, seed: Number(values.seed),
    progress: (n) => process.stderr.write(`\rseeded ${n}/${cases} cases`),
  });
  process.stderr.write('\n');
  console.log(JSON.stringify({ ...out, ms: Math.round(out.ms), database: db, bytes: fs.statSync(db).size }));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
