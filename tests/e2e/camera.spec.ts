// Capturing a material with a camera (a kiosk's document scanner appears as one): Chromium's
// fake camera stands in for it. The button exists only where a camera does (guided.spec.ts
// checks it is absent without one).
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api, materialCard, origin, settled } from './walk.ts';
import type { CaseRecord } from '../../shared/contract.ts';

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

test('a photo from the camera becomes a stored JPEG of the material', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '方建平', idNumber: xiamenIdNumber('350212', '19790919', '184') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/materials`);
  const card = materialCard(page, '门诊或住院病历（急症/抢救）');
  await card.getByRole('button', { name: '拍照', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '拍照：门诊或住院病历（急症/抢救）' });
  await expect(dialog).toBeVisible();
  const take = dialog.getByRole('button', { name: '拍照', exact: true });
  await expect(take).toBeEnabled({ timeout: 15_000 });
  await snap(page, testInfo, 'camera-01-dialog', false);
  await take.click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('attachment-name')).toHaveText([/^拍照-\d{8}-\d{6}\.jpg$/]);
  await expect(card.getByTestId('material-status')).toHaveText('已提供');
  await settled(page);
  await expect(card.getByRole('button', { name: '拍照', exact: true })).toBeFocused();
  const stored = await api<CaseRecord>(page, appUrl, 'cases.get', { number: rec.number });
  const photo = stored.attachments.find((a) => a.materialId === 'emergency-records');
  expect(photo?.mime).toBe('image/jpeg');
  expect(photo?.sha256).toMatch(/^[0-9a-f]{64}$/);
  await snap(page, testInfo, 'camera-02-stored');
});
