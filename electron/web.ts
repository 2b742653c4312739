// The web host: binds the contract to HTTP on 127.0.0.1 with a per-run secret, and serves
// the built renderer (../shared/INTERFACES.md). It is how a machine without Electron runs
// the app and how the end-to-end tests drive it.
//
// - POST /api/<call>, JSON body, `Authorization: Bearer SECRET` → {"ok":…} envelopes.
// - GET /api → every call with its request's JSON Schema.
// - The renderer's files are served only to a browser that showed the secret: the first
//   page load carries ?token=SECRET and receives it back as an HttpOnly, SameSite=Strict
//   cookie. The API accepts only the bearer header, never the cookie (no cross-site calls).
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describeCalls, type ErrorCode } from '../shared/contract.ts';
import type { ClaimDeskService } from './core/service.ts';

export interface WebHostOptions {
  service: ClaimDeskService;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  /** Fixed secret for tests; a random one otherwise. */
  token?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS: Record<ErrorCode, number> = {
  unknown_call: 404, invalid_request: 400, not_found: 404, conflict: 409, package_failed: 422, forbidden: 403, internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
  '.ttf': 'font/ttf', '.otf': 'font/otf', '.woff': 'font/woff',
};

/** The page may run only its own scripts; PDFs are previewed from blob: URLs. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:",
  "font-src 'self' data:", "connect-src 'self'", "frame-src blob:", "object-src blob:", "media-src 'self' blob: mediastream:",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const COOKIE = 'claimdesk_session';

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cross-Origin-Resource-Policy': 'same-origin', ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: http.ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { over = true; chunks.length = 0; return; }
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const rendererRoot = path.resolve(options.rendererDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('claimdesk web host:', err);
      if (!res.headersSent) refuse(res, 500, 'internal', 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only this machine's loopback names: a page elsewhere that rebinds DNS to 127.0.0.1 is refused.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'wrong host', 'text/plain');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      const auth = req.headers.authorization;
      // The scheme is case-insensitive (RFC 9110 §11.1): "bearer SECRET" is as good.
      const bearer = auth === undefined ? undefined : /^bearer +(\S+)\s*$/i.exec(auth)?.[1];
      if (!sameSecret(bearer, token)) {
        req.resume();
        return send(res, 401, '', 'text/plain', { 'WWW-Authenticate': 'Bearer' });
      }
      if (url.pathname === '/api') {
        if (req.method !== 'GET') return refuse(res, 405, 'invalid_request', 'use GET /api or POST /api/<call>');
        return sendJson(res, 200, { ok: true, value: { calls: describeCalls() } });
      }
      if (req.method !== 'POST') { req.resume(); return refuse(res, 405, 'invalid_request', 'API calls are POST /api/<call>'); }
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') { req.resume(); return refuse(res, 415, 'invalid_request', 'the body must be JSON (Content-Type: application/json)'); }
      const body = await readBody(req, maxBody);
      if (body === 'too_large') return refuse(res, 413, 'invalid_request', `the body is larger than ${maxBody} bytes`);
      let input: unknown;
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return refuse(res, 400, 'invalid_request', 'the body is not valid JSON');
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      const result = await options.service.dispatch(name, input);
      if (name === 'session.end' && result.ok) {
        // A kiosk visit ended: the browser drops every cached response of this origin (issue 6).
        return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8', { 'Clear-Site-Data': '"cache"' });
      }
      return sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
    }

    // The built renderer, only for a browser that showed the secret.
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '', 'text/plain');
    const queryToken = url.searchParams.get('token') ?? undefined;
    const viaQuery = sameSecret(queryToken, token);
    if (!viaQuery && !sameSecret(cookieValue(req.headers.cookie, COOKIE), token)) return send(res, 401, '', 'text/plain');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererRoot, relative);
    if (!file.startsWith(rendererRoot + path.sep)) return send(res, 404, 'not found', 'text/plain');
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch {
      return send(res, 404, 'not found', 'text/plain');
    }
    const headers: Record<string, string> = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Frame-Options': 'DENY' };
    if (viaQuery) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    send(res, 200, req.method === 'HEAD' ? '' : bytes, MIME[path.extname(file)] ?? 'application/octet-stream', headers);
  }

  // A busy moment (a restore, a big import) can hold the event loop for seconds. When it lets
  // go, Node runs expired timers before it reads the sockets, so a kept-alive connection whose
  // idle timer (Node's default: 5 s) ran out meanwhile is closed with a request already sent on
  // it unread: the client gets ECONNRESET instead of an answer. Keeping idle connections for a
  // minute leaves closing them to the clients (browsers, fetch: after a few seconds idle);
  // headersTimeout must stay above it, or it closes a kept-alive connection first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
