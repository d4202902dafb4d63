import { expect, test, type Page, type TestInfo } from './fixtures';
import { PASSWORD, USERS, ami, callServerFn, hydrated, openNav, ready, signIn, startPhone, placeCall } from './helpers';

// Phones (baresip), queues and transfers on the live panel, against the
// sandbox Asterisk. The panel is fed by the hydrated page.
const PBX = 'Acme sandbox';

async function openLive(page: Page, testInfo: TestInfo) {
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openNav(page, 'Live');
  await ready(page, testInfo);
  const panel = page.getByRole('region', { name: PBX });
  await expect(panel.getByRole('status', { name: 'PBX link' })).toHaveText('Connected');
  return panel;
}

async function createExtension(page: Page, name: string) {
  const reply = await callServerFn(page, '/api/extensions/create', {
    'form[pbx_connection_id]': '1',
    'form[display_name]': name,
  });
  expect(reply.status, reply.body).toBe(200);
  const created = JSON.parse(reply.body);
  return { number: created.extension.number as string, secret: created.secret.secret as string };
}

test('a phone registering turns its extension registered without reload, and back', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the live panel is fed by the hydrated page');
  const panel = await openLive(page, testInfo);
  const extension = await createExtension(page, 'Live Phone');
  const grid = panel.getByRole('list', { name: `Extensions ${PBX}` });
  const tile = (state: string) => grid.getByRole('listitem', { name: `${extension.number}: ${state}` });
  // Every extension is on the panel, registered or not, as soon as it exists.
  await expect(tile('Not registered, unavailable')).toBeVisible();

  const started = Date.now();
  // Idle, not 'registered, unavailable': a brand-new AOR's first qualify
  // would otherwise come at a random moment within 60 s.
  const phone = await startPhone(extension.number, extension.secret, { waitReachable: false });
  await expect(tile('registered, idle')).toBeVisible({ timeout: 5000 });
  console.log(`FIGURE baresip started to tile registered in the browser: ${Date.now() - started} ms`);

  await phone.stop();
  await expect(tile('Not registered, unavailable')).toBeVisible();
});

test('a call transferred to another extension shows its new leg', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the live panel is fed by the hydrated page');
  const panel = await openLive(page, testInfo);
  const target = await createExtension(page, 'Transfer Target');
  const phone = await startPhone(target.number, target.secret);
  try {
    const caller = `78${Date.now() % 100000}`;
    await placeCall('Local/echo@sandbox-test', 'Transfer e2e', caller);
    const calls = panel.getByRole('table', { name: `Active calls ${PBX}` });
    const row = calls.getByRole('row').filter({ hasText: caller });
    await expect(row).toBeVisible();
    await expect(row).not.toContainText(`PJSIP/${target.number}`);

    await row.getByText('Transfer', { exact: true }).click();
    await row.getByRole('textbox', { name: `Transfer to Call ${caller}` }).fill(target.number);
    await row.getByRole('button', { name: `Yes, transfer Call ${caller}` }).click();
    // The caller now talks to the target's phone, which answered by itself.
    await expect(row).toContainText(`PJSIP/${target.number}`);
    await expect
      .poll(async () =>
        (await ami({ Action: 'CoreShowChannels' })).some(
          (m) => m.Event === 'CoreShowChannel' && m.Channel.startsWith(`PJSIP/${target.number}-`) && m.ChannelStateDesc === 'Up',
        ),
      )
      .toBe(true);
    const audit = await callServerFn(page, '/api/audit/list', { 'filter[page]': '1' });
    expect(audit.body).toContain('"action":"transfer"');

    await row.getByText('Hang up', { exact: true }).click();
    await row.getByRole('button', { name: `Yes, hang up Call ${caller}` }).click();
    await expect(row).toHaveCount(0);
  } finally {
    await phone.stop();
  }
});

test('a caller waiting in a queue shows on the live panel until they hang up', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'the live panel is fed by the hydrated page');
  const panel = await openLive(page, testInfo);
  const agent = await createExtension(page, 'Queue Agent');
  const saved = await callServerFn(page, '/api/queues/save', {
    'form[pbx_connection_id]': '1',
    'form[strategy]': 'ringall',
    'form[timeout]': '15',
    'form[wrapup]': '0',
    'form[music_on_hold]': 'default',
    [`form[members][${agent.number}][selected]`]: 'true',
  });
  expect(saved.status, saved.body).toBe(200);
  const queue = JSON.parse(saved.body).number as string;
  const card = panel.getByRole('region', { name: `Queue ${queue}` });
  // The new queue and its (unregistered) member appear without reload.
  await expect(card.getByRole('list', { name: `Members ${queue}` })).toContainText('Queue Agent: unavailable');

  // The tenant's context, as the extension has it.
  const endpoint = await ami({ Action: 'PJSIPShowEndpoint', Endpoint: agent.number });
  const context = endpoint.find((m) => m.Event === 'EndpointDetail')?.Context ?? '';
  expect(context).toMatch(/^switchboard-t\d+$/);
  const caller = `79${Date.now() % 100000}`;
  await placeCall(`Local/${queue}@${context}`, 'Queue e2e', caller);
  const waiting = card.getByRole('list', { name: `Waiting ${queue}` });
  await expect(waiting.getByRole('listitem')).toHaveCount(1);
  await expect(waiting).toContainText(`Queue e2e (${caller})`);

  await ami({ Action: 'Hangup', Channel: `/^Local\\/${queue}@${context}-/` });
  await expect(waiting.getByRole('listitem')).toHaveCount(0);
  await expect(card).toContainText('Abandoned: 1');
});
