import { expect, test, type Page, type TestInfo } from './fixtures';
import { ADMIN, PASSWORD, callServerFn, hydrated, ready, signIn, signOut, totp } from './helpers';

// Two-factor sign-in, end to end: enrol on the account page (a QR code and
// the same key as text), sign in with a code this test computes itself, a
// used code refused, a recovery code accepted once; then the super admin's
// reset. Runs with JavaScript and, as plain HTML forms, without (@ssr);
// each project enrols its own user.

async function createUser(page: Page, testInfo: TestInfo, email: string) {
  await signIn(page, testInfo, ADMIN.email, ADMIN.password);
  const tenants = await callServerFn(page, '/api/tenants/list', {});
  const acme = (JSON.parse(tenants.body) as { id: number; name: string }[]).find((t) => t.name === 'Acme');
  expect(acme).toBeTruthy();
  const created = await callServerFn(page, '/api/users/create', {
    tenant_id: String(acme!.id),
    email,
    display_name: 'Tess Two',
    role: 'TENANT_ADMIN',
    password: PASSWORD,
  });
  expect(created.status, created.body).toBe(200);
  await signOut(page);
}

/** Password first: the second step's page follows. */
async function password(page: Page, testInfo: TestInfo, email: string) {
  await page.goto('/login');
  await ready(page, testInfo);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await expect(page).toHaveURL(/\/login\/code$/);
  await ready(page, testInfo);
  // The same page by refresh (it must hydrate however it is reached).
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

const REFUSED = 'This code is wrong or has been used already.';

test('@ssr two-factor: enrol, sign in with a code once, a recovery code once, a reset', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const email = `two-factor-${hydrated(testInfo) ? 'js' : 'html'}@acme.test`;
  await createUser(page, testInfo, email);
  await signIn(page, testInfo, email, PASSWORD);

  // Enrol on the account page.
  await page.goto('/account');
  await ready(page, testInfo);
  const card = page.getByRole('region', { name: 'Two-factor sign-in' });
  await expect(card.getByText('Two-factor sign-in is off.')).toBeVisible();
  await card.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(card.getByRole('img', { name: 'Set up two-factor sign-in' }).locator('svg')).toBeVisible();
  const secret = ((await card.getByLabel('Or type this key').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await card.getByLabel('Code', { exact: true }).fill('000000');
  await card.getByRole('button', { name: 'Confirm' }).click();
  await expect(card.getByText(REFUSED)).toBeVisible();
  const confirmedAt = Date.now() / 1000;
  const first = await totp(secret, confirmedAt);
  await card.getByLabel('Code', { exact: true }).fill(first);
  await card.getByRole('button', { name: 'Confirm' }).click();
  const codes = card.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = ((await codes.first().textContent()) ?? '').trim();
  expect(recovery).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await expect(card.getByText('Two-factor sign-in is on.')).toBeVisible();
  // Shown once: not after a reload.
  await page.reload();
  await ready(page, testInfo);
  await expect(card.getByText('Two-factor sign-in is on.')).toBeVisible();
  await expect(card.getByRole('list', { name: 'Your recovery codes' })).toHaveCount(0);
  await signOut(page);

  // The password alone does not sign in; the code of the enrolment is used.
  await password(page, testInfo, email);
  await enterCode(page, first);
  await expect(page.getByText(REFUSED)).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login$/);
  // The next code signs in.
  await password(page, testInfo, email);
  await enterCode(page, await totp(secret, confirmedAt + 30));
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await ready(page, testInfo);
  await signOut(page);

  // A recovery code, typed loosely, once.
  await password(page, testInfo, email);
  await enterCode(page, recovery.toUpperCase());
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await ready(page, testInfo);
  await page.goto('/account');
  await ready(page, testInfo);
  await expect(page.getByText('Unused recovery codes: 9')).toBeVisible();
  await signOut(page);
  await password(page, testInfo, email);
  await enterCode(page, recovery);
  await expect(page.getByText(REFUSED)).toBeVisible();

  // The phone is lost: the super admin resets it (audited), and the
  // password alone signs in again.
  await signIn(page, testInfo, ADMIN.email, ADMIN.password);
  await page.goto('/users');
  await ready(page, testInfo);
  const row = page.getByRole('row', { name: new RegExp(email) });
  await row.getByText('Reset two-factor', { exact: true }).click();
  await row.getByRole('button', { name: `Reset two-factor ${email}` }).click();
  await expect(row.getByText('Reset two-factor', { exact: true })).toHaveCount(0);
  await page.goto('/audit');
  await ready(page, testInfo);
  await expect(page.getByRole('row', { name: new RegExp(email) }).first()).toBeVisible();
  await signOut(page);
  await signIn(page, testInfo, email, PASSWORD);
});
