import { expect, test, type Page, type TestInfo } from './fixtures';
import { PASSWORD, USERS, ami, callServerFn, hydrated, openNav, ready, searchExtensions, signIn, sipRegister } from './helpers';

const PBX = 'Acme sandbox';

async function openExtensions(page: Page, testInfo: TestInfo) {
  await openNav(page, 'PBX configuration');
  await page.getByRole('listitem').filter({ hasText: PBX }).getByRole('link', { name: 'Extensions' }).click();
  await expect(page.getByRole('heading', { name: 'Extensions', level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

/** The row of an extension, by its number or its display name. */
function row(page: Page, numberOrName: string) {
  return page.getByRole('table', { name: 'Extensions' }).getByRole('row').filter({ has: page.getByRole('cell', { name: numberOrName, exact: true }) });
}

test('an extension created in the browser registers a real SIP phone, and only with its secret', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the one-time secret is shown by the hydrated page');
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openExtensions(page, testInfo);

  const started = Date.now();
  await page.getByLabel('Display name', { exact: true }).fill('Alice Sip');
  await page.getByLabel('Email', { exact: true }).fill('alice.sip@acme.test');
  await page.getByRole('button', { name: 'Create' }).click();
  const created = page.getByRole('status', { name: 'Extension created' });
  await expect(created).toBeVisible();
  const secret = await created.getByLabel('SIP secret').inputValue();
  const number = ((await created.getByRole('strong').textContent()) ?? '').replace(/\D/g, '');
  console.log(`FIGURE create one extension (click Create to secret shown): ${Date.now() - started} ms`);
  expect(number).toMatch(/^1\d{3}$/);
  expect(secret.length).toBeGreaterThanOrEqual(16);
  await searchExtensions(page, testInfo, number);
  await expect(row(page, number)).toContainText('Alice Sip');

  // Asterisk itself knows the endpoint, from the Realtime tables.
  const endpoint = await ami({ Action: 'PJSIPShowEndpoint', Endpoint: number });
  expect(endpoint.find((m) => m.Event === 'EndpointDetail')?.Callerid).toBe(`"Alice Sip" <${number}>`);

  // A real SIP client: accepted with the secret shown, refused with another.
  const registerStarted = Date.now();
  expect(await sipRegister(number, secret)).toBe(true);
  console.log(`FIGURE sipsak registers and Asterisk holds the contact: ${Date.now() - registerStarted} ms`);
  console.log(`FIGURE create one extension end to end (click Create to phone registered): ${Date.now() - started} ms`);
  expect(await sipRegister(number, 'wrong-secret-123456')).toBe(false);
  await page.reload();
  await ready(page, testInfo);
  await expect(row(page, number)).toContainText('sipsak');
  await expect(row(page, number)).not.toContainText('Not registered');
  await expect(row(page, number)).toContainText('127.0.0.1:');

  // Revealing is for admins and lands in the audit log.
  await row(page, number).getByRole('button', { name: `Reveal secret ${number}` }).click();
  await expect(row(page, number).getByRole('status', { name: `SIP secret ${number}` })).toHaveText(secret);

  // Deleted: the same phone can no longer register.
  await row(page, number).getByText('Delete', { exact: true }).click();
  await row(page, number).getByRole('button', { name: `Yes, delete ${number}` }).click();
  await expect(row(page, number)).toHaveCount(0);
  expect(await sipRegister(number, secret)).toBe(false);
  const gone = await ami({ Action: 'PJSIPShowEndpoint', Endpoint: number });
  expect(gone[0].Response).toBe('Error');

  await openNav(page, 'Audit');
  await expect(page.getByRole('cell', { name: 'Secret revealed' }).first()).toBeVisible();
});

test('@ssr extensions are created, validated and edited as plain HTML too', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openExtensions(page, testInfo);
  const name = hydrated(testInfo) ? 'Bob Hydrated' : 'Bob Plain';
  await page.getByLabel('Display name', { exact: true }).fill('Bob "quoted"');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('No quotes, angle brackets, semicolons or control characters.')).toBeVisible();
  await page.getByLabel('Display name', { exact: true }).fill(name);
  await page.getByLabel('Number', { exact: true }).fill('1900');
  await page.getByRole('button', { name: 'Create' }).click();
  const number = hydrated(testInfo) ? '1900' : '1901';
  if (!hydrated(testInfo)) {
    // The hydrated run took 1900.
    await page.getByLabel('Display name', { exact: true }).fill(name);
    await expect(page.getByText('Number 1900 is already in use')).toBeVisible();
    await page.getByLabel('Number', { exact: true }).fill(number);
    await page.getByRole('button', { name: 'Create' }).click();
  }
  await searchExtensions(page, testInfo, name);
  await expect(row(page, number)).toContainText(name);
  await row(page, number).getByRole('link', { name: `Edit ${number}` }).click();
  await ready(page, testInfo);
  await page.getByLabel('Display name', { exact: true }).fill(`${name} Jr`);
  await page.getByLabel('Codecs', { exact: true }).fill('g722, ulaw');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Extensions', level: 1 })).toBeVisible();
  await searchExtensions(page, testInfo, name);
  await expect(row(page, number)).toContainText(`${name} Jr`);
  await expect(row(page, number)).toContainText('g722,ulaw');
});

test('a reader sees extensions but cannot create, reveal or delete', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.readerA, PASSWORD);
  await openExtensions(page, testInfo);
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Reveal secret/ })).toHaveCount(0);
  const reply = await callServerFn(page, '/api/extensions/reveal', { pbx_connection_id: '1', number: '1900' });
  expect([403, 404]).toContain(reply.status);
});

test('@ssr saving an extension someone else changed meanwhile says so and keeps their change', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: hydrated(testInfo) });
  const mine = await context.newPage();
  await signIn(mine, testInfo, USERS.adminA, PASSWORD);
  await openExtensions(mine, testInfo);
  const name = hydrated(testInfo) ? 'Carol Hydrated' : 'Carol Plain';
  await mine.getByLabel('Display name', { exact: true }).fill(name);
  await mine.getByRole('button', { name: 'Create' }).click();
  await searchExtensions(mine, testInfo, name);
  await row(mine, name).getByRole('link', { name: /^Edit / }).click();
  await ready(mine, testInfo);
  const editUrl = mine.url();

  // A colleague opens the same extension and saves first.
  const theirs = await context.newPage();
  await theirs.goto(editUrl);
  await ready(theirs, testInfo);
  await theirs.getByLabel('Display name', { exact: true }).fill(`${name} (theirs)`);
  await theirs.getByRole('button', { name: 'Save' }).click();
  await expect(theirs.getByRole('heading', { name: 'Extensions', level: 1 })).toBeVisible();

  await mine.getByLabel('Display name', { exact: true }).fill(`${name} (mine)`);
  await mine.getByRole('button', { name: 'Save' }).click();
  await expect(mine.getByRole('alert')).toHaveText(
    'Someone else changed this since you opened it. Reload to see their version.',
  );
  await mine.goto(editUrl);
  await expect(mine.getByLabel('Display name', { exact: true })).toHaveValue(`${name} (theirs)`);
  await context.close();
});
