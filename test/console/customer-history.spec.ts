import type { Page } from 'playwright-core';
import { seriousViolations } from './accessibility';
import { eventually, type Harness, login, overflowing, PHONE, DESKTOP, shot as screenshot, startHarness } from './harness';

// Issue 18 in a real Chromium: the Administrator previews auto-reload settings before saving; the Administrator
// and the Editor see their own account's history, settings trail and forecast. axe and the CSP on every screen.
let h: Harness;
let service: string;
const ACCOUNT = 'acc_own_history';
const DAY = 86_400_000;

async function shot(page: Page, name: string) {
  await screenshot(page, name, { phone: true });
  expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
}
const sentences = (page: Page) => page.getByTestId('auto-reload-preview').locator('li').allInnerTexts();

beforeAll(async () => {
  h = await startHarness();
  service = await h.token('service');
  expect((await h.api('POST', '/v1/accounts', service, { accountId: ACCOUNT, plan: 'starter' })).status).toBe(201);
  expect((await h.api('PUT', `/v1/accounts/${ACCOUNT}/payment-method`, service, { paymentMethodId: 'pm_card_visa' })).status).toBe(200);
  const admin = await h.token('admin', ACCOUNT);
  expect((await h.api('PUT', `/v1/accounts/${ACCOUNT}/auto-reload`, admin, { enabled: true, thresholdMinutes: 10, monthlyMax: 3 })).status).toBe(200);
  expect((await h.api('PUT', `/v1/accounts/${ACCOUNT}/auto-reload`, admin, { enabled: true, thresholdMinutes: 20, monthlyMax: 3 })).status).toBe(200);
  // Calls over the last 20 days; the later ones run past the included minutes and the credits, so reloads fire.
  for (const [index, [minutes, daysAgo]] of ([[300, 20], [260, 12], [90, 3], [60, 1]] as const).entries()) {
    const endedAt = new Date(Date.now() - daysAgo * DAY).toISOString();
    expect((await h.api('POST', `/v1/accounts/${ACCOUNT}/calls`, service, { callId: `hist_${index}`, durationSeconds: minutes * 60, endedAt })).status).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await h?.close();
}, 30_000);

afterEach(() => h?.csp.assertNone());

describe('customers and their own history', () => {
  it('the Administrator sees what the settings being typed would have done, month by month, before Save, in reserved space', async () => {
    const page = await h.context.newPage();
    await login(page, h.url, 'Administrator', ACCOUNT);
    await page.waitForURL(new RegExp(`#/accounts/${ACCOUNT}/billing$`));
    const preview = page.getByTestId('auto-reload-preview');
    await eventually(async () => expect(await sentences(page)).toHaveLength(3));
    const before = await sentences(page);
    expect(before.every((s) => /^\w+ \d{4}: /.test(s))).toBe(true);

    await page.getByTestId('monthly-max').fill('1');
    await page.getByTestId('threshold').fill('100');
    await eventually(async () => expect(await sentences(page)).not.toEqual(before));
    const after = await sentences(page);
    expect(after.join(' ')).toMatch(/the maximum of 1 would have been reached on/);
    // Nothing is saved until Save: the account keeps its settings.
    const billing = await h.api<{ autoReload: { thresholdMinutes: number; monthlyMax: number } }>('GET', `/v1/accounts/${ACCOUNT}/billing`, await h.token('admin', ACCOUNT));
    expect(billing.body.autoReload).toMatchObject({ thresholdMinutes: 20, monthlyMax: 3 });
    // The answer fits the space reserved before it came (so the Save button below never moves), at both widths.
    const fits = () => preview.evaluate((box) => box.scrollHeight <= parseFloat(getComputedStyle(box).minHeight) + 1);
    expect(await fits()).toBe(true);
    await page.setViewportSize(PHONE);
    await eventually(async () => expect(await fits()).toBe(true));
    await page.setViewportSize(DESKTOP);

    await page.getByTestId('threshold').fill('');
    await eventually(async () => expect(await preview.innerText()).toMatch(/Enter whole numbers/));
    await page.getByTestId('threshold').fill('20');
    await page.getByTestId('monthly-max').fill('3');
    await eventually(async () => expect(await sentences(page)).toEqual(before));
    await eventually(async () => expect(await page.getByTestId('credit-forecast').innerText()).toMatch(/the credits last about \d+ days?\.|credits are used up/));
    await shot(page, '40-admin-preview-and-forecast');
    await page.close();
  }, 90_000);

  it('the Administrator and the Editor read the credit history, purchases, reloads, calls with their decisions, and the settings trail', async () => {
    for (const role of ['Administrator', 'Editor'] as const) {
      const page = await h.context.newPage();
      await login(page, h.url, role, ACCOUNT);
      await page.waitForURL(new RegExp(`#/accounts/${ACCOUNT}/billing$`));
      const history = page.getByTestId('account-history');
      await history.waitFor();
      const tag = role === 'Administrator' ? 'admin' : 'editor';
      await eventually(async () => expect(await history.getByRole('button', { name: 'Export CSV' }).count()).toBe(1));
      await eventually(async () => expect(await history.locator('tbody tr').count()).toBeGreaterThan(0));
      await shot(page, `41-${tag}-credit-history`);

      await history.getByRole('tab', { name: 'Calls' }).click();
      await eventually(async () => expect(await history.locator('tbody tr').count()).toBe(4));
      expect(await history.locator('tbody').innerText()).toMatch(/hist_3/);
      await shot(page, `42-${tag}-calls`);

      await history.getByRole('tab', { name: 'Reloads' }).click();
      await eventually(async () => expect(await history.locator('tbody tr').count()).toBeGreaterThan(0));
      await history.getByRole('tab', { name: 'Settings history' }).click();
      const trail = page.getByTestId('settings-trail');
      await eventually(async () => expect(await trail.innerText()).toMatch(/changed the threshold from 10 to 20 min/));
      expect(await trail.innerText()).toMatch(/turned auto-reload on \(threshold 10 min, at most 3 reloads a month\)/);
      await shot(page, `43-${tag}-settings-trail`);
      await page.setViewportSize(PHONE);
      await eventually(async () => expect(await overflowing(page)).toEqual([]));
      await page.close();
    }
  }, 120_000);
});
