import { readFileSync } from 'node:fs';
import { expect, test } from '../tests/fixtures';
import { PASSWORD, USERS, ami, callServerFn, openNav, placeCall, ready, signIn, startPhone } from '../tests/helpers';

// Run by scripts/test after the main specs, once per network server, with
// the sandbox Asterisk restarted on it (`scripts/asterisk-sandbox start
// --backend postgres|mariadb`): PostgreSQL through res_config_pgsql and
// cdr_pgsql, MariaDB through ODBC into asteriskcdrdb.cdr as FreePBX has it.
// The tenant's PBX connection is pointed at the databases Asterisk now
// reads its configuration from and writes its CDR into; everything the
// admin does then goes through them and Asterisk acts on it.
const backend = process.env.NETWORK_BACKEND === 'mariadb' ? 'mariadb' : 'postgres';
const PBX = 'Acme sandbox';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/pbx-databases env)`);
  return value;
}

const server =
  backend === 'postgres'
    ? {
        name: 'PostgreSQL',
        realtime: env('SANDBOX_PG_REALTIME_URL'),
        cdr: env('SANDBOX_PG_CDR_URL'),
        // The certificate checked against the CA, and for the host's name.
        tls: '?sslmode=verify-full',
        // cdr_pgsql's table, as ast-db-manage creates it, has no index.
        advice: 'CREATE INDEX cdr_start ON cdr ("start", "uniqueid", "sequence");',
      }
    : {
        name: 'MySQL/MariaDB',
        realtime: env('SANDBOX_MARIADB_REALTIME_URL'),
        cdr: env('SANDBOX_MARIADB_CDR_URL'),
        tls: '?ssl-mode=VERIFY_IDENTITY',
        // FreePBX's table has its own key on calldate, none on linkedid.
        advice: 'CREATE INDEX cdr_linkedid ON cdr (`linkedid`);',
      };

test(`the PBX on ${backend}: its configuration, phones and calls go through the network databases`, async ({
  page,
}, testInfo) => {
  const password = env('SANDBOX_DB_SWITCHBOARD_PASSWORD');
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openNav(page, 'FreePBX / Asterisk');
  await ready(page, testInfo);
  const card = page.getByRole('article', { name: PBX });
  await card.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Realtime database URL', { exact: true }).fill(server.realtime + server.tls);
  await page.getByLabel('Realtime database password', { exact: true }).fill(password);
  await page.getByLabel('Call history (CDR) database URL', { exact: true }).fill(server.cdr + server.tls);
  await page.getByLabel('Call history database password', { exact: true }).fill(password);
  await page.getByLabel("Databases' CA certificate (PEM)", { exact: true }).fill(readFileSync(env('SANDBOX_DB_CA'), 'utf8'));
  await page.getByRole('button', { name: 'Save' }).click();
  // Saved: the card names the new databases (never their password).
  await expect(card).toContainText(server.realtime + server.tls);
  await expect(card).toContainText(server.cdr + server.tls);
  expect(await page.content()).not.toContain(password);

  // Test connection logs in as Switchboard's own user, over verified TLS.
  await card.getByRole('button', { name: 'Test connection' }).click();
  const results = card.getByRole('status', { name: 'Test connection' });
  await expect(results.getByRole('listitem')).toHaveCount(4);
  await expect(results).toContainText(new RegExp(`Realtime database: OK — ${server.name} [^:]*, TLS on: asterisk`));
  await expect(results).toContainText(new RegExp(`Call history database: OK — ${server.name} [^:]*, TLS on: `));

  // An extension made here is rows of that database, which Asterisk reads
  // for the endpoint, its authentication and its dialplan.
  const created = await callServerFn(page, '/api/extensions/create', {
    'form[pbx_connection_id]': '1',
    'form[display_name]': `Network ${backend}`,
  });
  expect(created.status, created.body).toBe(200);
  const extension = JSON.parse(created.body);
  const number = extension.extension.number as string;
  const endpoint = await ami({ Action: 'PJSIPShowEndpoint', Endpoint: number });
  const context = endpoint.find((m) => m.Event === 'EndpointDetail')?.Context ?? '';
  expect(context).toMatch(/^switchboard-t\d+$/);
  await page.goto('/pbx/1/extensions');
  await ready(page, testInfo);
  await expect(page.getByRole('row').filter({ hasText: `Network ${backend}` })).toBeVisible();

  const phone = await startPhone(number, extension.secret.secret as string);
  try {
    // A call to the extension through the tenant's dialplan rows: the
    // phone answers by itself, the caller hangs up after two seconds.
    const caller = `58${Date.now() % 100000}`;
    await placeCall(`Local/${number}@${context}`, 'Network', caller, 2);
    const table = page.getByRole('table', { name: 'Call history' });
    // Asterisk writes the CDR at hang-up, into the network database.
    await expect(async () => {
      await page.goto(`/pbx/1/calls?any_number=${caller}`);
      await ready(page, testInfo);
      await expect(table.getByRole('row').filter({ hasText: caller }).first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    const answered = table
      .getByRole('row')
      .filter({ hasText: caller })
      .filter({ has: page.getByRole('cell', { name: 'Answered', exact: true }) });
    await expect(answered.first()).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText(/Page 1 of 1/);
    // The index advice in this server's own SQL.
    await expect(page.getByRole('note', { name: 'Missing indexes' })).toContainText(server.advice);
    const statistics = page.getByRole('region', { name: 'Statistics' });
    await expect(statistics.getByRole('group', { name: 'Calls: 1', exact: true })).toBeVisible();
    await expect(statistics.getByRole('group', { name: 'Answered: 1', exact: true })).toBeVisible();

    // The export reads the same rows from the network database.
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await page.request.get(href ?? '');
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes(caller))).toBe(true);
    expect(lines.slice(1).some((line) => line.includes('ANSWERED'))).toBe(true);
  } finally {
    await phone.stop();
  }
});
