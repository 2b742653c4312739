// Contract handlers for issue 7 (data that survives): the audit trail, backups, case
// bundles and the integrity check. service.ts spreads them into its handler map.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError, type CallName, type Request, type Response } from '../../shared/contract.ts';
import { listEvents } from './audit.ts';
import { backupToFolder, BackupError, getKeep, isBackupName, listBackups, pruneBackups, restoreBackup, setKeep } from './backup.ts';
import { BundleError, exportBundle, importBundle, tempBundlePath, type MissingStoredCopy } from './bundle.ts';
import { verifyData } from './verify.ts';
import type { ClaimDeskService } from './service.ts';

type DataCall = 'audit.list' | 'backups.list' | 'backups.create' | 'backups.restore' | 'backups.setKeep' | 'bundles.export' | 'bundles.import' | 'data.verify';
type DataHandlers = { [C in DataCall & CallName]: (input: Request<C>) => Response<C> | Promise<Response<C>> };

/** The attachments an export could not use, as `file` carries them: `CD-… 出生医学证明：出生医学证明.jpg；…`. */
function missingList(missing: readonly MissingStoredCopy[]): string {
  const shown = missing.slice(0, 10).map((m) => `${m.number} ${m.material}：${m.fileName}`);
  if (missing.length > 10) shown.push(`…（另有 ${missing.length - 10} 个）`);
  return shown.join('；');
}

/** Largest bundle handed back through a contract call (base64 in a JSON reply). */
const MAX_EXPORT_BYTES = 45 * 1024 * 1024;

export function dataHandlers(service: ClaimDeskService): DataHandlers {
  return {
    'audit.list': ({ number, limit, offset }) => {
      const exists = service.db.prepare(`SELECT 1 FROM cases WHERE number = ? UNION ALL SELECT 1 FROM audit_events WHERE case_number = ? LIMIT 1`).get(number, number);
      if (!exists) throw new ContractError('not_found', `no case ${number}`, 'number');
      return listEvents(service.db, { caseNumber: number, limit, offset });
    },

    'backups.list': () => ({ keep: getKeep(service), items: listBackups(service) }),

    'backups.create': async () => {
      let made;
      try {
        made = await backupToFolder(service, 'manual');
      } catch (err) {
        if (err instanceof BackupError) throw new ContractError('conflict', err.message);
        throw err;
      }
      const name = path.basename(made.file);
      const item = listBackups(service).find((b) => b.name === name)!;
      return { ...item, sha256: made.sha256, cases: made.counts.cases, missingAttachments: made.missingAttachments.length };
    },

    'backups.restore': async ({ name }) => {
      if (!isBackupName(name)) throw new ContractError('invalid_request', 'name: must be the name of a backup in the backups folder', 'name');
      const file = path.join(service.paths.backups, name);
      if (!fs.existsSync(file)) throw new ContractError('not_found', `no backup ${name}`, 'name');
      try {
        const r = await restoreBackup(service, file);
        return { restored: name, cases: r.counts.cases, schemaVersion: r.schemaVersion, before: r.before && path.basename(r.before) };
      } catch (err) {
        if (err instanceof BackupError) throw new ContractError('invalid_request', err.message.replace(file, name), 'name');
        throw err;
      }
    },

    'backups.setKeep': ({ keep }) => ({ keep: setKeep(service, keep), removed: pruneBackups(service, keep) }),

    'bundles.export': async ({ numbers }) => {
      for (const [i, number] of numbers.entries()) {
        if (!service.db.prepare(`SELECT 1 FROM cases WHERE number = ?`).get(number)) throw new ContractError('not_found', `no case ${number}`, `numbers[${i}]`);
      }
      const file = tempBundlePath();
      try {
        const r = await exportBundle(service, numbers, file);
        if (r.bytes > MAX_EXPORT_BYTES) throw new ContractError('conflict', `the bundle is ${r.bytes} bytes, too large to hand over here: use claimdesk export`, 'numbers');
        const fileName = numbers.length === 1 ? `${numbers[0]}.zip` : `claimdesk-${numbers.length}-cases.zip`;
        return { fileName, base64: fs.readFileSync(file).toString('base64'), sha256: r.sha256, bytes: r.bytes, cases: r.cases, attachments: r.attachments };
      } catch (err) {
        // Stored copies it cannot use: `file` lists them as the user knows them (case number,
        // material, file name) for the data screen's sentence; the message has the details.
        if (err instanceof BundleError && err.missing.length) {
          throw new ContractError('conflict', err.message, 'numbers', { reason: 'storedCopyMissing', file: missingList(err.missing) });
        }
        if (err instanceof BundleError) throw new ContractError('conflict', err.message, 'numbers');
        throw err;
      } finally {
        fs.rmSync(file, { force: true });
      }
    },

    'bundles.import': async ({ base64, onDuplicate, decisions }) => {
      const bytes = Buffer.from(base64, 'base64');
      try {
        return await importBundle(service, bytes, { onDuplicate, decisions, label: 'the bundle' });
      } catch (err) {
        if (err instanceof BundleError) throw new ContractError('invalid_request', err.message, 'base64');
        throw err;
      }
    },

    'data.verify': () => verifyData(service),
  };
}
