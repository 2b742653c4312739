// Kiosk mode and the administrator's settings in the core (electron/core/kiosk.ts,
// settings.ts), through the service and through the web host: what a visitor may call, what
// happens to their case when the visit ends, the PIN (scrypt, throttled), the idle backstop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ClaimDeskService } from '../../electron/core/service.ts';
import { hashPin, PinThrottle, SettingsStore, verifyPin } from '../../electron/core/settings.ts';
import { BACKSTOP_GRACE_MS, Visit, warningSeconds } from '../../electron/core/kiosk.ts';
import { startWebHost } from '../../electron/web.ts';
import { idNumber, makeService, REPO_ROOT, tempDir } from '../support/temp.ts';
import type { CallResult } from '../../shared/contract.ts';

const SCAN = fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'pdf', 'scan-portrait.jpg')).toString('base64');
const VISITOR = { name: '林晓燕', idNumber: idNumber('35020319850612123') };

async function ok<T>(p: Promise<CallResult<unknown>>): Promise<T> {
  const r = await p;
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function refused(p: Promise<CallResult<unknown>>, code: string): Promise<void> {
  const r = await p;
  assert.equal(r.ok, false, 'expected a refusal');
  if (!r.ok) assert.equal(r.error.code, code, r.error.message);
}

function kiosk(dataDir = tempDir(), extra: Partial<ConstructorParameters<typeof ClaimDeskService>[0]> = {}): ClaimDeskService {
  return makeService({ dataDir, mode: 'kiosk', actor: undefined, ...extra });
}

async function visit(service: ClaimDeskService): Promise<string> {
  const record = await ok<{ number: string }>(service.dispatch('cases.create', { category: 'outage', claimant: VISITOR }));
  await ok(service.dispatch('attachments.add', { number: record.number, materialId: 'invoice', fileName: '林晓燕-发票.jpg', base64: SCAN }));
  return record.number;
}

test('the PIN is stored only as a salted scrypt hash and verified in constant time', async () => {
  const a = await hashPin('246810');
  const b = await hashPin('246810');
  assert.equal(a.algorithm, 'scrypt');
  assert.ok(a.N >= 1 << 14);
  assert.notEqual(a.salt, b.salt);
  assert.notEqual(a.hash, b.hash, 'a fresh salt each time');
  assert.equal(await verifyPin('246810', a), true);
  assert.equal(await verifyPin('246811', a), false);
  assert.equal(await verifyPin('', a), false);
});

test('settings.json: defaults, the PIN never in the public view, a damaged file is an error', async () => {
  const dir = tempDir();
  const store = new SettingsStore(dir);
  assert.deepEqual(store.publicView(), { mode: 'desk', kiosk: { idleSeconds: 120, onEnd: 'keep' }, cameraAllowed: false, pinSet: false });
  store.write({ ...store.read(), adminPin: await hashPin('1234') });
  const text = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
  assert.ok(!text.includes('1234'), 'the PIN itself is never written');
  assert.equal(store.publicView().pinSet, true);
  assert.ok(!JSON.stringify(store.publicView()).includes(store.read().adminPin!.hash));
  fs.writeFileSync(path.join(dir, 'settings.json'), '{"mode":"party"}');
  assert.throws(() => store.read());
});

test('settings.set: free at the desk until a PIN is set; then every change takes it; kiosk mode needs a PIN first', async () => {
  const dir = tempDir();
  const desk = makeService({ dataDir: dir });
  try {
    await refused(desk.dispatch('settings.set', { mode: 'kiosk' }), 'conflict');
    const set = await ok<{ pinSet: boolean; mode: string; restartNeeded: boolean }>(desk.dispatch('settings.set', { newPin: '135790', mode: 'kiosk', kiosk: { idleSeconds: 90, onEnd: 'discard' } }));
    assert.equal(set.pinSet, true);
    assert.equal(set.mode, 'kiosk');
    assert.equal(set.restartNeeded, true, 'the desk app restarts into kiosk mode');
    await refused(desk.dispatch('settings.set', { cameraAllowed: true }), 'forbidden');
    await refused(desk.dispatch('settings.set', { pin: '000000', cameraAllowed: true }), 'forbidden');
    const view = await ok<{ cameraAllowed: boolean }>(desk.dispatch('settings.set', { pin: '135790', cameraAllowed: true }));
    assert.equal(view.cameraAllowed, true);
    await refused(desk.dispatch('settings.set', { newPin: '12' }), 'invalid_request');
    const got = await ok<Record<string, unknown>>(desk.dispatch('settings.get', {}));
    assert.deepEqual(Object.keys(got).sort(), ['activeMode', 'cameraAllowed', 'idleSecondsInForce', 'kiosk', 'mode', 'modeFromFlag', 'pinSet', 'restartNeeded']);
  } finally {
    desk.close();
  }
  // The saved mode applies at the next start.
  const next = new ClaimDeskService({ dataDir: dir, host: 'web' });
  try {
    const info = await ok<{ mode: string; kiosk: { idleSeconds: number; onEnd: string } }>(next.dispatch('app.info', {}));
    assert.equal(info.mode, 'kiosk');
    assert.deepEqual(info.kiosk, { idleSeconds: 90, warningSeconds: warningSeconds(90), onEnd: 'discard' });
  } finally {
    next.close();
  }
});

test('a kiosk without a PIN cannot be reconfigured by a visitor', async () => {
  const service = kiosk();
  try {
    await refused(service.dispatch('settings.set', { mode: 'desk' }), 'forbidden');
    await refused(service.dispatch('settings.set', { newPin: '1234' }), 'forbidden');
  } finally {
    service.close();
  }
});

test('wrong PINs are throttled: after five, a minute\'s wait, growing', () => {
  let now = 0;
  const t = new PinThrottle(() => now);
  for (let i = 0; i < 4; i++) { t.failed(); assert.equal(t.wait(), 0); }
  t.failed();
  assert.equal(t.wait(), 60_000);
  now += 60_000;
  assert.equal(t.wait(), 0);
  t.failed();
  assert.equal(t.wait(), 120_000);
  t.succeeded();
  assert.equal(t.wait(), 0);
});

test('a kiosk visitor sees only the cases of their own visit; listing and searching are refused', async () => {
  const dir = tempDir();
  const desk = makeService({ dataDir: dir });
  const other = await ok<{ number: string }>(desk.dispatch('cases.create', { category: 'outage', claimant: { name: '王建国', idNumber: idNumber('35020319700101123') } }));
  desk.close();
  const service = kiosk(dir);
  try {
    await refused(service.dispatch('cases.list', {}), 'forbidden');
    await refused(service.dispatch('cases.search', { query: '王' }), 'forbidden');
    await refused(service.dispatch('cases.get', { number: other.number }), 'not_found');
    await refused(service.dispatch('expenses.remove', { number: other.number, lineId: 1 }), 'not_found');
    await refused(service.dispatch('cases.remove', { number: other.number }), 'forbidden');
    await refused(service.dispatch('packages.read', { number: other.number }), 'forbidden');
    const mine = await visit(service);
    const record = await ok<{ case: { claimant: { name: string } } }>(service.dispatch('cases.get', { number: mine }));
    assert.equal(record.case.claimant.name, VISITOR.name);
    await refused(service.dispatch('cases.setStatus', { number: mine, status: 'submitted' }), 'forbidden');
    // The visit ends: the next visitor cannot reach the case by its number.
    assert.deepEqual(await ok(service.dispatch('session.end', { reason: 'finish' })), { kept: 1, discarded: 0 });
    await refused(service.dispatch('cases.get', { number: mine }), 'not_found');
  } finally {
    service.close();
  }
});

test('visit end, keep: the case waits at the desk with a kiosk.handoff event', async () => {
  const dir = tempDir();
  const service = kiosk(dir);
  const number = await visit(service);
  await ok(service.dispatch('session.end', { reason: 'idle' }));
  service.close();
  const desk = makeService({ dataDir: dir });
  try {
    const list = await ok<{ items: { number: string; claimant: string }[] }>(desk.dispatch('cases.list', {}));
    assert.deepEqual(list.items.map((c) => c.number), [number]);
    const events = desk.db.prepare(`SELECT action, actor, detail FROM audit_events WHERE case_number = ? ORDER BY id`).all(number) as { action: string; actor: string; detail: string }[];
    assert.deepEqual(events.at(-1), { action: 'kiosk.handoff', actor: 'kiosk', detail: JSON.stringify({ reason: 'idle' }) });
  } finally {
    desk.close();
  }
});

test('visit end, discard: the case, its package file and its stored scans are gone', async () => {
  const dir = tempDir();
  const setup = makeService({ dataDir: dir });
  await ok(setup.dispatch('settings.set', { newPin: '8642', kiosk: { onEnd: 'discard' } }));
  setup.close();
  const service = kiosk(dir);
  try {
    const number = await visit(service);
    const stored = fs.readdirSync(path.join(dir, 'attachments'), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)));
    assert.equal(stored.length, 1);
    assert.deepEqual(await ok(service.dispatch('session.end', { reason: 'finish' })), { kept: 0, discarded: 1 });
    assert.equal((service.db.prepare(`SELECT COUNT(*) AS n FROM cases WHERE number = ?`).get(number) as { n: number }).n, 0);
    const left = fs.readdirSync(path.join(dir, 'attachments'), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)));
    assert.deepEqual(left, [], 'the scan is deleted from the store');
    assert.equal((service.db.prepare(`SELECT COUNT(*) AS n FROM people WHERE name = ?`).get(VISITOR.name) as { n: number }).n, 0);
  } finally {
    service.close();
  }
});

