// Kiosk mode in the core: what a visitor may call, the visit that ends (by "finish", by the
// page's idle timer, or — as a backstop the page cannot switch off — by the core's own timer),
// and the administrator's settings calls. Plain Node: both hosts get the same rules.
//
// A visitor may create one case and work on the cases created in the current visit; any
// other case does not exist for them (not_found), and listing or searching cases is refused
// (forbidden). When the visit ends its cases are kept for the desk or discarded, as the
// administrator configured, and the visit forgets them.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError, type Request, type Response, type SettingsView } from '../../shared/contract.ts';
import { recordEvent } from './audit.ts';
import type { Db } from './db/open.ts';
import { hashPin, PIN_PATTERN, PinThrottle, SettingsStore, verifyPin, type Settings } from './settings.ts';

/** Calls a kiosk answers without a case of the visit. */
const OPEN_CALLS: ReadonlySet<string> = new Set(['app.info', 'settings.get', 'settings.set', 'session.touch', 'session.end', 'cases.create', 'coverage.check']);

/** Calls on one case that a kiosk answers only for a case of the current visit. */
const OWN_CASE_CALLS: ReadonlySet<string> = new Set([
  'cases.get', 'cases.update', 'expenses.add', 'expenses.update', 'expenses.remove',
  'materials.set', 'attachments.add', 'attachments.remove', 'attachments.move', 'attachments.read',
]);

/** The core ends a visit on its own this long after the page's idle time without a call. */
export const BACKSTOP_GRACE_MS = 30_000;

/** Seconds of the visible countdown before an idle visit ends. */
export function warningSeconds(idleSeconds: number): number {
  return Math.max(1, Math.min(30, Math.floor(idleSeconds / 4)));
}

export interface VisitOptions {
  now: () => number;
  idleSeconds: () => number;
  /** Called by the backstop timer when a visit with cases has been idle too long. */
  onExpire: () => void;
}

/** The current kiosk visit: the cases it created and when it was last active. */
export class Visit {
  private readonly numbers = new Set<string>();
  private last: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: VisitOptions) {
    this.last = o.now();
  }

  /** Refuse a call a visitor may not make (before its handler runs). */
  admit(name: string, input: unknown): void {
    if (OPEN_CALLS.has(name)) return;
    if (OWN_CASE_CALLS.has(name)) {
      const number = typeof input === 'object' && input !== null ? (input as { number?: unknown }).number : undefined;
      if (typeof number === 'string' && this.numbers.has(number)) return;
      throw new ContractError('not_found', `no case ${String(number)}`, 'number');
    }
    throw new ContractError('forbidden', `${name} is not available at a kiosk`);
  }

  /** After a call succeeded: remember a case the visitor created; every call is activity. */
  answered(name: string, value: unknown): void {
    if (name === 'cases.create' && typeof value === 'object' && value !== null) {
      const number = (value as { number?: unknown }).number;
      if (typeof number === 'string') this.numbers.add(number);
    }
    if (name !== 'session.end') this.activity();
  }

  activity(): void {
    this.last = this.o.now();
    this.schedule();
  }

  /** Idle longer than the page's timer plus the grace: the page is gone or was tampered with. */
  expired(): boolean {
    return this.numbers.size > 0 && this.o.now() - this.last >= this.o.idleSeconds() * 1000 + BACKSTOP_GRACE_MS;
  }

  /** The visit's cases, forgotten by the visit. */
  take(): string[] {
    const list = [...this.numbers];
    this.numbers.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return list;
  }

  get size(): number {
    return this.numbers.size;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.numbers.size === 0) return;
    const due = this.o.idleSeconds() * 1000 + BACKSTOP_GRACE_MS;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.expired()) this.o.onExpire();
      else this.schedule();
    }, due + 50);
    this.timer.unref();
  }
}

/** What the kiosk and settings handlers need from the service. */
export interface KioskContext {
  db: Db;
  dataDir: string;
  packagesDir: string;
  attachmentsDir: string;
  settings: SettingsStore;
  throttle: PinThrottle;
  visit: Visit;
  /** The mode this process runs in (the --kiosk flag, else the saved setting at start). */
  mode: 'desk' | 'kiosk';
  modeFromFlag: boolean;
  idleFromFlag: number | undefined;
  stamp(): string;
  actor: string;
  removeCase(number: string): void;
}

/** The idle time in force: the --idle flag, else the saved setting. */
export function idleSecondsIn(ctx: Pick<KioskContext, 'settings' | 'idleFromFlag'>, settings?: Settings): number {
  return ctx.idleFromFlag ?? (settings ?? ctx.settings.read()).kiosk.idleSeconds;
}

