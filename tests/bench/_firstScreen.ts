// The app's first screen with a large database: from the moment the web host listens to the
// case list's first rows painted in Chromium (Debian's /usr/bin/chromium through Playwright,
// already launched, so the browser's own start-up is not counted), plus the time to open the
// service on the database before the host listens. Without Chromium or a built renderer it
// measures what the page would fetch (index.html, its assets, app.info, cases.list) over HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { ClaimDeskService } from '../../electron/core/service.ts';
import { startWebHost } from '../../electron/web.ts';

export async function firstScreen(dataDir: string, rendererDir: string): Promise<string> {
  const built = fs.existsSync(path.join(rendererDir, 'index.html'));
  let browser: import('@playwright/test').Browser | null = null;
  if (built && fs.existsSync('/usr/bin/chromium')) {
    try {
      const { chromium } = await import('@playwright/test');
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    } catch { browser = null; }
  }
  const t0 = performance.now();
  const service = new ClaimDeskService({ dataDir, host: 'web', actor: 'bench' });
  const host = await startWebHost({ service, rendererDir, port: 0 });
  const listening = performance.now();
  try {
    if (browser) {
      const page = await browser.newPage({ locale: 'zh-CN' });
      // Said apart: Chromium making its tab (the browser's start-up, ~50 ms on some runs and
      // ~700 ms on others of these machines, old and new renderer alike) is not the app's.
      const tabReady = performance.now();
      await page.goto(host.url);
      await page.locator('table.cases tbody tr').first().waitFor({ state: 'visible', timeout: 10_000 });
      const shown = performance.now();
      const rows = await page.locator('table.cases tbody tr').count();
      return `case list painted (${rows} rows) ${(shown - listening).toFixed(0)} ms after the host listened (target ≤ 1000 ms), ` +
        `of which ${(tabReady - listening).toFixed(0)} ms Chromium making its tab (${(shown - tabReady).toFixed(0)} ms from the page's request to its rows); ` +
        `opening the database took ${(listening - t0).toFixed(0)} ms before that`;
    }
    const base = `http://127.0.0.1:${host.port}`;
    const html = await (await fetch(host.url)).text();
    const cookie = `claimdesk_session=${host.token}`;
    for (const m of html.matchAll(/(?:src|href)="(\/[^"]+)"/g)) await (await fetch(base + m[1], { headers: { cookie } })).arrayBuffer();
    const post = (name: string, body: unknown) => fetch(`${base}/api/${name}`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    await post('app.info', {});
    await post('cases.list', { limit: 50, offset: 0 });
    return `page, assets, app.info and the first list page fetched ${(performance.now() - listening).toFixed(0)} ms after the host listened ` +
      `(no Chromium${built ? '' : ' / renderer not built'}: not painted); opening the database took ${(listening - t0).toFixed(0)} ms`;
  } finally {
    await browser?.close();
    await host.close();
    service.close();
  }
}
