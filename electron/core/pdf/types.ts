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

/**
 * Characters of the case (a rare name character such as 𠮷, an emoji in an item) that the
 * embedded font has no glyph for: they print as a crossed box, and whoever hands the package
 * in must write them by hand. Empty when every character printed.
 */
export type Unprintable = string[];

export interface PackageOutput {
  bytes: Uint8Array;
  pages: number;
  unprintable: Unprintable;
}

export interface WrittenPackage {
  pages: number;
  unprintable: Unprintable;
  /** Size of the file written. */
  bytes: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
}
