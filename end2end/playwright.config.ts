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
  // the app and the data the main run left.
  projects: process.env.NETWORK_BACKEND ? networkProjects(process.env.NETWORK_BACKEND) : mainProjects,
});
