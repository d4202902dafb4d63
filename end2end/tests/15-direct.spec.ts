import { expect, test, type Page, type TestInfo } from './fixtures';
import { ADMIN, PASSWORD, USERS, ready, signIn } from './helpers';

// Every route opened directly (typed URL, bookmark, refresh), not through
// the menu, in each state that renders differently: no connection, with
// data, retention set, and each role. The fixture fails the test on any page
// error or unexpected console error, so a page that panics while hydrating
// fails here; each page is then used, to show it works afterwards.
//
// Runs last: the earlier specs left a connection (id 1) with extensions,
// queues, trunks, calls and recordings in tenant A; tenant B has none.

const PBX = 1;

interface Route {
  path: string;
  heading: string | RegExp;
  /** What only a page that hydrated can do. */
  works?: (page: Page) => Promise<void>;
}

/** Opens `path` by URL, waits for hydration, checks the heading and the
 * page's own check, then reloads and checks again (a refresh). */
async function open(page: Page, testInfo: TestInfo, route: Route) {
  for (const how of ['typed', 'refreshed']) {
    await page.goto(route.path);
    if (how === 'refreshed') await page.reload();
    await ready(page, testInfo);
    await expect(page.getByRole('heading', { level: 1 }), `${route.path} ${how}`).toHaveText(route.heading);
    await expect(page.getByText('Page not found')).toHaveCount(0);
    if (route.works) await route.works(page);
  }
}

/** Test connection on the connection's card answers (an action, so only a
 * hydrated page shows its report in place). */
async function testConnectionWorks(page: Page) {
  const card = page.getByRole('article').first();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status', { name: 'Test connection' })).toContainText('AMI');
}

/** The client-side router still works: the menu leads to "My account"
 * without a full page load (the marker set at hydration survives). */
async function menuWorks(page: Page) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

async function firstExtension(page: Page): Promise<string> {
  await page.goto(`/pbx/${PBX}/extensions`);
  const href = await page.locator(`a[href^="/pbx/${PBX}/extensions/"]`).first().getAttribute('href');
  expect(href).toBeTruthy();
  return href!;
}

function common(): Route[] {
  return [
    { path: '/', heading: /^Welcome/, works: menuWorks },
    { path: '/users', heading: 'Users', works: menuWorks },
    { path: '/live', heading: 'Live', works: menuWorks },
    { path: '/pbx', heading: 'PBX configuration', works: menuWorks },
    { path: '/audit', heading: 'Audit', works: menuWorks },
    { path: '/account', heading: 'My account' },
  ];
}

function pbxPages(): Route[] {
  return [
    { path: `/pbx/${PBX}/extensions`, heading: 'Extensions', works: menuWorks },
    { path: `/pbx/${PBX}/queues`, heading: 'Queues', works: menuWorks },
    { path: `/pbx/${PBX}/trunks`, heading: 'Trunks', works: menuWorks },
    { path: `/pbx/${PBX}/calls`, heading: 'Call history', works: menuWorks },
    { path: `/pbx/${PBX}/recordings`, heading: 'Recordings', works: menuWorks },
  ];
}

test.describe('every page opened by URL', () => {
  test('as the super admin, every tenant in view', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await signIn(page, testInfo, ADMIN.email, ADMIN.password);
    const extension = await firstExtension(page);
    const routes: Route[] = [
      ...common(),
      { path: '/tenants', heading: 'Tenants', works: menuWorks },
      { path: '/settings', heading: 'FreePBX / Asterisk', works: testConnectionWorks },
      {
        path: '/settings?new=1',
        heading: 'FreePBX / Asterisk',
        works: async (page) => {
          // The tenant list of the form is filled (it was a resource made
          // inside the connection list's suspense).
          const tenant = page.getByLabel('Tenant', { exact: true });
          await expect(tenant.locator('option')).not.toHaveCount(0);
          await expect(tenant.locator('option', { hasText: 'Acme' })).toHaveCount(1);
          await testConnectionWorks(page);
        },
      },
      {
        path: `/settings?edit=${PBX}`,
        heading: 'FreePBX / Asterisk',
        works: async (page) => {
          await expect(page.getByRole('heading', { name: 'Edit' })).toBeVisible();
          await expect(page.getByLabel('Host', { exact: true })).toHaveValue('127.0.0.1');
        },
      },
      ...pbxPages(),
      { path: extension, heading: /^Extension \d+/ },
      { path: `/pbx/${PBX}/import-extensions`, heading: 'Import from CSV', works: menuWorks },
    ];
    for (const route of routes) await open(page, testInfo, route);
  });

  test('as a tenant admin, with retention set and without', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await signIn(page, testInfo, USERS.adminA, PASSWORD);
    for (const route of [...common(), ...pbxPages()]) await open(page, testInfo, route);
    await open(page, testInfo, { path: '/settings', heading: 'FreePBX / Asterisk', works: testConnectionWorks });

    // Retention set: the card shows its preview, and changing it (an
    // action of the hydrated page) updates the preview in place.
    await page.goto(`/pbx/${PBX}/recordings`);
    await ready(page, testInfo);
    await page.getByLabel('Delete recordings older than (days)').fill('3650');
    await page.getByRole('button', { name: 'Set retention' }).click();
    const retention = page.getByRole('region', { name: 'Retention' });
    await expect(retention.getByText('Nothing is older than that.')).toBeVisible();
    await open(page, testInfo, {
      path: `/pbx/${PBX}/recordings`,
      heading: 'Recordings',
      works: async (page) => {
        const retention = page.getByRole('region', { name: 'Retention' });
        await expect(retention.getByText('Nothing is older than that.')).toBeVisible();
        await expect(page.getByLabel('Delete recordings older than (days)')).toHaveValue('3650');
        await menuWorks(page);
      },
    });
    // Back to keeping everything, as the other specs expect.
    await page.goto(`/pbx/${PBX}/recordings`);
    await ready(page, testInfo);
    await page.getByLabel('Delete recordings older than (days)').fill('');
    await page.getByRole('button', { name: 'Set retention' }).click();
    await expect(retention.getByText('Nothing is older than that.')).toHaveCount(0);
  });

  test('as a read-only user', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await signIn(page, testInfo, USERS.readerA, PASSWORD);
    for (const route of [...common(), ...pbxPages()]) await open(page, testInfo, route);
    await open(page, testInfo, { path: '/settings', heading: 'FreePBX / Asterisk', works: testConnectionWorks });
    // A form the reader may not use is not there, even by URL.
    await open(page, testInfo, {
      path: '/settings?new=1',
      heading: 'FreePBX / Asterisk',
      works: async (page) => {
        await expect(page.getByLabel('Host', { exact: true })).toHaveCount(0);
        await menuWorks(page);
      },
    });
  });

  test('as the admin of a tenant with no connection', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await signIn(page, testInfo, USERS.adminB, PASSWORD);
    for (const route of common()) await open(page, testInfo, route);
    await open(page, testInfo, {
      path: '/settings',
      heading: 'FreePBX / Asterisk',
      works: async (page) => {
        await expect(page.getByText('No PBX connection yet.')).toBeVisible();
        await menuWorks(page);
      },
    });
    await open(page, testInfo, {
      path: '/settings?new=1',
      heading: 'FreePBX / Asterisk',
      works: async (page) => {
        await expect(page.getByLabel('Host', { exact: true })).toBeVisible();
        await menuWorks(page);
      },
    });
    // Another tenant's PBX by URL: a clear "not found", no panic.
    await page.goto(`/pbx/${PBX}/extensions`);
    await ready(page, testInfo);
    await expect(page.getByRole('alert')).toBeVisible();
  });
});
