import { expect, test } from './fixtures';
import { PASSWORD, USERS, ami, cdrRowsFrom, hydrated, openNav, signIn, ready, placeCall } from './helpers';

const PBX = 'Acme sandbox';

test('a call placed on the PBX shows up live and is hung up from the browser', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the live panel is fed by the hydrated page');
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openNav(page, 'Live');
  await ready(page, testInfo);
  const panel = page.getByRole('region', { name: PBX });
  await expect(panel.getByRole('status', { name: 'PBX link' })).toHaveText('Connected');

  const caller = `77${Date.now() % 100000}`;
  const placed = Date.now();
  await placeCall('Local/echo@sandbox-test', 'Live e2e', caller);
  const calls = panel.getByRole('table', { name: `Active calls ${PBX}` });
  const row = calls.getByRole('row').filter({ hasText: caller });
  await expect(row).toBeVisible();
  console.log(`FIGURE call placed on the PBX to row in the browser: ${Date.now() - placed} ms`);

  await row.getByText('Hang up', { exact: true }).click();
  await row.getByRole('button', { name: `Yes, hang up Call ${caller}` }).click();
  await expect(row).toHaveCount(0);
  const channels = await ami({ Action: 'CoreShowChannels' });
  expect(channels.filter((m) => m.Event === 'CoreShowChannel' && m.CallerIDNum === caller)).toHaveLength(0);
  // Asterisk wrote the call's CDR where the app reads it.
  await expect.poll(() => cdrRowsFrom(caller)).toBeGreaterThan(0);
});
