import { expect, test } from './fixtures';
import { ADMIN, ready, signIn, signOut } from './helpers';

test('@ssr sign-in, wrong password, sign-out', async ({ page }, testInfo) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login$/);
  await ready(page, testInfo);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');

  await signIn(page, testInfo, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('heading', { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await signOut(page);
  // Signed out for real: protected pages send back to sign-in.
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login$/);
});

test('the language can be switched to French and back', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page.getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('link', { name: 'Dashboard' })).toBeVisible();
});
