import { expect, test, type Page, type TestInfo } from './fixtures';
import { PASSWORD, USERS, ami, hydrated, openNav, ready, signIn } from './helpers';

const PBX = 'Acme sandbox';

async function openPart(page: Page, testInfo: TestInfo, part: 'Extensions' | 'Trunks') {
  await openNav(page, 'PBX configuration');
  await page.getByRole('listitem').filter({ hasText: PBX }).getByRole('link', { name: part }).click();
  await expect(page.getByRole('heading', { name: part, level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

test('a trunk registering to a second endpoint of the sandbox reaches Registered', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'uses the one-time secret shown by the hydrated page');
  await signIn(page, testInfo, USERS.adminA, PASSWORD);

  // The "provider" is an extension of the same sandbox Asterisk, on loopback.
  await openPart(page, testInfo, 'Extensions');
  await page.getByLabel('Display name', { exact: true }).fill('Loopback provider');
  await page.getByRole('button', { name: 'Create' }).click();
  const created = page.getByRole('status', { name: 'Extension created' });
  const secret = await created.getByLabel('SIP secret').inputValue();
  const number = ((await created.getByRole('strong').textContent()) ?? '').replace(/\D/g, '');

  await page.getByRole('navigation', { name: 'PBX configuration' }).getByRole('link', { name: 'Trunks' }).click();
  await expect(page.getByRole('heading', { name: 'Trunks', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Name', { exact: true }).fill('loopback');
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('SIP port').fill('5060');
  await page.getByLabel('SIP user name').fill(number);
  await page.getByLabel('SIP secret').fill(secret);
  await page.getByLabel('Register with the provider').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status', { name: 'Trunks' })).toHaveText(
    'Saved; Asterisk reloaded its outbound registrations.',
  );
  expect(await page.content()).not.toContain(secret);

  // Asterisk registers; the list shows it once it has.
  await expect
    .poll(
      async () => {
        const reply = await ami({ Action: 'PJSIPShowRegistrationsOutbound' });
        return reply.find((m) => m.Event === 'OutboundRegistrationDetail' && m.ObjectName === 'loopback')?.Status;
      },
      { timeout: 30_000 },
    )
    .toBe('Registered');
  await page.reload();
  await ready(page, testInfo);
  const row = page.getByRole('table', { name: 'Trunks' }).getByRole('row').filter({ hasText: 'loopback' });
  await expect(row).toContainText('Registered');
  await expect(row).toContainText('127.0.0.1:5060');

  // The registered contact sits on the "provider" extension's AOR.
  const contacts = await ami({ Action: 'PJSIPShowContacts' });
  expect(contacts.some((m) => m.Event === 'ContactList' && m.Endpoint === number && m.Uri?.includes('line='))).toBe(true);
});
