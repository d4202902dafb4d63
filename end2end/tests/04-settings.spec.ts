import { expect, test, type Page, type TestInfo } from './fixtures';
import { PASSWORD, USERS, callServerFn, hydrated, ready, sandbox, signIn, openNav } from './helpers';

const PBX = 'Acme sandbox';

async function fillConnection(page: Page, values: { name?: string; amiSecret?: string; ariPort?: string }) {
  if (values.name !== undefined) await page.getByLabel('Name', { exact: true }).fill(values.name);
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('AMI port', { exact: true }).fill(sandbox.amiPort);
  await page.getByLabel('AMI username', { exact: true }).fill(sandbox.amiUser);
  if (values.amiSecret !== undefined) await page.getByLabel('AMI secret', { exact: true }).fill(values.amiSecret);
  await page.getByLabel('ARI port', { exact: true }).fill(values.ariPort ?? sandbox.ariPort);
  await page.getByLabel('ARI username', { exact: true }).fill(sandbox.ariUser);
  await page.getByLabel('ARI password', { exact: true }).fill(sandbox.ariPassword);
  await page.getByLabel('Realtime database URL', { exact: true }).fill(`sqlite://${sandbox.realtimeDb}`);
  await page.getByLabel('Call history (CDR) database URL', { exact: true }).fill(`sqlite://${sandbox.realtimeDb}`);
}

async function testConnection(page: Page, name: string) {
  const card = page.getByRole('article', { name });
  await card.getByRole('button', { name: 'Test connection' }).click();
  return card.getByRole('status', { name: 'Test connection' });
}

async function openSettings(page: Page, testInfo: TestInfo) {
  await openNav(page, 'FreePBX / Asterisk');
  await expect(page.getByRole('heading', { name: 'FreePBX / Asterisk' })).toBeVisible();
  await ready(page, testInfo);
}

test('a tenant admin saves the sandbox Asterisk and Test connection succeeds', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openSettings(page, testInfo);
  await page.getByRole('link', { name: 'New connection' }).click();
  await fillConnection(page, { name: PBX, amiSecret: sandbox.amiSecret });
  await page.getByRole('button', { name: 'Save' }).click();

  const card = page.getByRole('article', { name: PBX });
  await expect(card).toBeVisible();
  // Secrets are only "saved", never shown.
  await expect(card.getByText('saved — leave empty to keep')).toHaveCount(2);
  expect(await page.content()).not.toContain(sandbox.amiSecret);
  expect(await page.content()).not.toContain(sandbox.ariPassword);

  const results = await testConnection(page, PBX);
  await expect(results.getByRole('listitem')).toHaveCount(4);
  await expect(results).toContainText('AMI: OK — AMI 11.0.0');
  await expect(results).toContainText(/ARI: OK — Asterisk 22\./);
  await expect(results).toContainText('Realtime database: OK — SQLite: ps_endpoints');
  await expect(results).toContainText('Call history database: OK — SQLite: cdr');
});

test('a wrong AMI secret and a closed ARI port each say what is wrong', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openSettings(page, testInfo);
  const card = page.getByRole('article', { name: PBX });
  await card.getByRole('link', { name: 'Edit' }).click();
  // The secret fields start empty: leaving the ARI password empty keeps it.
  await expect(page.getByLabel('AMI secret', { exact: true })).toHaveValue('');
  await page.getByLabel('AMI secret', { exact: true }).fill('not-the-secret');
  await page.getByLabel('ARI password', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);

  let results = await testConnection(page, PBX);
  await expect(results).toContainText(
    `AMI: Failed — Authentication failed for user ${sandbox.amiUser}: check the username and secret.`,
  );
  await expect(results).toContainText(/ARI: OK/);
  if (hydrated(testInfo)) {
    // The live link does not try the refused secret again for a quarter
    // of an hour (a FreePBX's fail2ban would ban the portal), and says so.
    await openNav(page, 'Live');
    await expect(page.getByText(/Next attempt in 1[56] min, no sooner/)).toBeVisible();
    await openSettings(page, testInfo);
  }

  // Put the right secret back, and point ARI at a port nothing listens on:
  // the saved ARI password is not sent to a new place unless entered again.
  await page.getByRole('article', { name: PBX }).getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('AMI secret', { exact: true }).fill(sandbox.amiSecret);
  await page.getByLabel('ARI port', { exact: true }).fill('8089');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter it again: the connection now points somewhere else')).toBeVisible();
  await expect(page.getByLabel('ARI port', { exact: true })).toHaveValue('8089');
  // A port the server's operator does not allow is refused next to it.
  await page.getByLabel('AMI secret', { exact: true }).fill(sandbox.amiSecret);
  await page.getByLabel('ARI port', { exact: true }).fill('22');
  await page.getByLabel('ARI password', { exact: true }).fill(sandbox.ariPassword);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Outside the networks and ports this server may connect to')).toBeVisible();
  await page.getByLabel('AMI secret', { exact: true }).fill(sandbox.amiSecret);
  await page.getByLabel('ARI port', { exact: true }).fill('8089');
  await page.getByLabel('ARI password', { exact: true }).fill(sandbox.ariPassword);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  results = await testConnection(page, PBX);
  await expect(results).toContainText(/AMI: OK/);
  await expect(results).toContainText('ARI: Failed — Connection refused by 127.0.0.1:8089');

  await page.getByRole('article', { name: PBX }).getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('ARI port', { exact: true }).fill(sandbox.ariPort);
  await page.getByLabel('ARI password', { exact: true }).fill(sandbox.ariPassword);
  await page.getByRole('button', { name: 'Save' }).click();
  results = await testConnection(page, PBX);
  await expect(results).toContainText(/ARI: OK/);
});

