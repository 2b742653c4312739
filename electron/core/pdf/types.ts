// The builder's public input types (re-exported by index.ts).
import type { CaseFile } from '../../../shared/model/case.ts';
import type { Evaluation } from '../../../shared/model/evaluation.ts';
import type { PolicyPack } from '../../../shared/policy/types.ts';
import type { ReadBuffer } from '../files/readBuffer.ts';

interface AttachmentInfo {
  materialId: string;
  /** Material title, zh-CN. */
  title: string;
  fileName: string;
  /**
   * Where the file came from as the user named it — a case file's `materials[i].files[j]` and
   * its path (scans/2024/a.pdf) — for messages: two scans of one name in two folders are
   * told apart. Without it, messages name `fileName`.
   */
  source?: string;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  /**
   * Files with the same key have the same bytes (the store's SHA-256, a file's device and
   * inode): embedded once, drawn wherever they are listed. Files given as `bytes` are known
   * the same when they are the same array.
   */
  contentKey?: string;
}

/**
 * An attached file: its bytes, or a way to read them when the builder gets to it. Read
 * lazily, each file's bytes are written into the package and let go before the next file is
 * read, so a case's scans are never all in memory at once (a case may carry hundreds of MB).
 * `read` may read into the builder's buffer (`readFileInto(path, into)`), which the next read
 * overwrites — the builder is done with a file's bytes by then — or return bytes of its own.
 * It may throw (the file vanished, or no longer matches its hash): the package then fails
 * with a PackageError of code 'missing' naming the file.
 */
export type PackageAttachment = AttachmentInfo & ({ bytes: Uint8Array } | { size: number; read(into: ReadBuffer): Uint8Array });

export interface PackageInput {
  /** Case number. */
  number: string;
  caseFile: CaseFile;
  evaluation: Evaluation;
  pack: PolicyPack;
  preparedBy?: string;
  /**
   * The day the package is built (制表日期), ISO — every host passes its today (the app, the
   * CLI and a batch alike), never the case's filing date. Also the metadata dates, as a day
   * and not an instant: the same case and files built on the same day give the same bytes.
   */
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
