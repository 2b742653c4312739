// The builder's public input types (re-exported by index.ts).
import type { CaseFile } from '../../../shared/model/case.ts';
import type { Evaluation } from '../../../shared/model/evaluation.ts';
import type { PolicyPack } from '../../../shared/policy/types.ts';

export interface PackageAttachment {
  materialId: string;
  /** Material title, zh-CN. */
  title: string;
  fileName: string;
  bytes: Uint8Array;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
}

export interface PackageInput {
  /** Case number. */
  number: string;
  caseFile: CaseFile;
  evaluation: Evaluation;
  pack: PolicyPack;
  preparedBy?: string;
  /** ISO date; also the metadata dates, so that the output is reproducible. */
  preparedOn: string;
  attachments?: PackageAttachment[];
}

export interface PackageOutput {
  bytes: Uint8Array;
  pages: number;
}

export interface WrittenPackage {
  pages: number;
  /** Size of the file written. */
  bytes: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
}
