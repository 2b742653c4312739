// Test helpers: a temporary data directory per test, a service with a fixed clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClaimDeskService, type ServiceOptions } from '../../electron/core/service.ts';
import { idCheckChar } from '../../shared/rules/idNumber.ts';

export function tempDir(prefix = 'claimdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeService(options: Partial<ServiceOptions> = {}): ClaimDeskService {
  return new ClaimDeskService({
    dataDir: options.dataDir ?? tempDir(),
    host: 'web',
    actor: 'test',
    now: () => new Date('2026-11-27T02:00:00Z'),
    ...options,
  });
}

/** A valid resident ID number from its first 17 digits. */
export function idNumber(first17: string): string {
  return first17 + idCheckChar(first17);
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
