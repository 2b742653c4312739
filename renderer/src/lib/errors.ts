// An ApiError in the user's language. The contract's messages are English and name the
// field ('line.amountFen: must be …'); the catalog gives the sentence, the core the detail.
import { t, type MessageKey } from '../i18n/index.svelte.ts';
import type { ApiError } from './api.ts';
import { CONTROL_MESSAGE, SURROGATE_MESSAGE } from '../../../shared/model/characters.ts';
import type { ImportFileReason, PackageFailReason } from '../../../shared/contract.ts';

const PACKAGE_REASONS: Record<string, MessageKey | undefined> = {
  empty: 'error.package_failed.empty',
  unsupported: 'error.package_failed.unsupported',
  corrupt: 'error.package_failed.corrupt',
  encrypted: 'error.package_failed.encrypted',
  missing: 'error.package_failed.missing',
} satisfies Record<PackageFailReason, MessageKey>;

const IMPORT_FILE_REASONS: Record<string, MessageKey | undefined> = {
  xls: 'error.import_file.xls',
  unreadable: 'error.import_file.unreadable',
  noHeader: 'error.import_file.noHeader',
  notTable: 'error.import_file.notTable',
  noSheet: 'error.import_file.noSheet',
  brokenQuotes: 'error.import_file.brokenQuotes',
  tooWide: 'error.import_file.tooWide',
} satisfies Record<ImportFileReason, MessageKey>;

export function errorText(error: ApiError): string {
  const detail = error.field && error.message.startsWith(`${error.field}: `)
    ? error.message.slice(error.field.length + 2)
    : error.message;
  switch (error.code) {
    case 'unauthorized': return t('error.unauthorized');
    case 'network': return t('error.network', { detail });
    case 'invalid_request': {
      // A spreadsheet the import cannot use at all: said in the user's words, naming the file.
      const key = (error.field === 'base64' || error.field === 'sheet') && error.file !== undefined ? IMPORT_FILE_REASONS[error.reason ?? ''] : undefined;
      if (key) return t(key, { file: error.file!, row: error.row ?? '?' });
      // Text pasted from elsewhere with characters the case may not hold: said in words.
      if (detail === CONTROL_MESSAGE || detail === SURROGATE_MESSAGE) return t('error.invalid_characters');
      return t('error.invalid_request', { detail });
    }
    case 'not_found': {
      const missingCase = /^no case (\S+)$/.exec(detail);
      return missingCase ? t('error.not_found.case', { number: missingCase[1]! }) : t('error.not_found', { detail });
    }
    case 'conflict': return t('error.conflict', { detail });
    case 'package_failed': {
      // An attachment at fault: said in the user's words, naming the file.
      const key = error.file !== undefined ? PACKAGE_REASONS[error.reason ?? ''] : undefined;
      return key ? t(key, { file: error.file! }) : t('error.package_failed', { detail });
    }
    case 'unknown_call': return t('error.unknown_call', { detail });
    case 'forbidden': return t('error.forbidden', { detail });
    case 'internal': return t('error.internal', { detail });
    default: {
      // A code this renderer does not know yet (the contract grows): say which, in words.
      const code: string = error.code;
      return t('error.other', { code, detail });
    }
  }
}

/**
 * Which of a form's fields a server error belongs to: its `field` path, with a prefix the
 * form does not show ('line.', 'claimant.') mapped through `fields`. Null: the form's own.
 */
export function fieldOf<F extends string>(error: ApiError, fields: Record<string, F>): F | null {
  if (!error.field) return null;
  return fields[error.field] ?? null;
}