test('the core ends an idle visit by itself (the backstop a page cannot switch off)', () => {
  let now = 1_000_000;
  let expired = 0;
  const v = new Visit({ now: () => now, idleSeconds: () => 120, onExpire: () => { expired++; } });
  assert.doesNotThrow(() => v.admit('cases.create', {}));
  v.answered('cases.create', { number: 'CD-20261127-0001' });
  assert.doesNotThrow(() => v.admit('cases.get', { number: 'CD-20261127-0001' }));
  assert.throws(() => v.admit('cases.get', { number: 'CD-20261127-0002' }), /no case/);
  assert.throws(() => v.admit('backups.restore', { name: 'x' }), /not available at a kiosk/);
  assert.throws(() => v.admit('some.future.call', {}), /not available at a kiosk/, 'unknown calls are refused by default');
  now += 120_000 + BACKSTOP_GRACE_MS - 1;
  assert.equal(v.expired(), false);
  now += 1;
  assert.equal(v.expired(), true);
  assert.deepEqual(v.take(), ['CD-20261127-0001']);
  assert.equal(v.expired(), false, 'an empty visit never expires');
  v.close();
  assert.equal(expired, 0);
});

test('through the service: a stale visit is ended before the next caller is answered', async () => {
  let now = Date.now();
  const realNow = Date.now;
  Date.now = () => now;
  const service = kiosk(tempDir(), { idleSeconds: 5 });
  try {
    const number = await visit(service);
    now += 5_000 + BACKSTOP_GRACE_MS + 1;
    await refused(service.dispatch('cases.get', { number }), 'not_found');
  } finally {
    Date.now = realNow;
    service.close();
  }
});

