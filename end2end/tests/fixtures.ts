import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';

// Every spec imports `test` from here: the browser's console is part of the
// test. A page error (a panic in the WASM, an uncaught exception) or an
// unexpected console error (a hydration mismatch, a Content-Security-Policy
// violation, a 5xx) in any page of any context the test opens fails it.
//
// Expected: the browser logs a console error for every HTTP error a
// request gets, and the specs provoke 4xx answers on purpose (a wrong
// password is 401, a read-only write 403, a stale edit 409, a bad field
// 422) and assert what the page shows for them. A 5xx is never expected.
const EXPECTED = [/^Failed to load resource: the server responded with a status of 4\d\d/];

export interface BrowserErrors {
  /** What went wrong so far, one line each. */
  problems: string[];
  /** Lets this test expect a console error matching `pattern`. */
  allow(pattern: RegExp): void;
}

export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({ browser, context }, use) => {
      const allowed = [...EXPECTED];
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('pageerror', (error) => problems.push(`page error at ${page.url()}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          const text = message.text();
          if (!allowed.some((pattern) => pattern.test(text))) {
            problems.push(`console error at ${page.url()}: ${text}`);
          }
        });
      };
      const watchContext = (c: BrowserContext) => {
        c.pages().forEach(watch);
        c.on('page', watch);
      };
      watchContext(context);
      // Contexts a test opens itself (another user, JavaScript off).
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const opened = await newContext(...args);
        watchContext(opened);
        return opened;
      };
      await use({ problems, allow: (pattern) => allowed.push(pattern) });
      browser.newContext = newContext;
      expect(problems, 'errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { BrowserContext, Page, TestInfo } from '@playwright/test';
