// Hostile input through the web host: malformed requests to every contract call, enumerated
// from GET /api (a new call is fuzzed without anyone adding it here). Each gets a typed error
// (a 4xx and {"ok": false, "error": {"code", "message"}}), the host stays up, and the data is
// unchanged:
// - the database file is compared byte for byte after a TRUNCATE checkpoint before and after
//   (every committed page is then in the main file, so any commit that changed a byte shows);
// - PRAGMA data_version, read on a second connection, must not move: it changes on any commit
//   by another connection, even one that rewrote pages with identical bytes, which a byte
//   comparison alone would miss;
// - the data directory's files (attachments, packages, backups, settings) are listed with
//   their sizes and hashes before and after.
// Requests are malformed by construction (one property of a plausible request broken: wrong
// type, huge string, deep nesting, invalid date, negative or fractional fen, unknown field,
// missing field, path traversal; or no object at all); the contract's own schema confirms each
// is malformed before it is sent, so a valid one (which could rightly change data) never is.
//
// ≥ 10,000 malformed requests in all by default; CLAIMDESK_LONG=1 sends 10,000 to every call.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { startWebHost, type WebHost } from '../../electron/web.ts';
import { requests, type CallName } from '../../shared/contract.ts';
import { makeService, tempDir, idNumber } from '../support/temp.ts';
import { LONG, SCAN_JPEG } from '../support/data.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';

type JsonSchema = {
  type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[];
  const?: unknown; pattern?: string; minLength?: number; maxLength?: number; minimum?: number; maximum?: number; exclusiveMinimum?: number;
  minItems?: number; additionalProperties?: boolean | JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; default?: unknown;
  propertyNames?: JsonSchema;
};

const TOTAL = Number(process.env.CLAIMDESK_FUZZ_TOTAL ?? 10_000);
const PER_CALL_LONG = 10_000;

const TRAVERSAL = ['../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'C:\\boot.ini', '%2e%2e%2f%2e%2e%2fetc', 'a/../../b', '....//....//x', '\u0000', 'x\u0000.jpg', '~/.ssh/id_rsa', 'CON', 'nul.jpg'];
const BAD_DATES = ['2026-02-30', '2026-13-01', '2025-02-29', '0000-00-00', '2026-1-1', '26-01-01', '2026-01-01T00:00:00Z', '2026/01/01', '9999-99-99', ''];
const BAD_FEN = [-1, -100, 0.5, 1.5, -0.0001, 1e300, -1e300, 1e13 + 1, 2 ** 53 + 2, Number.MIN_VALUE];
/** Candidate values for a skeleton's strings, tried against each pattern. */
const STRING_CANDIDATES = ['CD-20261127-0001', '2026-10-01', '2026-10', 'birth-certificate', 'claimdesk-manual-20261127-020000.zip',
  'ab'.repeat(16), '350203199005120425', '1234', 'AAAA', 'x', 'scan.jpg'];

/** A plausible request from a JSON Schema: every required property, with a value that fits where it can. */
function skeleton(s: JsonSchema, depth = 0): unknown {
  if (depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return skeleton(alt[0]!, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = skeleton(s.properties?.[k] ?? {}, depth + 1);
      return out;
    }
    case 'array': return Array.from({ length: s.minItems ?? 0 }, () => skeleton(s.items ?? {}, depth + 1));
    case 'string': {
      const re = s.pattern ? new RegExp(s.pattern) : null;
      const fits = (v: string) => (!re || re.test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
      return STRING_CANDIDATES.find(fits) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
    case 'integer': case 'number': return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean': return true;
    case 'null': return null;
    default: return {};
  }
}

const typeOf = (s: JsonSchema | undefined): string | undefined => (s ? (Array.isArray(s.type) ? s.type[0] : s.type) : undefined);

/** A value of another JSON type than the schema's. */
function wrongType(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const t = typeOf(s);
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 12 })], ['number', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['integer', fc.integer()], ['boolean', fc.boolean()], ['null', fc.constant(null)],
    ['array', fc.array(fc.integer(), { maxLength: 3 })], ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 })],
  ];
  const others = all.filter(([k]) => k !== t && !(t === 'number' && k === 'integer') && !(t === 'integer' && k === 'number')).map(([, a]) => a);
  return fc.oneof(...others);
}

/** Nesting `depth` levels deep, arrays or objects. */
const deep = fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});
const huge = fc.integer({ min: 1_000, max: 1_500_000 }).map((n) => 'x'.repeat(n));

