// The web host as other programs see it (../shared/INTERFACES.md).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startWebHost, type WebHost } from '../../electron/web.ts';
import { CALL_NAMES } from '../../shared/contract.ts';
import { makeService, tempDir, idNumber } from '../support/temp.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';

let host: WebHost;
let service: ClaimDeskService;
const rendererDir = tempDir('claimdesk-renderer-');
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ClaimDesk</title>');
fs.mkdirSync(path.join(rendererDir, 'assets'));
fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
fs.writeFileSync(path.join(path.dirname(rendererDir), 'secret.txt'), 'outside');

before(async () => {
  service = makeService();
  host = await startWebHost({ service, rendererDir });
});
after(async () => {
  await host.close();
  service.close();
});

const base = () => `http://127.0.0.1:${host.port}`;
const auth = () => ({ Authorization: `Bearer ${host.token}` });
const post = (call: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base()}/api/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth(), ...headers }, body: JSON.stringify(body) });

test('the printed URL is on 127.0.0.1 and carries the secret', () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
});

test('without the right secret an API request gets 401 and nothing else', async () => {
  for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: host.token }, { Authorization: `Basic ${host.token}` }, { Authorization: `Bearer ${host.token} extra` }] as Record<string, string>[]) {
    const res = await fetch(`${base()}/api/cases.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    assert.equal(res.status, 401);
    assert.equal(await res.text(), '');
  }
  assert.equal((await fetch(`${base()}/api`)).status, 401);
  assert.equal((service.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n, 0);
  // The scheme's name is case-insensitive (RFC 9110): a client that writes "bearer" is let in.
  const lower = await fetch(`${base()}/api/cases.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `bearer ${host.token}` }, body: '{}' });
  assert.equal(lower.status, 200);
});

test('GET /api lists every call with its request JSON Schema', async () => {
  const res = await fetch(`${base()}/api`, { headers: auth() });
  const body = (await res.json()) as { ok: boolean; value: { calls: { name: string; request: { type?: string; properties?: Record<string, unknown> } }[] } };
  assert.deepEqual(body.value.calls.map((c) => c.name).sort(), [...CALL_NAMES].sort());
  const create = body.value.calls.find((c) => c.name === 'cases.create')!;
  assert.equal(create.request.type, 'object');
  assert.ok(create.request.properties && 'claimant' in create.request.properties);
});

test('a call round-trips; a refused one gets 4xx with the field', async () => {
  const created = await post('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.equal(created.status, 200);
  const body = (await created.json()) as { ok: true; value: { number: string } };
  assert.equal(body.ok, true);
  const bad = await post('expenses.add', { number: body.value.number, line: { date: '2026-01-01', institution: 'x', kind: 'outpatient', amountFen: 'lots' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(((await bad.json()) as { error: { field: string } }).error.field, 'line.amountFen');
  const missing = await post('cases.get', { number: 'CD-19990101-0001' });
  assert.equal(missing.status, 404);
  const unknown = await post('nothing.here', {});
  assert.equal(unknown.status, 404);
});

test('a body that is not JSON is refused', async () => {
  const wrongType = await fetch(`${base()}/api/cases.list`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(wrongType.status, 415);
  const broken = await fetch(`${base()}/api/cases.list`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"limit":' });
  assert.equal(broken.status, 400);
  const get = await fetch(`${base()}/api/cases.list`, { headers: auth() });
  assert.equal(get.status, 405);
});

test('the renderer is served only with the secret, then by cookie; nothing outside it', async () => {
  assert.equal((await fetch(`${base()}/`)).status, 401);
  const first = await fetch(`${base()}/?token=${host.token}`);
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.match(cookie, /^claimdesk_session=/);
  const asset = await fetch(`${base()}/assets/app.js`, { headers: { Cookie: cookie } });
  assert.equal(asset.status, 200);
  assert.equal((await fetch(`${base()}/assets/app.js`)).status, 401);
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
    const res = await fetch(`${base()}${p}`, { headers: { Cookie: cookie } });
    assert.notEqual(res.status, 200, p);
  }
  // the session cookie never authorises the API (a cross-site page could send it)
  const viaCookie = await fetch(`${base()}/api/cases.list`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(viaCookie.status, 401);
});

test('a request naming another host (DNS rebinding) is refused', async () => {
  const http = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: '/api', headers: { Host: 'evil.example:80', ...auth() } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 421);
});

test('a request on a kept-alive connection while the host is busy past Node\'s default idle timeout (5 s) is answered, not reset', async () => {
  // The client runs on a thread of its own, so it can send while this thread (the host's) is
  // held — as a large export or a restore can hold it.
  const { Worker } = await import('node:worker_threads');
  const client = new Worker(`
    const http = require('node:http');
    const { parentPort, workerData: { port, token } } = require('node:worker_threads');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () => new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/app.info', method: 'POST', agent,
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token, 'Content-Length': 2 } }, (res) => {
        res.resume(); res.on('end', () => resolve('HTTP ' + res.statusCode));
      });
      req.on('error', (e) => resolve(e.code || e.message));
      req.end('{}');
    });
    (async () => {
      await post();                                  // opens the connection, then it idles
      parentPort.postMessage('idle');
      await new Promise((r) => setTimeout(r, 500));  // sent while the host is busy
      parentPort.postMessage(await post());
      agent.destroy();
    })();`, { eval: true, workerData: { port: host.port, token: host.token } });
  const messages: string[] = [];
  const second = new Promise<string>((resolve) => client.on('message', (m: string) => {
    messages.push(m);
    if (m === 'idle') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 8_000); // the host's thread busy for 8 s, well past the default 5 s
    else resolve(m);
  }));
  assert.equal(await second, 'HTTP 200');
  await client.terminate();
});
