// Bad input to the package builder. When an attachment is at fault the error names it
// (fileName, materialId), so the CLI can exit 2 naming the file and the UI can point at it.

export type PackageErrorCode =
  | 'empty' // 0-byte file
  | 'unsupported' // not a JPEG, PNG or PDF
  | 'corrupt' // the bytes do not form a valid file of their type
  | 'encrypted' // a password-protected PDF
  | 'missing' // the file could not be read (vanished, or altered since it was stored)
  | 'input'; // the package input itself is unusable

export class PackageError extends Error {
  override name = 'PackageError';
  fileName?: string;
  /** The attachment's `source`, when it has one (a case file's scan: `materials[i].files[j]: attachment NAME`, as a scan refused before the build is named). */
  source?: string;
  materialId?: string;
  code: PackageErrorCode;

  /** `source`: the file as the user named it (a case file's relative path), for the message; else `fileName`. */
  constructor(message: string, options: { code: PackageErrorCode; fileName?: string; source?: string; materialId?: string; cause?: unknown }) {
    const named = options.source ?? options.fileName;
    super(named ? `${named}: ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    if (options.fileName !== undefined) this.fileName = options.fileName;
    if (options.source !== undefined) this.source = options.source;
    if (options.materialId !== undefined) this.materialId = options.materialId;
  }
}