function view(ctx: KioskContext, s: Settings): SettingsView {
  return {
    ...ctx.settings.publicView(s),
    activeMode: ctx.mode,
    modeFromFlag: ctx.modeFromFlag,
    idleSecondsInForce: idleSecondsIn(ctx, s),
    restartNeeded: !ctx.modeFromFlag && s.mode !== ctx.mode,
  };
}

/**
 * End the visit: each of its cases is kept (an audit event tells the desk it came from the
 * kiosk) or discarded with its package file and every stored attachment no other case uses.
 */
export function endVisit(ctx: KioskContext, reason: 'finish' | 'idle' | 'timeout'): { kept: number; discarded: number } {
  const numbers = ctx.visit.take();
  if (numbers.length === 0) return { kept: 0, discarded: 0 };
  const onEnd = ctx.settings.read().kiosk.onEnd;
  let kept = 0;
  let discarded = 0;
  for (const number of numbers) {
    const row = ctx.db.prepare(`SELECT id FROM cases WHERE number = ?`).get(number) as { id: number } | undefined;
    if (!row) continue;
    if (onEnd === 'keep') {
      recordEvent(ctx.db, { at: ctx.stamp(), actor: ctx.actor, action: 'kiosk.handoff', caseNumber: number, detail: { reason } });
      kept++;
      continue;
    }
    const blobs = (ctx.db.prepare(`SELECT DISTINCT sha256 FROM attachments WHERE case_id = ?`).all(row.id) as { sha256: string }[]).map((r) => r.sha256);
    const pkg = ctx.db.prepare(`SELECT file_name FROM packages WHERE case_id = ?`).get(row.id) as { file_name: string } | undefined;
    ctx.removeCase(number);
    recordEvent(ctx.db, { at: ctx.stamp(), actor: ctx.actor, action: 'kiosk.discard', caseNumber: number, detail: { reason } });
    if (pkg) fs.rmSync(path.join(ctx.packagesDir, path.basename(pkg.file_name)), { force: true });
    const stillUsed = ctx.db.prepare(`SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1`);
    for (const sha of blobs) {
      if (!/^[0-9a-f]{64}$/.test(sha) || stillUsed.get(sha)) continue;
      fs.rmSync(path.join(ctx.attachmentsDir, sha.slice(0, 2), sha), { force: true });
    }
    discarded++;
  }
  return { kept, discarded };
}

/**
 * The handlers of the settings and session calls, spread into the service's handler map
 * (which is built before the service's constructor runs: hence the getter).
 */
export function kioskHandlers(context: () => KioskContext) {
  return {
    'settings.get': (_input: Request<'settings.get'>): Response<'settings.get'> => view(context(), context().settings.read()),

    'settings.set': async (input: Request<'settings.set'>): Promise<Response<'settings.set'>> => {
      const ctx = context();
      const current = ctx.settings.read();
      if (current.adminPin) {
        const wait = ctx.throttle.wait();
        if (wait > 0) throw new ContractError('forbidden', `too many wrong PINs: try again in ${Math.ceil(wait / 1000)} s`, 'pin');
        if (!input.pin || !(await verifyPin(input.pin, current.adminPin))) {
          ctx.throttle.failed();
          throw new ContractError('forbidden', 'the administrator PIN is wrong', 'pin');
        }
        ctx.throttle.succeeded();
      } else if (ctx.mode === 'kiosk') {
        throw new ContractError('forbidden', 'no administrator PIN is set: set one at the desk first', 'pin');
      }
      if (input.newPin !== undefined && !PIN_PATTERN.test(input.newPin)) {
        throw new ContractError('invalid_request', 'newPin: must be 4 to 12 digits', 'newPin');
      }
      const next: Settings = {
        ...current,
        mode: input.mode ?? current.mode,
        kiosk: { ...current.kiosk, ...input.kiosk },
        cameraAllowed: input.cameraAllowed ?? current.cameraAllowed,
        adminPin: input.newPin !== undefined ? await hashPin(input.newPin) : current.adminPin,
      };
      if (next.mode === 'kiosk' && !next.adminPin) {
        throw new ContractError('conflict', 'set an administrator PIN before choosing kiosk mode (it is the only way out of it)', 'newPin');
      }
      const changed = Object.keys(input).filter((k) => k !== 'pin' && k !== 'newPin');
      if (changed.length > 0 || input.newPin !== undefined) {
        ctx.settings.write(next);
        recordEvent(ctx.db, {
          at: ctx.stamp(), actor: ctx.actor, action: 'settings.change', caseNumber: null,
          detail: { fields: changed, pinChanged: input.newPin !== undefined },
        });
      }
      return view(ctx, next);
    },

    'session.touch': (_input: Request<'session.touch'>): Response<'session.touch'> => {
      const ctx = context();
      ctx.visit.activity();
      return { idleSeconds: idleSecondsIn(ctx) };
    },

    'session.end': ({ reason }: Request<'session.end'>): Response<'session.end'> => endVisit(context(), reason),
  };
}
