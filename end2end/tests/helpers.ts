import { expect, type Page, type TestInfo } from '@playwright/test';

export const ADMIN = {
  email: 'admin@switchboard.test',
  name: 'Ada Admin',
  password: 'first admin password',
};

export const PASSWORD = 'tenant user password';

/** Users created by the tenant/user spec and used by the later ones. */
export const USERS = {
  adminA: 'admin@acme.test',
  readerA: 'reader@acme.test',
  adminB: 'admin@globex.test',
};

export const TENANTS = { a: 'Acme', b: 'Globex' };

export const sandbox = {
  amiPort: process.env.SANDBOX_AMI_PORT ?? '5038',
  amiUser: process.env.SANDBOX_AMI_USER ?? 'switchboard',
  amiSecret: process.env.SANDBOX_AMI_SECRET ?? '',
  ariPort: process.env.SANDBOX_ARI_PORT ?? '8088',
  ariUser: process.env.SANDBOX_ARI_USER ?? 'switchboard',
  ariPassword: process.env.SANDBOX_ARI_PASSWORD ?? '',
  realtimeDb: process.env.SANDBOX_REALTIME_DB ?? '',
};

export function hydrated(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** In the hydrated project, waits until the WASM has taken over the page. */
export async function ready(page: Page, testInfo: TestInfo) {
  if (hydrated(testInfo)) {
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  }
}

export async function signIn(page: Page, testInfo: TestInfo, email: string, password: string) {
  await page.goto('/login');
  await ready(page, testInfo);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await ready(page, testInfo);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** A server function called from the page, with the page's cookies, as a
 * script in the browser could. */
export async function callServerFn(page: Page, path: string, form: Record<string, string>) {
  return page.evaluate(
    async ([path, form]) => {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form as Record<string, string>).toString(),
      });
      return { status: response.status, body: await response.text() };
    },
    [path, form] as const,
  );
}

/** Follows a link of the main navigation. */
export async function openNav(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}
