// Document information: title, author, subject, dates. The dates are the preparation day, and
// the file identifier is a hash of the input, so the same input always gives the same bytes.
import { createHash } from 'node:crypto';
import { PDFHexString, type PDFDocument } from '@cantoo/pdf-lib';
import type { PackageFacts } from './facts.ts';
import { PACKAGE_SUBTITLE } from './labels.ts';

/** Midnight of the preparation day in Xiamen (UTC+8). */
export function preparedDate(preparedOn: string): Date {
  const d = new Date(`${preparedOn}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`preparedOn must be an ISO date, got ${preparedOn}`);
  return d;
}

export function setMetadata(doc: PDFDocument, facts: PackageFacts, fingerprint: string): void {
  const category = facts.category?.title['zh-CN'] ?? facts.caseFile.category;
  doc.setTitle(`${PACKAGE_SUBTITLE} ${facts.number} ${facts.caseFile.claimant.name}`, { showInWindowTitleBar: true });
  doc.setAuthor(facts.preparedBy ?? 'ClaimDesk');
  doc.setSubject(`${facts.pack.title['zh-CN']}：${category}`);
  doc.setKeywords([facts.number, category, facts.pack.id, facts.pack.version]);
  doc.setCreator('ClaimDesk 医保零星报销材料助手');
  doc.setProducer('ClaimDesk (pdf-lib)');
  doc.setLanguage('zh-CN');
  const date = preparedDate(facts.preparedOn);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const id = createHash('sha256').update(fingerprint).digest().subarray(0, 16);
  const hex = PDFHexString.fromBytes(id);
  doc.context.trailerInfo.ID = doc.context.obj([hex, hex]);
}