test('a bad Realtime URL is refused next to its field', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openSettings(page, testInfo);
  await page.getByRole('link', { name: 'New connection' }).click();
  await fillConnection(page, { name: 'Broken', amiSecret: 'x' });
  // A password inside the URL would be shown on the page and in the audit
  // log: refused, pointing at the field it belongs in.
  const url = 'postgres://switchboard:hunter2@127.0.0.1/asterisk';
  await page.getByLabel('Realtime database URL', { exact: true }).fill(url);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('No password in the URL (it is shown on this page and in the audit log): enter it in the password field.')).toBeVisible();
  await expect(page.getByLabel('Realtime database URL', { exact: true })).toHaveValue(url);
  // Nothing was lost: the other fields keep what was typed.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Broken');
  await expect(page.getByRole('article', { name: 'Broken' })).toHaveCount(0);
});

test('@ssr a read-only user sees the connection but cannot change it', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.readerA, PASSWORD);
  await openSettings(page, testInfo);
  const card = page.getByRole('article', { name: PBX });
  await expect(card).toBeVisible();
  await expect(page.getByText('Read-only access: you can look but not change.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'New connection' })).toHaveCount(0);
  await expect(card.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(card.getByText('Delete', { exact: true })).toHaveCount(0);
  // Asking the server directly does not work either.
  if (testInfo.project.use.javaScriptEnabled !== false) {
    const id = await card.getAttribute('aria-labelledby');
    const numeric = id?.replace('connection-', '') ?? '';
    const del = await callServerFn(page, '/api/pbx/delete', { id: numeric });
    expect(del.status).toBe(403);
    const page2 = await page.goto('/settings?new=1');
    expect(page2?.status()).toBe(200);
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  }
});

test('another tenant admin can neither see nor reach the connection', async ({ browser }) => {
  const a = await browser.newContext();
  const pageA = await a.newPage();
  await signIn(pageA, test.info(), USERS.adminA, PASSWORD);
  await pageA.goto('/settings');
  const labelled = await pageA.getByRole('article', { name: PBX }).getAttribute('aria-labelledby');
  const id = labelled?.replace('connection-', '') ?? '';
  expect(id).toMatch(/^\d+$/);
  await a.close();

  const b = await browser.newContext();
  const pageB = await b.newPage();
  await signIn(pageB, test.info(), USERS.adminB, PASSWORD);
  await pageB.goto('/settings');
  await expect(pageB.getByText('No PBX connection yet.')).toBeVisible();
  await expect(pageB.getByRole('article', { name: PBX })).toHaveCount(0);
  for (const path of ['/api/pbx/test', '/api/pbx/delete']) {
    const reply = await callServerFn(pageB, path, { id });
    expect(reply.status, path).toBe(404);
    expect(reply.body).not.toContain(PBX);
  }
  const list = await callServerFn(pageB, '/api/pbx/list', {});
  expect(list.status).toBe(200);
  expect(list.body).toBe('[]');
  await b.close();
});

test('@ssr saving a connection works as a plain HTML form', async ({ page }, testInfo) => {
  const name = `Form PBX ${testInfo.project.name}`;
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openSettings(page, testInfo);
  await page.getByRole('link', { name: 'New connection' }).click();
  await fillConnection(page, { name, amiSecret: sandbox.amiSecret });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('article', { name })).toBeVisible();
  await page.getByRole('article', { name }).getByText('Delete', { exact: true }).click();
  await page.getByRole('article', { name }).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('article', { name })).toHaveCount(0);
});
