// The renderer's one way to the core: ClaimDeskApi from the contract, over whichever host
// it runs in. In Electron the preload exposes `window.claimdesk.call(name, input)`; in a
// browser the web host answers `POST /api/<call>` with the per-run secret as a bearer token.
// Both resolve to the same envelope, {ok:true,value} | {ok:false,error}.
import type {
  CallError, CallName, CallResult, ClaimDeskApi, ErrorCode, RequestInput, Response,
} from '../../../shared/contract.ts';

/** What the Electron preload exposes (contextBridge). */
export interface ClaimDeskBridge {
  call(name: string, input: unknown): Promise<CallResult<unknown>>;
}

declare global {
  interface Window {
    claimdesk?: ClaimDeskBridge;
  }
}

/** Codes the transport adds to the contract's own: the host refused the secret, or could not be reached. */
export type ApiErrorCode = ErrorCode | 'unauthorized' | 'network';

/** A refused or failed call, typed: `field` names the request field at fault ('claimant.idNumber'). */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  /** Why, and which file, where the core says (a package that failed on one attachment). */
  readonly reason: string | undefined;
  readonly file: string | undefined;
  /** The row of `file` at fault (a CSV quote that is never closed). */
  readonly row: number | undefined;
  /**
   * No answer from the host came back (the connection failed or dropped, or what came was not
   * its reply): the call may or may not have done its work. A refusal the host sent is answered.
   */
  readonly unanswered: boolean;
  constructor(code: ApiErrorCode, message: string, field?: string, about: { reason?: string | undefined; file?: string | undefined; row?: number | undefined; unanswered?: boolean } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.reason = about.reason;
    this.file = about.file;
    this.row = about.row;
    this.unanswered = about.unanswered ?? false;
  }
}

const TOKEN_KEY = 'claimdesk.token';

/**
 * The web host's secret: read once from `?token=` and kept in sessionStorage (it survives a
 * reload of the tab, not the tab itself), then removed from the address bar so it is not
 * bookmarked, shared on screen or kept in history.
 */
export function takeToken(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage disabled: the token still lives for this page
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function isEnvelope(x: unknown): x is CallResult<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const ok = (x as { ok: unknown }).ok;
  if (ok === true) return 'value' in x;
  if (ok === false) {
    const error = (x as { error?: unknown }).error;
    return typeof error === 'object' && error !== null && typeof (error as CallError).code === 'string';
  }
  return false;
}

function unwrap<C extends CallName>(result: unknown): Response<C> {
  if (!isEnvelope(result)) throw new ApiError('internal', 'malformed reply from the host', undefined, { unanswered: true });
  if (result.ok) return result.value as Response<C>;
  const { code, message, field, reason, file, row } = result.error;
  throw new ApiError(code, message, field, { reason, file, row });
}

/** Over the Electron preload bridge. */
export function bridgeApi(bridge: ClaimDeskBridge): ClaimDeskApi {
  return {
    async call<C extends CallName>(name: C, input: RequestInput<C>): Promise<Response<C>> {
      let result: unknown;
      try {
        result = await bridge.call(name, input);
      } catch (e) {
        throw new ApiError('network', e instanceof Error ? e.message : String(e), undefined, { unanswered: true });
      }
      return unwrap<C>(result);
    },
  };
}

/** Over HTTP to the web host (same origin as the page). */
export function httpApi(token: string | null, fetchImpl: typeof fetch = fetch.bind(globalThis)): ClaimDeskApi {
  return {
    async call<C extends CallName>(name: C, input: RequestInput<C>): Promise<Response<C>> {
      if (!token) throw new ApiError('unauthorized', 'no access token');
      let reply: globalThis.Response;
      try {
        reply = await fetchImpl(`/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
        });
      } catch (e) {
        throw new ApiError('network', e instanceof Error ? e.message : String(e), undefined, { unanswered: true });
      }
      // 403 carries a contract error ('forbidden': a kiosk visitor, a wrong PIN); only 401 means the secret was refused.
      if (reply.status === 401) throw new ApiError('unauthorized', `HTTP ${reply.status}`);
      let body: unknown;
      try {
        body = await reply.json();
      } catch {
        // A proxy's error page, or a reply cut off: not the host's answer.
        throw new ApiError(reply.ok ? 'internal' : 'network', `HTTP ${reply.status}: not a JSON reply`, undefined, { unanswered: true });
      }
      return unwrap<C>(body);
    },
  };
}

let current: ClaimDeskApi | null = null;

/** The API for this window, chosen once: the preload bridge when present, else HTTP. */
export function api(): ClaimDeskApi {
  if (!current) current = window.claimdesk ? bridgeApi(window.claimdesk) : httpApi(takeToken());
  return current;
}

/** Shorthand for api().call(…). */
export function call<C extends CallName>(name: C, input: RequestInput<C>): Promise<Response<C>> {
  return api().call(name, input);
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError('internal', e instanceof Error ? e.message : String(e));
}
