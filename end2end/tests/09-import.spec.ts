import { expect, test } from './fixtures';
import { PASSWORD, USERS, hydrated, openNav, ready, signIn } from './helpers';

const PBX = 'Acme sandbox';

function csv(bad: boolean): string {
  const lines = ['display_name,email,codecs'];
  for (let i = 0; i < 200; i++) {
    let name = `Imported ${i}`;
    let email = `imported${i}@acme.test`;
    if (bad && i === 10) name = 'Broken "name"';
    if (bad && i === 120) email = 'not-an-email';
    if (bad && i === 199) email = 'imported0@acme.test';
    lines.push(`${name},${email},ulaw`);
  }
  return lines.join('\n') + '\n';
}

test('a 200-line CSV import is previewed, refused whole with bad lines, then imported whole', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the import report is shown by the hydrated page');
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openNav(page, 'PBX configuration');
  await page.getByRole('listitem').filter({ hasText: PBX }).getByRole('link', { name: 'Extensions' }).click();
  await ready(page, testInfo);
  const pbxId = new URL(page.url()).pathname.split('/')[2];
  const exported = async () => (await (await page.request.get(`/pbx/${pbxId}/extensions.csv`)).text()).trim().split('\n').length - 1;
  const before = await exported();

  await page.getByRole('link', { name: 'Import from CSV' }).click();
  await ready(page, testInfo);
  await page.getByLabel('CSV content').fill(csv(true));
  await expect(page.getByLabel('Check (dry run)')).toBeChecked();
  let started = Date.now();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toHaveText('Would be created: 197 / 200');
  console.log(`FIGURE dry run of 200 lines: ${Date.now() - started} ms`);
  const report = page.getByRole('table', { name: 'Problems' });
  // Lines count from the header line.
  await expect(report.getByRole('row').filter({ hasText: 'forbidden' }).or(report.getByRole('row').filter({ hasText: 'No quotes' }))).toContainText('12');
  await expect(report.getByRole('row').filter({ hasText: 'Not a valid email address.' })).toContainText('122');
  await expect(report.getByRole('row').filter({ hasText: "Email 'imported0@acme.test' is already in use" })).toContainText('201');
  expect(await exported()).toBe(before);

  await page.getByLabel('Check (dry run)').uncheck();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toHaveText('Nothing was imported: fix the lines below and try again.');
  expect(await exported()).toBe(before);

  await page.getByLabel('CSV content').fill(csv(false));
  started = Date.now();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toHaveText('Imported: 200');
  console.log(`FIGURE import of 200 lines: ${Date.now() - started} ms`);
  expect(await exported()).toBe(before + 200);
});
