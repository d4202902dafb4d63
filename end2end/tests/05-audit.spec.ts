import { expect, test } from './fixtures';
import { PASSWORD, USERS, openNav, ready, sandbox, signIn } from './helpers';

test('@ssr the audit log lists changes in scope and filters them', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openNav(page, 'Audit');
  await ready(page, testInfo);
  const table = page.getByRole('table', { name: 'Audit' });
  await page.getByLabel('Object', { exact: true }).selectOption({ label: 'PBX connection' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/object=pbx_connection/);
  await expect(table.getByRole('row', { name: /PBX connection Acme sandbox/ }).first()).toBeVisible();
  // Nothing of the other tenant, no secret anywhere on the page.
  await expect(table.getByText('Globex')).toHaveCount(0);
  expect(await page.content()).not.toContain(sandbox.amiSecret);

  await page.getByLabel('Object', { exact: true }).selectOption({ label: 'User' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/object=user/);
  await expect(table.getByRole('row', { name: /PBX connection/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /User temp@acme\.test/ }).first()).toBeVisible();
});
