import { expect, test } from './fixtures';
import { PASSWORD, TENANTS, USERS, placeCall, ready, signIn } from './helpers';

// Call history reads the sandbox Asterisk's own CDR table, in place.

test('@ssr calls made on the PBX are found, filtered and explained in the call history', async ({ page }, testInfo) => {
  // Numbers only this run uses: a prefix finds exactly its calls.
  const prefix = `59${Date.now() % 100000}`;
  await placeCall('Local/echo@sandbox-test', 'History', `${prefix}1`, 1);
  await placeCall('Local/noanswer@sandbox-test', 'History', `${prefix}2`, 1, { Timeout: '2000' });
  // Dials a busy line: Asterisk writes the dialling leg BUSY (and the
  // originate's own legs NO ANSWER).
  await placeCall('Local/dialbusy@sandbox-test', 'History', `${prefix}3`, 1, { Timeout: '5000' });
  await signIn(page, testInfo, USERS.adminA, PASSWORD);

  const table = page.getByRole('table', { name: 'Call history' });
  const search = async (params: string) => {
    await page.goto(`/pbx/1/calls?${params}`);
    await ready(page, testInfo);
  };
  // The three calls once Asterisk wrote them: two Local legs each for the
  // first two, four rows for the busy one (its dial to the busy line).
  await expect(async () => {
    await search(`any_number=${prefix}`);
    await expect(table.getByRole('row').filter({ hasText: prefix })).toHaveCount(8, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(table.getByRole('row').filter({ hasText: `${prefix}1` }).first()).toContainText('Answered');
  // The total is counted apart from the page and shown by the pager.
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 1 of 1 (8)');
  // The sandbox's CDR table has every index the searches use.
  await expect(page.getByRole('note', { name: 'Missing indexes' })).toHaveCount(0);
  // Asterisk writes an originate that timed out ringing as NO ANSWER or
  // FAILED, depending on which leg gives up first.
  await expect(table.getByRole('row').filter({ hasText: `${prefix}2` }).first()).toContainText(/No answer|Failed/);

  // The busy line's leg and the leg that dialled it.
  const busy = page.getByRole('cell', { name: 'Busy', exact: true });
  await expect(table.getByRole('row').filter({ hasText: `${prefix}3` }).filter({ has: busy })).toHaveCount(2);
  // Statistics of the same search: three calls (legs grouped), one
  // answered, drawn per hour.
  const statistics = page.getByRole('region', { name: 'Statistics' });
  await expect(statistics.getByRole('group', { name: 'Calls: 3', exact: true })).toBeVisible();
  await expect(statistics.getByRole('group', { name: 'Answered: 1', exact: true })).toBeVisible();
  await expect(statistics.getByRole('img', { name: 'Calls per hour' })).toBeVisible();

  // The outcome narrows them; the filter stays in the form (it is the URL).
  await search(`any_number=${prefix}&disposition=busy`);
  await expect(table.getByRole('row').filter({ hasText: prefix })).toHaveCount(2);
  await expect(table.getByRole('row').filter({ hasText: `${prefix}3` })).toHaveCount(2);
  await search(`any_number=${prefix}&disposition=answered`);
  await expect(table.getByRole('row').filter({ hasText: prefix })).toHaveCount(2);
  await expect(page.getByLabel('Outcome')).toHaveValue('answered');
  await expect(page.getByLabel('Any number')).toHaveValue(prefix);

  // The download holds exactly the filtered rows (both legs of the
  // answered call), whatever page is shown.
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await page.request.get(href ?? '');
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).every((line) => line.includes(`${prefix}1`) && line.includes('ANSWERED'))).toBe(true);

  // A row opens to its channels.
  const row = table.getByRole('row').filter({ hasText: `${prefix}1` }).first();
  await row.getByText('Details', { exact: true }).click();
  await expect(row).toContainText('Local/echo@sandbox-test');
  // …and to all the legs of its call, on a page of their own.
  await row.getByRole('link', { name: 'All legs of this call' }).click();
  await ready(page, testInfo);
  await expect(page.getByRole('status').filter({ hasText: 'Legs of call' })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: `${prefix}1` })).toHaveCount(2);
  await expect(table.getByRole('row').filter({ hasText: `${prefix}2` })).toHaveCount(0);

  // A bad filter is said next to its field; nothing is searched.
  await search(`any_number=12a&from=2026-11-30&to=2026-11-01`);
  const form = page.getByRole('search', { name: 'Call history' });
  await expect(form.getByText('Digits, + * or #; start with % to match anywhere in the number.')).toBeVisible();
  await expect(form.getByText('The end is before the start.')).toBeVisible();
  await expect(table).toHaveCount(0);
});

test('@ssr "today" in the call history is the tenant\'s, set on the Settings page', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  // The date a zone is on now, as YYYY-MM-DD.
  const todayIn = (timeZone: string) => new Date().toLocaleDateString('en-CA', { timeZone });
  const setZone = async (zone: string) => {
    await page.goto('/settings');
    await ready(page, testInfo);
    const section = page.getByRole('region', { name: "Your organisation's time zone" });
    await section.getByLabel(`Time zone ${TENANTS.a}`).fill(zone);
    await section.getByRole('button', { name: `Set the time zone of ${TENANTS.a}` }).click();
    return section;
  };
  // Kiritimati (UTC+14) and Pago Pago (UTC-11) are never on the same day.
  for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    await setZone(zone);
    await page.goto('/settings');
    await ready(page, testInfo);
    await expect(page.getByLabel(`Time zone ${TENANTS.a}`)).toHaveValue(zone);
    await page.goto('/pbx/1/calls');
    await ready(page, testInfo);
    await expect(page.getByLabel('From date', { exact: true })).toHaveValue(todayIn(zone));
    await expect(page.getByLabel('To date', { exact: true })).toHaveValue(todayIn(zone));
  }

  // A name that is no zone is said next to the field, and nothing changes.
  const section = await setZone('Pacific/Atlantis');
  await expect(section.getByText('Not a known time zone: use a name such as Europe/Paris or UTC.')).toBeVisible();
  await page.goto('/settings');
  await ready(page, testInfo);
  await expect(page.getByLabel(`Time zone ${TENANTS.a}`)).toHaveValue('Pacific/Pago_Pago');

  // Back to the zone the sandbox Asterisk writes its CDR in.
  await setZone('UTC');
  await page.goto('/settings');
  await expect(page.getByLabel(`Time zone ${TENANTS.a}`)).toHaveValue('UTC');
});