/** The malformed-request generator for one call. */
function malformed(schema: JsonSchema): fc.Arbitrary<unknown> {
  const base = skeleton(schema) as Record<string, unknown>;
  const props = Object.keys(schema.properties ?? {});
  const withProp = (valueFor: (key: string) => fc.Arbitrary<unknown>) =>
    props.length === 0
      ? fc.constant({ ...base, unexpected: 1 })
      : fc.constantFrom(...props).chain((k) => valueFor(k).map((v) => ({ ...base, [k]: v })));
  const strings = props.filter((k) => typeOf(schema.properties![k]) === 'string');
  const withString = (values: fc.Arbitrary<unknown>) =>
    strings.length ? fc.constantFrom(...strings).chain((k) => values.map((v) => ({ ...base, [k]: v }))) : withProp(() => values);
  return fc.oneof(
    // not an object at all
    { weight: 2, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 30 }), fc.boolean(), fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 })) },
    // an unknown field (also with a traversal or prototype name)
    { weight: 2, arbitrary: fc.tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'prototype', '../x')), fc.anything({ maxDepth: 2 }))
      .filter(([k]) => !props.includes(k)).map(([k, v]) => {
        const o = structuredClone(base);
        Object.defineProperty(o, k, { value: v ?? 0, enumerable: true, configurable: true, writable: true });
        return o;
      }) },
    // a property of the wrong type
    { weight: 3, arbitrary: withProp((k) => wrongType(schema.properties![k])) },
    // a required property missing
    { weight: 1, arbitrary: (schema.required?.length ? fc.constantFrom(...schema.required) : fc.constant('unexpected')).map((k) => {
      const copy: Record<string, unknown> = { ...base };
      if (k in copy) delete copy[k]; else copy[k] = 1;
      return copy;
    }) },
    // huge strings
    { weight: 1, arbitrary: withString(huge) },
    // deep nesting
    { weight: 1, arbitrary: withProp(() => deep) },
    // invalid dates, anywhere a string goes, and inside nested objects (expense lines, coverage)
    { weight: 2, arbitrary: withString(fc.constantFrom(...BAD_DATES)) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_DATES).map((d) => ({ ...base, line: { date: d, institution: '厦门市中医院', kind: 'outpatient', amountFen: 1 }, filedOn: d })) },
    // negative or fractional fen, and out-of-range numbers
    { weight: 2, arbitrary: fc.constantFrom(...BAD_FEN).map((f) => ({ ...base, line: { date: '2026-10-01', institution: '厦门市中医院', kind: 'outpatient', amountFen: f } })) },
    { weight: 2, arbitrary: withProp(() => fc.constantFrom(...BAD_FEN)) },
    // path traversal in names
    { weight: 2, arbitrary: withString(fc.constantFrom(...TRAVERSAL)) },
  );
}

