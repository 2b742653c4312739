// No browser English on the data screen's Chinese panels: Chromium draws a file input's
// button and text ("Choose File", "No file chosen") and a month input's placeholders and
// month names in the browser's language, not the page's. The bundle chooser is a Chinese
// button with the chosen file's name beside it, the report's months are typed (例如 2026-01);
// both work from the keyboard alone. Side-effect free on the shared web host: the file chosen
// is not a bundle (refused, nothing imported) and a report only reads.
import type { Locator, Page } from '@playwright/test';
import { expect, openInChinese, test } from './fixtures.ts';
import { origin } from './walk.ts';

// What the browser would say itself, in its own words, were a native widget visible.
const BROWSER_WORDS = /choose|no file|file chosen|browse|month|year|-{4}/i;

/**
 * The words a person reads in a panel: its text, the placeholders and values of its fields,
 * and a mark for every visible native control whose words the browser draws (file, month,
 * date…), which innerText cannot see.
 */
async function seenText(panel: Locator): Promise<string> {
  return panel.evaluate((el: HTMLElement) => {
    const parts = [el.innerText];
    for (const input of el.querySelectorAll('input')) {
      const box = input.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // out of sight (sr-only)
      if (['file', 'month', 'date', 'week', 'time', 'datetime-local'].includes(input.type)) parts.push(`<native ${input.type}: browser words>`);
      if (input.placeholder) parts.push(input.placeholder);
      if (input.type === 'text') parts.push(input.value);
    }
    return parts.join('\n');
  });
}

async function openData(page: Page, appUrl: string): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openInChinese(page, appUrl);
  await page.goto(`${origin(appUrl)}/#/data`);
  await expect(page.getByRole('heading', { level: 1, name: '数据管理' })).toBeVisible();
}

test('the bundle chooser speaks Chinese before and after a file is chosen, and opens from the keyboard', async ({ page, appUrl }, testInfo) => {
  await openData(page, appUrl);
  const panel = page.getByTestId('bundles-panel');
  const importPart = panel.locator('.sub').filter({ has: page.getByRole('heading', { name: '导入案件包' }) });
  await importPart.scrollIntoViewIfNeeded();
  await importPart.screenshot({ path: testInfo.outputPath('bundle-chooser-before.png') });

  const text = await seenText(panel);
  expect(text).not.toMatch(BROWSER_WORDS);
  await expect(importPart).toContainText('选择文件…');
  await expect(importPart).toContainText('未选择文件');

  // Tab reaches the chooser (after the export part); it is named, its focus is shown on the
  // button, and Enter or Space opens the file chooser.
  const chooser = page.getByLabel('选择案件包文件（.zip）');
  await expect(chooser).toHaveAccessibleName(/选择案件包文件（\.zip）/);
  await expect(chooser).toHaveAccessibleDescription('未选择文件');
  await panel.getByRole('button', { name: '导出', exact: true }).focus();
  for (let i = 0; i < 5 && !(await chooser.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(chooser).toBeFocused();
  const button = importPart.getByText('选择文件…');
  expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await importPart.screenshot({ path: testInfo.outputPath('bundle-chooser-focused.png') });
  for (const key of ['Enter', 'Space']) {
    const [fileChooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press(key)]);
    expect(fileChooser.isMultiple()).toBe(false);
  }

  // Chosen (on the hidden input): its name is shown, still in Chinese around it.
  await page.locator('#bundle-file').setInputFiles({ name: '不是案件包.zip', mimeType: 'application/zip', buffer: Buffer.from('这不是 zip 文件') });
  await expect(importPart.getByTestId('bundle-file-name')).toHaveText('不是案件包.zip');
  await expect(chooser).toHaveAccessibleDescription(/不是案件包\.zip/);
  await expect(importPart.getByText(/“不是案件包\.zip”不是案件包/)).toBeVisible();
  expect(await seenText(panel)).not.toMatch(BROWSER_WORDS);
  await expect(importPart).toContainText('选择文件…');
  await importPart.screenshot({ path: testInfo.outputPath('bundle-chooser-after.png') });
});

test('the report\'s months are typed from the keyboard alone, in Chinese, and sent as YYYY-MM', async ({ page, appUrl }, testInfo) => {
  await openData(page, appUrl);
  const panel = page.getByTestId('report-panel');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: testInfo.outputPath('report-months-before.png') });
  expect(await seenText(panel)).not.toMatch(BROWSER_WORDS);
  const from = panel.getByLabel('起始月份（可不填）');
  const to = panel.getByLabel('截止月份（可不填）');
  await expect(from).toHaveAttribute('placeholder', '例如 2026-01');

  // Keyboard only: from the last 汇总方式 box, Tab to the months, type them as people do, Enter.
  await panel.getByLabel('按工作单位').focus();
  await page.keyboard.press('Tab');
  await expect(from).toBeFocused();
  await page.keyboard.type('2026年1月');
  await page.keyboard.press('Tab');
  await expect(to).toBeFocused();
  await expect(from).toHaveValue('2026-01'); // shown as it is sent
  await page.keyboard.type('2026/6');
  const [report] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(report.suggestedFilename()).toMatch(/-2026-01至2026-06-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await expect(panel.getByText(/^已导出 \d+ 行：/)).toContainText(report.suggestedFilename());

  // A month that is not one: said in Chinese, the field marked and focused, nothing exported.
  await to.fill('2026-13');
  await from.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('截止月份请按 年-月 填写，例如 2026-06。');
  await expect(to).toBeFocused();
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(to).toHaveAccessibleDescription(/截止月份请按 年-月 填写/);
  // A reversed range keeps its own message.
  await to.fill('2025-12');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('起始月份不能晚于截止月份。');
  await expect(from).toBeFocused();
  expect(await seenText(panel)).not.toMatch(BROWSER_WORDS);
  await panel.screenshot({ path: testInfo.outputPath('report-months-after.png') });
});
