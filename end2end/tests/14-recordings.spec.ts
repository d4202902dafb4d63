import { expect, test, type Page, type TestInfo } from './fixtures';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, USERS, cdrUniqueids, hydrated, placeCall, ready, sandbox, signIn } from './helpers';

// Recordings: a call the sandbox Asterisk records with MixMonitor (its
// `answer` destination), found over ARI by "Sync now", played and
// downloaded in the browser, then removed on the PBX.

const spool = () => join(sandbox.root, 'var/spool/asterisk/recording');

/** A recorded call of `seconds` from a number only this run uses; its
 * recording's uniqueid once Asterisk has written call and file. */
async function recordedCall(seconds: number): Promise<{ caller: string; uniqueid: string }> {
  const caller = `57${Date.now() % 100000}`;
  await placeCall('Local/answer@sandbox-test', 'Recorded', caller, seconds);
  let uniqueid = '';
  await expect
    .poll(
      async () => {
        uniqueid = (await cdrUniqueids(caller, 'Playback'))[0] ?? '';
        return uniqueid !== '' && existsSync(join(spool(), `${uniqueid}.wav`));
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return { caller, uniqueid };
}

async function openRecordings(page: Page, testInfo: TestInfo, query = '') {
  await page.goto(`/pbx/1/recordings${query}`);
  await ready(page, testInfo);
}

/** Clicks "Sync now" and waits for that sync's end: the status then
 * names a last sync different from the one shown before. */
async function syncNow(page: Page, testInfo: TestInfo) {
  const status = page.getByRole('status', { name: 'Sync progress' });
  const before = await status.textContent();
  await page.getByRole('button', { name: 'Sync now' }).click();
  const finished = async () => {
    const text = (await status.textContent()) ?? '';
    return text.includes('Last sync') && text !== before;
  };
  if (hydrated(testInfo)) {
    // The page follows the sync's progress to its end by itself.
    await expect.poll(finished, { timeout: 15_000 }).toBe(true);
  } else {
    // A plain form post comes back once the sync has started.
    await expect
      .poll(
        async () => {
          await openRecordings(page, testInfo);
          return finished();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  }
  return status;
}

test('a recorded call is synced, played with seeking, downloaded, then marked gone', async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), 'playing audio needs the browser; the @ssr test covers the form');
  const { caller, uniqueid } = await recordedCall(4);
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  // Every audio response the player gets, from the first (its metadata).
  const audioResponses: { url: string; status: number; range: string }[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/audio/')) {
      audioResponses.push({ url: r.url(), status: r.status(), range: r.headers()['content-range'] ?? '' });
    }
  });
  await openRecordings(page, testInfo);
  const status = await syncNow(page, testInfo);
  await expect(status).not.toContainText(' 0 new');

  // Listed with its call's data, from the CDR row.
  const row = page.getByRole('table', { name: 'Recordings' }).getByRole('row').filter({ hasText: `${uniqueid}.wav` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(caller);
  await expect(row).toContainText('answer');
  await expect(row).toContainText('Asterisk');
  await expect(row.getByRole('link', { name: 'Call details' })).toHaveAttribute('href', /\/pbx\/1\/calls\?call=/);

  // Played: its time advances; seeking lands where asked, and the audio
  // came from Range requests answered 206.
  const player = row.getByLabel(`Play ${uniqueid}.wav`);
  const source = new URL((await player.getAttribute('src')) ?? '', page.url()).toString();
  await player.evaluate((audio: HTMLAudioElement) => {
    audio.muted = true;
    return audio.play();
  });
  await expect.poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.3);
  const ranged = audioResponses.filter((r) => r.url === source && r.status === 206);
  expect(ranged.length, JSON.stringify(audioResponses)).toBeGreaterThan(0);
  expect(ranged[0].range).toMatch(/^bytes \d+-\d+\/\d+$/);
  const seekedTo = await player.evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((resolve) => {
        audio.pause();
        audio.addEventListener('seeked', () => resolve(audio.currentTime), { once: true });
        audio.currentTime = 2.5;
      }),
  );
  expect(seekedTo).toBeCloseTo(2.5, 1);

  // Downloaded: the same bytes as the file on the PBX.
  const downloading = page.waitForEvent('download');
  await row.getByRole('link', { name: `Download ${uniqueid}.wav` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${uniqueid}.wav`);
  const saved = readFileSync((await download.path()) as string);
  expect(saved.equals(readFileSync(join(spool(), `${uniqueid}.wav`)))).toBe(true);

  // A second sync adds nothing.
  await expect(await syncNow(page, testInfo)).toContainText(' 0 new');

  // Deleted on the PBX: the next sync marks it gone; it leaves the list
  // and shows, flagged, among the recordings gone from the PBX.
  unlinkSync(join(spool(), `${uniqueid}.wav`));
  await expect(await syncNow(page, testInfo)).toContainText('1 gone');
  await expect(row).toHaveCount(0);
  await page.getByLabel('Show recordings gone from the PBX').check();
  await page.getByRole('search').getByRole('button', { name: 'Filter' }).click();
  await expect(row).toContainText('gone from the PBX');
});

test('@ssr recordings are synced from a plain form and stay inside their tenant', async ({ page }, testInfo) => {
  const { uniqueid } = await recordedCall(2);
  await signIn(page, testInfo, USERS.adminA, PASSWORD);
  await openRecordings(page, testInfo);
  await syncNow(page, testInfo);
  const row = page.getByRole('table', { name: 'Recordings' }).getByRole('row').filter({ hasText: `${uniqueid}.wav` });
  await expect(row).toHaveCount(1);
  const href = (await row.getByRole('link', { name: `Download ${uniqueid}.wav` }).getAttribute('href')) ?? '';
  const id = href.match(/\/api\/audio\/(\d+)/)?.[1];
  expect(id).toBeTruthy();
  expect((await page.request.get(href)).status()).toBe(200);
  // The call history links the call's row to its recording.
  await page.goto(`/pbx/1/calls?call=${uniqueid}`);
  await ready(page, testInfo);
  await expect(page.getByLabel(`Recording ${uniqueid}`)).toHaveCount(1);

  // Another tenant's admin: the same 404 as for an id that does not exist,
  // and no list.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, testInfo, USERS.adminB, PASSWORD);
  const theirs = await page.request.get(`/api/audio/${id}`);
  const missing = await page.request.get('/api/audio/999999999');
  expect(theirs.status()).toBe(404);
  expect(missing.status()).toBe(404);
  expect(await theirs.text()).toBe(await missing.text());
  await openRecordings(page, testInfo);
  await expect(page.getByRole('table', { name: 'Recordings' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toBeVisible();
});
