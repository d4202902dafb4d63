import { expect, test } from './fixtures';
import { PASSWORD, USERS, ami, hydrated, openNav, ready, signIn, placeCall } from './helpers';

// Last of the specs: it kills the sandbox Asterisk and starts it again.
const PBX = 'Acme sandbox';

async function asteriskPid(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const root = process.env.SANDBOX_ROOT ?? '';
  return Number(readFileSync(`${root}/run/asterisk/asterisk.pid`, 'utf8').trim());
}

test('Asterisk killed during a call: shown disconnected, then reconnected without the dead call', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the live panel is fed by the hydrated page');
  test.skip(!process.env.SANDBOX_ROOT, 'needs the sandbox Asterisk started by scripts/test');
  test.setTimeout(120_000);
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openNav(page, 'Live');
  await ready(page, testInfo);
  const panel = page.getByRole('region', { name: PBX });
  const link = panel.getByRole('status', { name: 'PBX link' });
  await expect(link).toHaveText('Connected');

  const caller = `76${Date.now() % 100000}`;
  await placeCall('Local/echo@sandbox-test', 'Doomed call', caller, 600);
  const row = panel.getByRole('table', { name: `Active calls ${PBX}` }).getByRole('row').filter({ hasText: caller });
  await expect(row).toBeVisible();

  const killed = Date.now();
  process.kill(await asteriskPid(), 'SIGKILL');
  await expect(link).toContainText('Disconnected; retrying in');
  console.log(`FIGURE Asterisk killed -9 to "Disconnected" in the browser: ${Date.now() - killed} ms`);

  const { spawnSync } = await import('node:child_process');
  const start = spawnSync('../scripts/asterisk-sandbox', ['start'], { encoding: 'utf8', timeout: 60_000 });
  expect(start.status, start.stderr).toBe(0);
  const restarted = Date.now();
  await expect(link).toHaveText('Connected', { timeout: 45_000 });
  console.log(`FIGURE Asterisk up again to "Connected" in the browser: ${Date.now() - restarted} ms`);
  // The call died with Asterisk: the rebuilt model does not hold it.
  await expect(row).toHaveCount(0);
  const channels = await ami({ Action: 'CoreShowChannels' });
  expect(channels.filter((m) => m.Event === 'CoreShowChannel')).toHaveLength(0);
});
