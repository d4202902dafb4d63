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
  /** The chroot the sandbox Asterisk runs in (its files, as the PBX has them). */
  root: process.env.SANDBOX_ROOT ?? '',
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

/** One AMI action against the sandbox Asterisk, as a test's own witness:
 * returns every message of the reply (list events included). */
export async function ami(action: Record<string, string>): Promise<Record<string, string>[]> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(sandbox.amiPort), '127.0.0.1');
    const id = `e2e-${Date.now()}-${Math.random()}`;
    let buffer = '';
    const messages: Record<string, string>[] = [];
    const send = (fields: Record<string, string>) =>
      socket.write(Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`AMI ${action.Action}: no complete answer`));
    }, 8000);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let end;
      while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        const message: Record<string, string> = {};
        for (const line of block.split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) message[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
        }
        if (message.ActionID === 'e2e-login') {
          send({ ...action, ActionID: id });
          continue;
        }
        if (message.ActionID !== id) continue;
        messages.push(message);
        const listing = message.EventList === 'start';
        if ((message.Response && !listing) || message.EventList === 'Complete') {
          clearTimeout(timer);
          socket.end('Action: Logoff\r\n\r\n');
          resolve(messages);
        }
      }
    });
    send({ Action: 'Login', ActionID: 'e2e-login', Username: sandbox.amiUser, Secret: sandbox.amiSecret, Events: 'off' });
  });
}

let sipPort = 5070 + Math.floor(Math.random() * 2000);

/** Registers `number` with Debian's sipsak, a real SIP client, at the
 * sandbox Asterisk. True when Asterisk holds the contact sipsak registered
 * (sipsak's own exit code is not trusted: Asterisk qualifies a new contact
 * at once, and sipsak gives up when that OPTIONS overtakes the 200 OK). */
export async function sipRegister(number: string, secret: string): Promise<boolean> {
  const { spawnSync } = await import('node:child_process');
  sipPort += 1;
  const port = sipPort;
  spawnSync(
    'sipsak',
    ['-i', '-U', '-s', `sip:${number}@127.0.0.1:5060`, '-u', number, '-a', secret,
      '-x', '300', '-C', `sip:${number}@127.0.0.1:${port}`, '-l', String(port), '-H', '127.0.0.1'],
    { timeout: 15_000, encoding: 'utf8' },
  );
  const contacts = await ami({ Action: 'PJSIPShowContacts' });
  return contacts.some((m) => m.Event === 'ContactList' && m.Endpoint === number && m.ViaPort === String(port));
}

