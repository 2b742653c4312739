// Shared pieces of the end-to-end tests: the running web host's URL, a valid resident ID
// number, screenshots kept as artifacts, and a check that Chinese renders in a CJK font.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { idCheckChar } from '../../shared/rules/idNumber.ts';

export { expect };

/** A resident ID number issued in Xiamen: `area` (e.g. 350203 思明区) + birth date + sequence + check character. */
export function xiamenIdNumber(area = '350203', birth = '19850612', sequence = '123'): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + idCheckChar(first17);
}

export const test = base.extend<{ appUrl: string }>({
  appUrl: async ({}, use) => {
    const url = process.env['CLAIMDESK_URL'];
    if (!url) throw new Error('CLAIMDESK_URL is not set: the global setup did not start the web host');
    await use(url);
  },
});

/** Open `url` as a first-time user sees it: no language chosen before, so the default (中文). */
export async function openInChinese(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => localStorage.removeItem('claimdesk.locale'));
  await page.reload();
}

/** Save a full-page screenshot under test-results/ and attach it to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<string> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}

/**
 * The platform fonts Chromium actually used to draw the text of the first element matching
 * `selector` (DevTools protocol CSS.getPlatformFontsForNode): proof that Chinese is drawn
 * with glyphs from a CJK font, not as boxes.
 */
export async function renderedFonts(page: Page, selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no element matches ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => ({ familyName: f.familyName, glyphCount: f.glyphCount }));
  } finally {
    await cdp.detach();
  }
}