test('the countdown: a quarter of the idle time, at least 1 s, at most 30 s', () => {
  assert.equal(warningSeconds(120), 30);
  assert.equal(warningSeconds(3600), 30);
  assert.equal(warningSeconds(20), 5);
  assert.equal(warningSeconds(3), 1);
});

test('web host in kiosk mode: 403 for a visitor\'s forbidden call; the visit\'s end tells the browser to drop its cache', async () => {
  const rendererDir = tempDir('claimdesk-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ClaimDesk</title>');
  const service = kiosk();
  const host = await startWebHost({ service, rendererDir });
  try {
    const post = (call: string, body: unknown) => fetch(`http://127.0.0.1:${host.port}/api/${call}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` }, body: JSON.stringify(body),
    });
    const list = await post('cases.list', {});
    assert.equal(list.status, 403);
    assert.equal(((await list.json()) as { error: { code: string } }).error.code, 'forbidden');
    const info = (await (await post('app.info', {})).json()) as { value: { mode: string; kiosk: unknown } };
    assert.equal(info.value.mode, 'kiosk');
    assert.deepEqual(info.value.kiosk, { idleSeconds: 120, warningSeconds: 30, onEnd: 'keep' });
    const end = await post('session.end', { reason: 'idle' });
    assert.equal(end.status, 200);
    assert.equal(end.headers.get('Clear-Site-Data'), '"cache"');
    assert.equal(end.headers.get('Cache-Control'), 'no-store');
  } finally {
    await host.close();
    service.close();
  }
});

test('the --idle flag wins over the saved idle time', async () => {
  const service = kiosk(tempDir(), { idleSeconds: 7 });
  try {
    const info = await ok<{ kiosk: { idleSeconds: number } }>(service.dispatch('app.info', {}));
    assert.equal(info.kiosk.idleSeconds, 7);
    assert.deepEqual(await ok(service.dispatch('session.touch', {})), { idleSeconds: 7 });
  } finally {
    service.close();
  }
});
