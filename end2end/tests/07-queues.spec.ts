import { expect, test, type Page, type TestInfo } from './fixtures';
import { PASSWORD, USERS, ami, hydrated, openNav, ready, searchExtensions, signIn } from './helpers';

const PBX = 'Acme sandbox';

async function openPart(page: Page, testInfo: TestInfo, part: 'Extensions' | 'Queues') {
  await openNav(page, 'PBX configuration');
  await page.getByRole('listitem').filter({ hasText: PBX }).getByRole('link', { name: part }).click();
  await expect(page.getByRole('heading', { name: part, level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

async function createExtension(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  await page.getByLabel('Display name', { exact: true }).fill(name);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/extensions/create')),
    page.getByRole('button', { name: 'Create' }).click(),
  ]);
  await ready(page, testInfo);
  await searchExtensions(page, testInfo, name);
  const cell = page.getByRole('table', { name: 'Extensions' }).getByRole('row').filter({ hasText: name }).getByRole('cell').first();
  await expect(cell).toHaveText(/^\d+$/);
  return (await cell.textContent()) ?? '';
}

test('@ssr a queue with two members is served by Asterisk with both', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openPart(page, testInfo, 'Extensions');
  const suffix = hydrated(testInfo) ? 'H' : 'S';
  const first = await createExtension(page, testInfo, `Agent One ${suffix}`);
  const second = await createExtension(page, testInfo, `Agent Two ${suffix}`);

  await page.getByRole('navigation', { name: 'PBX configuration' }).getByRole('link', { name: 'Queues' }).click();
  await expect(page.getByRole('heading', { name: 'Queues', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Strategy').selectOption('leastrecent');
  await page.getByLabel('Ring time (s)').fill('20');
  await page.getByLabel(`${first} Agent One ${suffix}`).check();
  await page.getByLabel(`${second} Agent Two ${suffix}`).check();
  await page.getByLabel(`Penalty ${second}`).fill('3');
  await page.getByRole('button', { name: 'Save' }).click();

  const row = page.getByRole('table', { name: 'Queues' }).getByRole('row').filter({ hasText: `Agent One ${suffix}` });
  await expect(row).toContainText(`Agent Two ${suffix} (Penalty 3)`);
  const queue = ((await row.getByRole('cell').first().textContent()) ?? '').trim();
  expect(queue).toMatch(/^\d+$/);

  // Asterisk's own view, over AMI.
  const status = await ami({ Action: 'QueueStatus', Queue: queue });
  const params = status.find((m) => m.Event === 'QueueParams');
  expect(params?.Strategy).toBe('leastrecent');
  const members = status.filter((m) => m.Event === 'QueueMember').map((m) => `${m.Location}:${m.Penalty}`).sort();
  expect(members).toEqual([`PJSIP/${first}:0`, `PJSIP/${second}:3`].sort());
});
