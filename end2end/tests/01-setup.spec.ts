import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { ADMIN } from './helpers';

function setupToken(): string {
  const log = readFileSync(process.env.SERVER_LOG ?? '', 'utf8');
  const match = log.match(/one-time setup token (\S+)/);
  if (!match) throw new Error('no setup token in the server log');
  return match[1];
}

test('first run: the setup page creates the first super admin, once', async ({ browser }) => {
  // Without JavaScript: a wrong token is refused next to its field.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const page = await plain.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'First-run setup' })).toBeVisible();
  await page.getByLabel('Setup token', { exact: true }).fill('not-the-token');
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Display name', { exact: true }).fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('Wrong setup token: copy it from the server log.')).toBeVisible();
  await plain.close();

  // With JavaScript: the right token creates the admin and signs them in.
  const context = await browser.newContext();
  const hydratedPage = await context.newPage();
  await hydratedPage.goto('/setup');
  await expect(hydratedPage.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await hydratedPage.getByLabel('Setup token', { exact: true }).fill(setupToken());
  await hydratedPage.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await hydratedPage.getByLabel('Display name', { exact: true }).fill(ADMIN.name);
  await hydratedPage.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await hydratedPage.getByRole('button', { name: 'Create administrator' }).click();
  await expect(hydratedPage.getByRole('heading', { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await expect(hydratedPage.getByText('Super administrator')).toBeVisible();

  // The token is spent and the page is gone.
  const response = await hydratedPage.goto('/setup');
  expect(response?.status()).toBe(404);
  await expect(hydratedPage.getByText('Setup is already done.')).toBeVisible();
  await context.close();
});
