import { defineConfig } from '@playwright/test';

// The app and the sandbox Asterisk are started by scripts/test, which passes
// their addresses in the environment. Debian's Chromium, never a download.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};

const mainProjects = [
  {
    name: 'first-run',
    testMatch: /01-setup\.spec\.ts/,
  },
  {
    name: 'hydrated',
    testMatch: /\d\d-.*\.spec\.ts/,
    testIgnore: /01-setup\.spec\.ts/,
    dependencies: ['first-run'],
    use: { javaScriptEnabled: true },
  },
  {
    // Pages that must work as plain HTML.
    name: 'ssr-only',
    testMatch: /\d\d-.*\.spec\.ts/,
    testIgnore: /01-setup\.spec\.ts/,
    grep: /@ssr/,
    dependencies: ['hydrated'],
    use: { javaScriptEnabled: false },
  },
];

function networkProjects(backend: string) {
  return [{ name: `network-${backend}`, testDir: './network', use: { javaScriptEnabled: true } }];
}

// A second app whose portal database is PostgreSQL (scripts/test, after
// the rest): setup, sign-in, tenants and users, two-factor, as the main
// run has them, with and without JavaScript.
const portalProjects = [
  { name: 'portal-postgres-first-run', testMatch: /01-setup\.spec\.ts/ },
  {
    name: 'portal-postgres',
    testMatch: /(02-sign-in|03-tenants-users|16-two-factor)\.spec\.ts/,
    dependencies: ['portal-postgres-first-run'],
    use: { javaScriptEnabled: true },
  },
  {
    name: 'portal-postgres-ssr-only',
    testMatch: /(02-sign-in|03-tenants-users|16-two-factor)\.spec\.ts/,
    grep: /@ssr/,
    dependencies: ['portal-postgres'],
    use: { javaScriptEnabled: false },
  },
];

function projects() {
  if (process.env.NETWORK_BACKEND) return networkProjects(process.env.NETWORK_BACKEND);
  if (process.env.PORTAL_DATABASE === 'postgres') return portalProjects;
  return mainProjects;
}

export default defineConfig({
  testDir: './tests',
  // One app, one database: the specs build on each other in order.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3100',
    launchOptions: chromium,
    trace: 'off',
  },
  // With NETWORK_BACKEND set (scripts/test, once per network server, the
  // sandbox Asterisk restarted on it), only the network spec runs, against
  // the app and the data the main run left; with PORTAL_DATABASE=postgres,
  // the portal's own specs against the app on PostgreSQL.
  projects: projects(),
});
