import { expect, test } from './fixtures';
import { ADMIN, PASSWORD, TENANTS, USERS, ready, signIn, signOut, openNav } from './helpers';

test('a super admin creates tenants and their users', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN.email, ADMIN.password);
  await openNav(page, 'Tenants');
  await ready(page, testInfo);
  for (const name of [TENANTS.a, TENANTS.b, 'Initech']) {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  // A duplicate name is refused next to the field.
  await page.getByLabel('Name', { exact: true }).fill(TENANTS.a.toUpperCase());
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText(`Name '${TENANTS.a.toUpperCase()}' is already in use`)).toBeVisible();

  // Rename, then disable and enable again.
  const row = page.getByRole('row', { name: /Initech/ });
  await row.getByRole('textbox', { name: 'Rename Initech' }).fill('Initrode');
  await row.getByRole('button', { name: 'Rename Initech' }).click();
  await expect(page.getByRole('cell', { name: 'Initrode', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Disable Initrode' }).click();
  await expect(page.getByRole('row', { name: /Initrode/ }).getByRole('cell', { name: 'Disabled', exact: true })).toBeVisible();

  await openNav(page, 'Users');
  await ready(page, testInfo);
  const create = async (tenant: string, email: string, role: string) => {
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: tenant });
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Display name', { exact: true }).fill(email.split('@')[0]);
    await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();
  };
  await create(TENANTS.a, USERS.adminA, 'Tenant administrator');
  await create(TENANTS.a, USERS.readerA, 'Read only');
  await create(TENANTS.b, USERS.adminB, 'Tenant administrator');

  // Emails are unique, whatever their case.
  await page.getByLabel('Email', { exact: true }).fill(USERS.adminA.toUpperCase());
  await page.getByLabel('Display name', { exact: true }).fill('Copy');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText(`Email '${USERS.adminA}' is already in use`)).toBeVisible();
});

test('a tenant admin manages only the users of its own tenant', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await expect(page.getByRole('link', { name: 'Tenants' })).toHaveCount(0);
  await openNav(page, 'Users');
  await ready(page, testInfo);
  await expect(page.getByRole('cell', { name: USERS.readerA, exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: USERS.adminB, exact: true })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: ADMIN.email, exact: true })).toHaveCount(0);
  // No tenant choice and no super admin role on offer.
  await expect(page.getByLabel('Tenant', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Role', { exact: true }).locator('option', { hasText: 'Super administrator' })).toHaveCount(0);
  await page.getByLabel('Email', { exact: true }).fill('temp@acme.test');
  await page.getByLabel('Display name', { exact: true }).fill('Temp');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('cell', { name: 'temp@acme.test', exact: true })).toBeVisible();
  // Disable that user: it can no longer sign in.
  const row = page.getByRole('row', { name: /temp@acme\.test/ });
  await row.getByRole('checkbox', { name: 'Enabled' }).uncheck();
  await row.getByRole('button', { name: 'Save temp@acme.test' }).click();
  await expect(page.getByRole('row', { name: /temp@acme\.test/ }).getByRole('checkbox')).not.toBeChecked();
  await signOut(page);
  await page.getByLabel('Email', { exact: true }).fill('temp@acme.test');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
});

test('a user changes their own password', async ({ page }, testInfo) => {
  await signIn(page, testInfo, USERS.readerA, PASSWORD);
  await openNav(page, 'My account');
  await ready(page, testInfo);
  await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('a different password');
  await page.getByLabel('Confirm new password', { exact: true }).fill('not the same password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('The two passwords differ.')).toBeVisible();
  await page.getByLabel('Confirm new password', { exact: true }).fill('a different password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();
  await signOut(page);
  await signIn(page, testInfo, USERS.readerA, 'a different password');
  // Put it back for the later specs.
  await openNav(page, 'My account');
  await ready(page, testInfo);
  await page.getByLabel('Current password', { exact: true }).fill('a different password');
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm new password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();
});
