// The renderer's plain modules, without a browser: the API client over HTTP and over the
// Electron bridge, the token hand-off, and the parsing of typed dates.
import { test, expect } from '@playwright/test';
import { ApiError, bridgeApi, httpApi, takeToken } from '../../renderer/src/lib/api.ts';
import { amountProblem, fenToInput, parseCountInput, parseDateInput, parseMonthInput } from '../../renderer/src/lib/input.ts';

type FetchArgs = { url: string; init: RequestInit };

function fakeFetch(status: number, body: string, seen: FetchArgs[]): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

test.describe('httpApi', () => {
  test('POSTs JSON to /api/<call> with the bearer token and returns the value', async () => {
    const seen: FetchArgs[] = [];
    const api = httpApi('s3cret', fakeFetch(200, JSON.stringify({ ok: true, value: { total: 0, items: [] } }), seen));
    const page = await api.call('cases.search', { query: '张', limit: 20, offset: 0 });
    expect(page).toEqual({ total: 0, items: [] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/api/cases.search');
    expect(seen[0]!.init.method).toBe('POST');
    expect(new Headers(seen[0]!.init.headers).get('Authorization')).toBe('Bearer s3cret');
    expect(new Headers(seen[0]!.init.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ query: '张', limit: 20, offset: 0 });
  });

  test('an error envelope becomes a typed ApiError with its field', async () => {
    const reply = { ok: false, error: { code: 'invalid_request', message: 'claimant.idNumber: must be 18 characters', field: 'claimant.idNumber' } };
    const api = httpApi('t', fakeFetch(400, JSON.stringify(reply), []));
    const error = await api.call('cases.get', { number: 'CD-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_request', field: 'claimant.idNumber', message: 'claimant.idNumber: must be 18 characters' });
  });

  test('401 is "unauthorized"; a body that is not JSON is not trusted', async () => {
    const unauthorized = await httpApi('wrong', fakeFetch(401, '', [])).call('app.info', {}).catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ code: 'unauthorized' });
    const garbage = await httpApi('t', fakeFetch(502, '<html>bad gateway</html>', [])).call('app.info', {}).catch((e: unknown) => e);
    expect(garbage).toMatchObject({ code: 'network' });
    const noToken = await httpApi(null, fakeFetch(200, '{}', [])).call('app.info', {}).catch((e: unknown) => e);
    expect(noToken).toMatchObject({ code: 'unauthorized' });
  });
});

test('bridgeApi unwraps the preload envelope the same way', async () => {
  const calls: [string, unknown][] = [];
  const api = bridgeApi({
    call: async (name, input) => {
      calls.push([name, input]);
      return (input as { number: string }).number === 'CD-X'
        ? { ok: false, error: { code: 'not_found', message: 'no case CD-X' } }
        : { ok: true, value: { removed: 'CD-1' } };
    },
  });
  await expect(api.call('cases.remove', { number: 'CD-1' })).resolves.toEqual({ removed: 'CD-1' });
  const error = await api.call('cases.remove', { number: 'CD-X' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'not_found', message: 'no case CD-X' });
  expect(calls[0]).toEqual(['cases.remove', { number: 'CD-1' }]);
});

test('takeToken keeps the token for the tab and takes it out of the address bar', () => {
  const store = new Map<string, string>();
  let replaced = '';
  const fakeWindow = {
    location: { href: 'http://127.0.0.1:4321/?token=abc_DEF-1&x=1#/case/CD-1' },
    sessionStorage: { setItem: (k: string, v: string) => store.set(k, v), getItem: (k: string) => store.get(k) ?? null },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => { replaced = url; } },
  } as unknown as Window;
  expect(takeToken(fakeWindow)).toBe('abc_DEF-1');
  expect(replaced).toBe('/?x=1#/case/CD-1');
  // After a reload the URL has no token; the tab's storage still does.
  (fakeWindow.location as { href: string }).href = 'http://127.0.0.1:4321/?x=1#/';
  expect(takeToken(fakeWindow)).toBe('abc_DEF-1');
});

test('typed dates: the usual ways of writing a day, and only days that exist', () => {
  expect(parseDateInput('2026-11-05')).toBe('2026-11-05');
  expect(parseDateInput('2026-11-5')).toBe('2026-11-05');
  expect(parseDateInput(' 2026/1/5 ')).toBe('2026-01-05');
  expect(parseDateInput('2026.11.05')).toBe('2026-11-05');
  expect(parseDateInput('2026年11月5日')).toBe('2026-11-05');
  expect(parseDateInput('20261105')).toBe('2026-11-05');
  expect(parseDateInput('2024-02-29')).toBe('2024-02-29');
  expect(parseDateInput('2026-02-29')).toBeNull();
  expect(parseDateInput('2026-13-01')).toBeNull();
  expect(parseDateInput('11/05/2026')).toBeNull();
  expect(parseDateInput('')).toBeNull();
  expect(fenToInput(12850)).toBe('128.50');
  expect(fenToInput(5)).toBe('0.05');
});

test('full-width digits and punctuation from a Chinese input method parse like ASCII', () => {
  expect(parseDateInput('２０２４－０３－１０')).toBe('2024-03-10');
  expect(parseDateInput('２０２４／３／１０')).toBe('2024-03-10');
  expect(parseDateInput('２０２４年３月１０日')).toBe('2024-03-10');
  expect(parseDateInput('２０２４０３１０')).toBe('2024-03-10');
  expect(parseMonthInput('２０２４－０３')).toBe('2024-03');
  expect(parseMonthInput('２０２４年３月')).toBe('2024-03');
  expect(parseCountInput('１２')).toBe(12);
});

test('a refused amount says what is wrong with it', () => {
  for (const ok of ['123', '１２３', '１２３．５', '¥88.80', '￥88.80', '12,345.67元', '12,345.67 元', '１２，３４５．６７元']) expect(amountProblem(ok), ok).toBeNull();
  expect(amountProblem('')).toBe('amount.missing');
  expect(amountProblem('-5')).toBe('amount.negative');
  expect(amountProblem('－５')).toBe('amount.negative');
  expect(amountProblem('1 000')).toBe('amount.space');
  expect(amountProblem('１　０００')).toBe('amount.space');
  expect(amountProblem('abc')).toBe('amount.notNumber');
  expect(amountProblem('12元5角')).toBe('amount.notNumber');
  expect(amountProblem('1,23')).toBe('amount.grouping');
  expect(amountProblem('12.345')).toBe('amount.invalid');
});
