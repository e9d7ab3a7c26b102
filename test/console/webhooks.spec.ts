import type { Page } from 'playwright-core';
import { seriousViolations } from './accessibility';
import { eventually, type Harness, login, shot as screenshot, startHarness } from './harness';
import { type Receiver, startReceiver, verifyStandardWebhook } from '../support/webhook-receiver';

// The webhook pages of the console (support) in a real Chromium against the built service: the
// endpoints with their status, an endpoint's delivery log, redelivery, replay, re-enabling and rotation.
let h: Harness;
let service: string;
let ok: Receiver;
let gone: Receiver;
let goneAnswer = 410;

async function shot(page: Page, name: string) {
  await screenshot(page, name, { phone: true });
  expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
}
const ids = (r: Receiver) => r.received.map((x) => JSON.parse(x.body).id as string);

beforeAll(async () => {
  h = await startHarness({ WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_DELAY_MS: '200', PAYMENT_PROCESS_ENABLED: 'false' });
  service = await h.token('service');
  ok = await startReceiver(() => 200);
  gone = await startReceiver(() => goneAnswer);
}, 180_000);
afterAll(async () => {
  await h?.close();
  await ok?.close();
  await gone?.close();
}, 30_000);
afterEach(() => h?.csp.assertNone());

it('support sees the endpoints, opens a delivery log, redelivers, replays, rotates the secret and re-enables a disabled endpoint', async () => {
  const first = await h.api<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', service, { url: ok.url, description: 'CRM sync', accountId: 'acc_hook' });
  const second = await h.api<{ id: string }>('POST', '/v1/webhook-endpoints', service, { url: gone.url, description: 'Old receiver', accountId: 'acc_hook' });
  expect([first.status, second.status]).toEqual([201, 201]);
  expect((await h.api('POST', '/v1/accounts', service, { accountId: 'acc_hook', plan: 'pro' })).status).toBe(201);
  await eventually(async () => expect(ok.received.length).toBe(1));
  await eventually(async () => expect((await h.api<{ status: string }>('GET', `/v1/webhook-endpoints/${second.body.id}`, service)).body.status).toBe('disabled'));

  const page = await h.context.newPage();
  await login(page, h.url, 'Support');
  await page.getByRole('menuitem', { name: 'Webhooks' }).click();
  const rows = page.getByTestId('webhook-endpoints').locator('tbody tr');
  await eventually(async () => expect(await rows.count()).toBe(2));
  expect(await rows.nth(1).innerText()).toMatch(/Disabled[\s\S]*410 Gone/);
  await shot(page, '40-webhook-endpoints');

  // The delivery log: the event, its attempts, the last answer with its latency.
  await rows.nth(0).click();
  const delivery = page.getByTestId('delivery').first();
  await eventually(async () => expect(await delivery.innerText()).toMatch(/AccountOpened[\s\S]*delivered[\s\S]*1[\s\S]*HTTP 200[\s\S]*\d+ ms/));
  await shot(page, '41-webhook-delivery-log');

  await delivery.getByRole('button', { name: /^Redeliver/ }).click();
  await eventually(async () => expect(ok.received.length).toBe(2));
  expect(ids(ok)[1]).toBe(ids(ok)[0]);

  // Replay from a position the field checks first.
  await page.getByLabel('Replay after position').fill('42');
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await page.getByText('A position from the feed').waitFor();
  await page.getByLabel('Replay after position').fill('0'.repeat(20) + '-' + '0'.repeat(20));
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await eventually(async () => expect(ok.received.length).toBe(3));

  // Rotation: the new secret is shown once; deliveries are signed with both until the grace period ends.
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const shown = (await page.getByTestId('new-secret').innerText()).match(/whsec_[A-Za-z0-9+/=]+/)?.[0] ?? '';
  expect(shown).toMatch(/^whsec_/);
  await shot(page, '42-webhook-secret-rotated');
  await h.api('PUT', '/v1/accounts/acc_hook/plan', service, { plan: 'business' });
  await eventually(async () => expect(ok.received.length).toBe(4));
  const last = ok.received[3];
  expect(verifyStandardWebhook([first.body.secret, shown], last.headers, last.body)).toEqual([first.body.secret, shown]);

  // The disabled endpoint says why, and re-enabling resumes where it stopped.
  goneAnswer = 200;
  await page.goto(`${h.url}/#/webhook-endpoints/${second.body.id}/show`);
  await page.getByTestId('disabled-reason').waitFor();
  expect(await page.getByTestId('disabled-reason').innerText()).toMatch(/410 Gone/);
  await shot(page, '43-webhook-endpoint-disabled');
  await page.getByRole('button', { name: 'Re-enable' }).click();
  await eventually(async () => expect(new Set(ids(gone)).size).toBe(2));
  expect(ids(gone)).toEqual([ids(ok)[0], ids(ok)[0], ids(ok)[3]]);
  await page.close();
}, 120_000);
