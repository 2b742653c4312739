// The installation's settings (settings.json in the data directory): the mode (desk or
// kiosk), the kiosk's idle time and what happens to a visitor's case, whether the camera may
// be used, and the administrator PIN — stored only as a scrypt hash with its own salt.
// Changing any setting takes the PIN once one is set.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as z from 'zod';
import { writeFileAtomic } from './files/atomicWrite.ts';

export const DEFAULT_IDLE_SECONDS = 120;
export const MIN_IDLE_SECONDS = 3;
export const MAX_IDLE_SECONDS = 3600;
export const PIN_PATTERN = /^[0-9]{4,12}$/;

/** scrypt cost: N = 2^15, r = 8 (32 MiB, ≈0.1 s here) — slow enough against guessing a PIN. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLength: 32 } as const;

const pinHashSchema = z.object({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(1024),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: z.string().min(16),
  hash: z.string().min(16),
}).strict();
export type PinHash = z.infer<typeof pinHashSchema>;

export const settingsSchema = z.object({
  version: z.literal(1).default(1),
  mode: z.enum(['desk', 'kiosk']).default('desk'),
  kiosk: z.object({
    idleSeconds: z.number().int().min(MIN_IDLE_SECONDS).max(MAX_IDLE_SECONDS).default(DEFAULT_IDLE_SECONDS),
    /** A visitor's case when the visit ends: kept for the desk to pick up, or discarded. */
    onEnd: z.enum(['keep', 'discard']).default('keep'),
  }).strict().default({ idleSeconds: DEFAULT_IDLE_SECONDS, onEnd: 'keep' }),
  cameraAllowed: z.boolean().default(false),
  adminPin: pinHashSchema.nullable().default(null),
}).strict();
export type Settings = z.infer<typeof settingsSchema>;

/** What anyone may read: everything but the PIN hash. */
export interface PublicSettings {
  mode: 'desk' | 'kiosk';
  kiosk: { idleSeconds: number; onEnd: 'keep' | 'discard' };
  cameraAllowed: boolean;
  pinSet: boolean;
}

export class SettingsError extends Error {}

export function hashPin(pin: string, salt: Buffer = crypto.randomBytes(16)): Promise<PinHash> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(pin, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 128 * SCRYPT.N * SCRYPT.r * 2 }, (err, key) => {
      if (err) return reject(err);
      resolve({ algorithm: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'), hash: key.toString('base64') });
    });
  });
}

export function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  return new Promise((resolve, reject) => {
    crypto.scrypt(pin, Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p, maxmem: 128 * stored.N * stored.r * 2 }, (err, key) => {
      if (err) return reject(err);
      resolve(key.length === expected.length && crypto.timingSafeEqual(key, expected));
    });
  });
}

export class SettingsStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
  }

  /** The settings; defaults when the file does not exist. A damaged file is an error, not a silent reset to desk mode. */
  read(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return settingsSchema.parse({});
      throw err;
    }
    const parsed = settingsSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new SettingsError(`${this.file}: ${parsed.error.issues[0]?.message ?? 'invalid settings'}`);
    return parsed.data;
  }

  write(settings: Settings): void {
    const valid = settingsSchema.parse(settings);
    writeFileAtomic(this.file, Buffer.from(JSON.stringify(valid, null, 2) + '\n', 'utf8'));
  }

  publicView(settings: Settings = this.read()): PublicSettings {
    return { mode: settings.mode, kiosk: { ...settings.kiosk }, cameraAllowed: settings.cameraAllowed, pinSet: settings.adminPin !== null };
  }
}

/**
 * Guessing the PIN: after 5 wrong PINs in a row each further attempt waits a minute (then
 * 2, 4 … up to 30 minutes), counted in memory by the running host.
 */
export class PinThrottle {
  private failures = 0;
  private lockedUntil = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until the next attempt is allowed (0: now). */
  wait(): number {
    return Math.max(0, this.lockedUntil - this.now());
  }

  failed(): void {
    this.failures++;
    if (this.failures >= 5) this.lockedUntil = this.now() + Math.min(30, 2 ** (this.failures - 5)) * 60_000;
  }

  succeeded(): void {
    this.failures = 0;
    this.lockedUntil = 0;
  }
}