async function snapshotDir(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/claimdesk\.sqlite(-wal|-shm)?$/.test(e.name)) out.push(`${path.relative(dir, p)} ${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out.sort();
}

function dbBytes(s: ClaimDeskService): Buffer {
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  return fs.readFileSync(s.paths.database);
}

let host: WebHost;
let service: ClaimDeskService;

test('malformed requests to every call get a typed error; the host stays up; the data is unchanged', { timeout: LONG ? 3_600_000 : 600_000 }, async (t) => {
  service = makeService();
  // Real data to protect: a case with lines, a scan, a built package, a backup, a setting.
  const created = await service.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const number = (created.value as { number: string }).number;
  assert.ok((await service.dispatch('expenses.add', { number, line: { date: '2026-10-01', institution: '厦门市妇幼保健院', kind: 'inpatient', amountFen: 12345, invoiceNo: '1' } })).ok);
  assert.ok((await service.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName: 'b.jpg', base64: SCAN_JPEG.toString('base64') })).ok);
  assert.ok((await service.dispatch('backups.create', {})).ok);
  assert.ok((await service.dispatch('backups.setKeep', { keep: 4 })).ok);
  const rendererDir = tempDir('claimdesk-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  host = await startWebHost({ service, rendererDir });
  const base = `http://127.0.0.1:${host.port}`;
  const auth = { Authorization: `Bearer ${host.token}` };

  const listed = await fetch(`${base}/api`, { headers: auth });
  const calls = ((await listed.json()) as { value: { calls: { name: string; request: JsonSchema }[] } }).value.calls;
  assert.ok(calls.length >= 20, `GET /api lists ${calls.length} calls`);

  const bytesBefore = dbBytes(service);
  const filesBefore = await snapshotDir(service.paths.dir);
  const watcher = new Database(service.paths.database, { readonly: true });
  const versionBefore = watcher.pragma('data_version', { simple: true });

  const perCall = LONG ? PER_CALL_LONG : Math.ceil(TOTAL / calls.length);
  const seed = Number(process.env.CLAIMDESK_SEED ?? Date.now() % 1_000_000);
  t.diagnostic(`seed ${seed} (repeat with CLAIMDESK_SEED=${seed}); ${calls.length} calls × ${perCall} requests`);
  const codes = new Map<string, number>();
  let sent = 0;
  let crashes = 0;
  let skippedValid = 0;
  const failures: string[] = [];

  for (const call of calls) {
    const started = Date.now();
    const zod = requests[call.name as CallName];
    assert.ok(zod, `${call.name} is in GET /api but not in the contract`);
    const inputs = fc.sample(malformed(call.request), { numRuns: perCall * 2, seed: seed + sent });
    const batch: unknown[] = [];
    for (const input of inputs) {
      if (batch.length >= perCall) break;
      if (zod.safeParse(input).success) { skippedValid++; continue; }
      batch.push(input);
    }
    // top up with whole-body junk if the generator gave too many valid ones
    while (batch.length < perCall) batch.push([batch.length, 'not an object']);
    // 8 at a time, as a busy page might
    for (let i = 0; i < batch.length; i += 8) {
      await Promise.all(batch.slice(i, i + 8).map(async (input) => {
        sent++;
        let status: number;
        let body: { ok?: boolean; error?: { code?: unknown; message?: unknown } };
        try {
          const res = await fetch(`${base}/api/${call.name}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
          status = res.status;
          body = (await res.json()) as typeof body;
        } catch (err) {
          crashes++;
          failures.push(`${call.name}: no answer (${(err as Error).message})`);
          return;
        }
        if (status >= 500) crashes++;
        const typed = status >= 400 && status < 500 && body.ok === false && typeof body.error?.code === 'string' && typeof body.error.message === 'string';
        if (!typed && failures.length < 20) failures.push(`${call.name} ${JSON.stringify(input).slice(0, 200)} → ${status} ${JSON.stringify(body).slice(0, 200)}`);
        const code = String(body.error?.code);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }));
    }
    if (process.env.CLAIMDESK_FUZZ_TIMING) t.diagnostic(`${call.name}: ${Date.now() - started} ms`);
  }
  // Bodies that are not JSON, or not sent as JSON, to every call.
  for (const call of calls) {
    for (const [type, body] of [['application/json', '{"a":'], ['application/json', '\u0000\u0001'], ['text/plain', '{}'], ['application/json', '']] as const) {
      sent++;
      const res = await fetch(`${base}/api/${call.name}`, { method: 'POST', headers: { ...auth, 'Content-Type': type }, body });
      if (res.status >= 500) crashes++;
      if (res.status < 400) failures.push(`${call.name}: ${type} ${JSON.stringify(body)} → ${res.status}`);
      await res.arrayBuffer();
    }
  }

  // The host is still up and answers a good call.
  const alive = await fetch(`${base}/api/cases.get`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ number }) });
  assert.equal(alive.status, 200);

  const versionAfter = watcher.pragma('data_version', { simple: true });
  watcher.close();
  assert.deepEqual(failures, [], 'every malformed request got a typed 4xx error');
  assert.equal(crashes, 0, 'no request crashed the host or got a 5xx');
  assert.equal(versionAfter, versionBefore, 'no commit at all (PRAGMA data_version)');
  assert.ok(dbBytes(service).equals(bytesBefore), 'the database file is byte-for-byte unchanged');
  assert.deepEqual(await snapshotDir(service.paths.dir), filesBefore, 'no file in the data directory changed');
  const summary = [...codes].map(([c, n]) => `${c} ${n}`).join(', ');
  t.diagnostic(`fuzz: ${sent} malformed requests to ${calls.length} calls (${perCall} each), 0 crashes; ${skippedValid} generated inputs were valid and not sent; errors: ${summary}`);
  assert.ok(sent >= (LONG ? PER_CALL_LONG * calls.length : TOTAL));
  await host.close();
  service.close();
});

test('without its secret the host answers nothing, to every call; it listens on loopback only', async () => {
  const s = makeService();
  const rendererDir = tempDir('claimdesk-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const h = await startWebHost({ service: s, rendererDir });
  const base = `http://127.0.0.1:${h.port}`;
  for (const name of Object.keys(requests)) {
    for (const headers of [{}, { Authorization: 'Bearer ' }, { Authorization: `Bearer ${h.token}x` }, { Authorization: h.token }, { Cookie: `claimdesk_session=${h.token}` }] as Record<string, string>[]) {
      const res = await fetch(`${base}/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
      assert.equal(res.status, 401, name);
      assert.equal(await res.text(), '', `${name}: a refused request gets no body`);
    }
  }
  assert.equal((await fetch(`${base}/api`)).status, 401);
  assert.equal((s.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n, 0);
  // Loopback only: the listening socket is bound to 127.0.0.1 (the kernel's own table says so),
  // so another loopback address (127.0.0.2) is refused. No traffic leaves loopback.
  const listening = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && parseInt(f[1]!.split(':')[1]!, 16) === h.port).map((f) => f[1]!.split(':')[0]);
  assert.deepEqual(listening, ['0100007F'], 'bound to 127.0.0.1 only');
  assert.equal(fs.readFileSync('/proc/net/tcp6', 'utf8').split('\n').slice(1).filter((l) => {
    const f = l.trim().split(/\s+/);
    return f[3] === '0A' && f[1] && parseInt(f[1].split(':')[1]!, 16) === h.port;
  }).length, 0, 'not on IPv6');
  const refused = await new Promise<boolean>((resolve) => {
    const sock = net.connect({ host: '127.0.0.2', port: h.port, timeout: 1000 });
    sock.once('connect', () => { sock.destroy(); resolve(false); });
    sock.once('error', () => resolve(true));
    sock.once('timeout', () => { sock.destroy(); resolve(true); });
  });
  assert.ok(refused, 'another loopback address is refused');
  await h.close();
  s.close();
});
