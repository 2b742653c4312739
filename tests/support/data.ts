// Test helpers for data that survives: case files with unique scans, and reading a stored
// case back in the shape a case file has, to compare "whole" cases.
import { claimantFacts } from '../../shared/rules/identity.ts';
import { todayIso } from '../../shared/model/dates.ts';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { CaseRepository, type CaseRow } from '../../electron/core/db/caseRepository.ts';
import { AttachmentRepository } from '../../electron/core/db/attachmentRepository.ts';
import { AttachmentStore } from '../../electron/core/files/attachmentStore.ts';
import type { CaseFile } from '../../shared/model/case.ts';
import { REPO_ROOT, idNumber } from './temp.ts';

export const LONG = process.env.CLAIMDESK_LONG === '1' || process.argv.includes('--long');

export const SCAN_JPEG = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'scans', 'birth-certificate.jpg'));
export const SCAN_PNG = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'scans', 'outage-invoice.png'));

/** A whole JPEG whose bytes are unique to `tag` (a comment segment after SOI). */
export function uniqueJpeg(tag: string): Buffer {
  const payload = Buffer.from(`claimdesk-test ${tag}`, 'utf8');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([SCAN_JPEG.subarray(0, 2), seg, payload, SCAN_JPEG.subarray(2)]);
}

export const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/**
 * A varied, valid case file numbered `i` (its claimant's phone is unique: 139 + i), with a
 * unique JPEG (and a shared PNG every third case) written beside it under scans/.
 */
export function writeCaseFile(dir: string, i: number, tag = ''): { file: string; caseFile: CaseFile } {
  fs.mkdirSync(path.join(dir, 'scans'), { recursive: true });
  const id = String(i).padStart(5, '0');
  const jpeg = `scans/case-${id}.jpg`;
  fs.writeFileSync(path.join(dir, jpeg), uniqueJpeg(`${tag}-${id}`));
  const materials: CaseFile['materials'] = [{ id: 'birth-certificate', status: 'provided', files: [jpeg] }];
  if (i % 3 === 0) {
    fs.writeFileSync(path.join(dir, 'scans', 'invoice.png'), SCAN_PNG);
    materials.push({ id: 'original-invoices', status: 'provided', files: ['scans/invoice.png', jpeg], note: `第${i}号 备注` });
  }
  const lines = 1 + (i % 7);
  const caseFile: CaseFile = {
    format: 'claimdesk/case@1',
    category: 'newborn',
    scheme: 'resident',
    filedOn: '2026-11-20',
    claimant: { name: `测试${'甲乙丙丁戊'[i % 5]}${i}`, idNumber: idNumber('35020319900512042'), phone: `139${String(i).padStart(8, '0')}`, employer: '厦门鹭江软件有限公司' },
    newborn: { name: null, sex: i % 2 ? 'male' : 'female', birthDate: '2026-09-18', parent: 'mother', parentName: '张丽', ordinal: 1, enrolledOn: '2026-10-20' },
    coverage: [{ from: '2026-09', to: '2026-11', area: '厦门市', status: 'paid' }],
    expenses: Array.from({ length: lines }, (_, k) => ({
      invoiceCode: '35010126', invoiceNo: `${id}${String(k).padStart(3, '0')}`, date: `2026-10-${String(1 + k).padStart(2, '0')}`,
      institution: k % 2 ? '厦门大学附属第一医院' : '厦门市妇幼保健院', item: `项目${k} “引号”, 逗号`, kind: k % 2 ? 'outpatient' as const : 'inpatient' as const,
      amountFen: 100 * i + k * 37 + 1, nameOnVoucher: '张丽之子', ...(k % 2 ? { visits: 1 } : {}),
    })),
    materials,
  };
  const file = path.join(dir, `case-${id}.json`);
  fs.writeFileSync(file, JSON.stringify(caseFile, null, 2));
  return { file, caseFile };
}

/** What a case file becomes once stored: the fields, lines and materials (files by name), and each file's hash. */
export function expectedFromCaseFile(caseFile: CaseFile, dir: string): { fields: unknown; files: { materialId: string; fileName: string; sha256: string }[] } {
  const files = (caseFile.materials ?? []).flatMap((m) => (m.files ?? []).map((f) => ({
    materialId: m.id, fileName: path.basename(f), sha256: sha256(fs.readFileSync(path.join(dir, f))),
  })));
  return {
    fields: normalise({
      ...caseFile,
      // the core records the sex and birth date the ID number states when the file leaves them out
      claimant: { ...caseFile.claimant, ...claimantFacts(caseFile, todayIso()) },
      materials: caseFile.materials?.map((m) => ({ ...m, files: m.files?.map((f) => path.basename(f)) })),
    }),
    files: sortFiles(files),
  };
}

const sortFiles = <T extends { materialId: string }>(files: T[]): T[] => [...files].sort((a, b) => (a.materialId < b.materialId ? -1 : a.materialId > b.materialId ? 1 : 0));

/** Compare case files field by field, lines without ids, materials by id. */
export function normalise(c: CaseFile): unknown {
  return {
    category: c.category, scheme: c.scheme, filedOn: c.filedOn, claimant: c.claimant, newborn: c.newborn, coverage: c.coverage, facts: c.facts,
    expenses: (c.expenses ?? []).map((e) => { const { id: _id, ...rest } = e as typeof e & { id?: number }; return rest; }),
    materials: [...(c.materials ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

/** A stored case read back: fields as a case file, and its attachment rows. */
export function storedCase(db: Database.Database, number: string): { fields: unknown; files: { materialId: string; fileName: string; sha256: string }[]; row: CaseRow } | null {
  const row = db.prepare(`SELECT * FROM cases WHERE number = ?`).get(number) as CaseRow | undefined;
  if (!row) return null;
  const loaded = new CaseRepository(db).load(row);
  const files = new AttachmentRepository(db).forCase(row.id).map((a) => ({ materialId: a.materialId, fileName: a.fileName, sha256: a.sha256 }));
  return { fields: normalise(loaded), files: sortFiles(files), row };
}

/** Every stored file hashes to its name (no half-written file is visible). */
export function storeProblems(attachmentsDir: string): string[] {
  const store = new AttachmentStore(attachmentsDir);
  const out: string[] = [];
  for (const sha of store.hashes()) if (store.verify(sha) !== 'ok') out.push(sha);
  return out;
}

/** Everything in the database as data (every table, every row), for before/after comparisons. */
export function logicalDump(db: Database.Database): string {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
    .map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all().map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort()]));
}

/** JSON with object keys sorted at every level: equal data, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v);
}