/** Narrows the extension list to `text` (a number prefix or part of a name). */
export async function searchExtensions(page: Page, testInfo: TestInfo, text: string) {
  await page.getByLabel('Number or name').fill(text);
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text).replace(/%20/g, '(\\+|%20)')}`));
  await ready(page, testInfo);
}

/** A running baresip, Debian's SIP phone, registered as one extension. */
export interface Phone {
  port: number;
  /** Quits baresip, which unregisters first (REGISTER with Expires: 0). */
  stop(): Promise<void>;
}

/** Starts baresip registering `number` with `secret` at the sandbox
 * Asterisk; it answers calls by itself. Resolves once Asterisk holds the
 * contact (PJSIPShowContacts) and, unless told not to wait, lists the
 * endpoint as "Not in use"; throws when the phone does not register. */
// Phones still running when the test process ends (a failed test never
// reached its stop()) are killed with it: a phone left behind keeps
// registering, with an old secret, to a number the next run creates again.
const phones = new Set<import('node:child_process').ChildProcess>();
process.on('exit', () => {
  for (const phone of phones) phone.kill('SIGKILL');
});

export async function startPhone(
  number: string,
  secret: string,
  options: { waitReachable?: boolean } = {},
): Promise<Phone> {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  sipPort += 1;
  const port = sipPort;
  const dir = mkdtempSync(join(tmpdir(), 'baresip-'));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${port}`,
      // Loopback only, also for the media addresses in its SDP.
      'net_interface 127.0.0.1',
      // No sound card: aubridge loops what it plays back into what it
      // sends (a working source, without which the call cannot start).
      'audio_player aubridge,sink',
      'audio_source aubridge,sink',
      'audio_alert aubridge,sink',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aubridge.so',
      'module account.so',
      'module menu.so',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${number}@127.0.0.1:5060;transport=udp>;auth_pass=${secret};regint=120;answermode=auto\n`,
  );
  const child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  phones.add(child);
  child.on('exit', () => phones.delete(child));
  let log = '';
  const { appendFileSync } = await import('node:fs');
  const keep = (d: Buffer) => {
    log += d.toString();
    appendFileSync(join(dir, 'log'), d);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const registered = async () => {
    const contacts = await ami({ Action: 'PJSIPShowContacts' });
    return contacts.some((m) => m.Event === 'ContactList' && m.Endpoint === number && m.ViaPort === String(port));
  };
  for (let i = 0; i < 50 && !(await registered()); i++) {
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!(await registered())) {
    child.kill('SIGKILL');
    throw new Error(`baresip did not register ${number}:\n${log}`);
  }
  // Asterisk calls the endpoint reachable once it has qualified the new
  // contact; the app asks for that qualify as soon as the phone registers.
  // Tests that call the phone wait for it; `waitReachable: false` is for
  // the test of that very behaviour.
  if (options.waitReachable ?? true) {
    const reachable = async () => {
      const endpoints = await ami({ Action: 'PJSIPShowEndpoints' });
      return endpoints.some((m) => m.Event === 'EndpointList' && m.ObjectName === number && m.DeviceState === 'Not in use');
    };
    for (let i = 0; i < 40 && !(await reachable()); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        // On SIGTERM baresip unregisters before it exits.
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000);
      }),
  };
}

/** CDR rows the sandbox Asterisk wrote for calls from `source` (digits). */
export async function cdrRowsFrom(source: string): Promise<number> {
  const { spawnSync } = await import('node:child_process');
  if (!/^\d+$/.test(source)) throw new Error('digits only');
  const out = spawnSync('sqlite3', [sandbox.realtimeDb, `SELECT COUNT(*) FROM cdr WHERE src = '${source}'`], {
    encoding: 'utf8',
  });
  return Number(out.stdout.trim() || '0');
}

/** The uniqueids of the CDR rows from `source` that ran `application`. */
export async function cdrUniqueids(source: string, application: string): Promise<string[]> {
  const { spawnSync } = await import('node:child_process');
  if (!/^\d+$/.test(source) || !/^\w+$/.test(application)) throw new Error('digits and a word only');
  const out = spawnSync(
    'sqlite3',
    [sandbox.realtimeDb, `SELECT uniqueid FROM cdr WHERE src = '${source}' AND lastapp = '${application}'`],
    { encoding: 'utf8' },
  );
  return out.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Starts a call on the sandbox Asterisk: `channel` (e.g. a `Local/`
 * destination) is dialled, and the other end waits `seconds`, showing the
 * caller id `"name" <number>`; `extra` adds Originate fields (Timeout…). */
export async function placeCall(
  channel: string,
  name: string,
  number: string,
  seconds = 60,
  extra: Record<string, string> = {},
) {
  const reply = await ami({
    Action: 'Originate',
    Channel: channel,
    Application: 'Wait',
    Data: String(seconds),
    Async: 'true',
    CallerID: `"${name}" <${number}>`,
    ...extra,
  });
  expect(reply[0].Response).toBe('Success');
}

/** An RFC 6238 code (HMAC-SHA1, 6 digits, 30 s) for the base32 `secret` at
 * `seconds` since the epoch: what an authenticator app would show. The
 * test's own implementation, on Node's crypto, not the app's. */
export async function totp(secret: string, seconds = Date.now() / 1000): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}
