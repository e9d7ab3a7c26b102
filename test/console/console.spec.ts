import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, type Harness, login, shot, startHarness } from './harness';

// The console in Debian's Chromium against the built service: the four journeys of the billing help page.
interface Billing {
  credits: { balanceMinutes: number };
  autoReload: { usedThisMonth: number; reloadInFlight: boolean; usageLevel: string };
}

let h: Harness;
let service: string;
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();

async function openAccount(accountId: string, plan: string) {
  expect((await h.api('POST', '/v1/accounts', service, { accountId, plan })).status).toBe(201);
}
async function call(accountId: string, callId: string, minutes: number) {
  const answer = await h.api('POST', `/v1/accounts/${accountId}/calls`, service, { callId, durationSeconds: minutes * 60, endedAt: new Date().toISOString() });
  expect([200, 201]).toContain(answer.status);
}
/** Waits until the account's reloads this month reach `count` and none is being charged. */
async function reloadsSettled(accountId: string, admin: string, count: number) {
  return eventually(async () => {
    const { body } = await h.api<Billing>('GET', `/v1/accounts/${accountId}/billing`, admin);
    expect(body.autoReload).toMatchObject({ usedThisMonth: count, reloadInFlight: false });
    return body;
  }, 20_000);
}
const barColour = (page: Page) =>
  page.getByTestId('usage').locator('.MuiLinearProgress-bar').evaluate((bar) => getComputedStyle(bar).backgroundColor);

beforeAll(async () => {
  h = await startHarness();
  service = await h.token('service');
}, 180_000);

afterAll(async () => {
  await h?.close();
}, 30_000);

describe('the console in a real browser', () => {
  it('an Administrator on Free buys 2 blocks through the sandbox checkout, sees the success message and 200 more minutes, and the Free notice with its Upgrade link', async () => {
    await openAccount('acc_free', 'free');
    const page = await h.context.newPage();
    await login(page, h.url, 'Administrator', 'acc_free');
    await page.waitForURL(/#\/accounts\/acc_free\/billing$/);
    await page.getByTestId('credit-balance').waitFor();
    expect(await text(page, 'credit-balance')).toBe('0 min');
    expect(await text(page, 'notice')).toBe('Auto-reload not available on Free plan, Upgrade');
    expect(await page.getByRole('switch', { name: 'Auto-reload' }).count()).toBe(0); // the notice stands in place of the toggle
    await shot(page, '01-admin-free-billing', { phone: true });

    await page.getByRole('button', { name: 'Buy Credits' }).click();
    const dialog = page.getByRole('dialog');
    expect(await text(page, 'rate')).toBe('$0.28/min');
    await page.getByTestId('blocks').fill('101');
    await eventually(async () => expect(await dialog.locator('.Mui-error').first().textContent()).toMatch(/100/));
    await shot(page, '02-buy-dialog-invalid');
    await page.getByTestId('blocks').fill('2');
    await eventually(async () => expect(await text(page, 'total')).toBe('$56.00'));
    expect(await text(page, 'quote')).toMatch(/^Minutes 200 Rate \$0.28\/min Total \$56.00$/);
    await shot(page, '03-buy-dialog-2-blocks', { phone: true });

    await dialog.getByRole('button', { name: 'Pay $56.00' }).click();
    await page.waitForURL(/\/v1\/sandbox\/checkout\//);
    await shot(page, '04-sandbox-checkout');
    await page.getByRole('button', { name: 'Pay $56.00' }).click();
    await page.waitForURL(/#\/accounts\/acc_free\/billing\?purchase=success&purchaseId=/);
    await eventually(async () => expect(await text(page, 'purchase-message')).toBe('Payment successful. 200 credit minutes were added to your balance.'));
    expect(await text(page, 'credit-balance')).toBe('200 min');
    await shot(page, '05-after-purchase', { phone: true });

    await page.getByRole('link', { name: 'Upgrade' }).click();
    await page.waitForURL(/#\/upgrade\?account=acc_free/);
    await page.getByRole('heading', { name: 'Upgrade your plan' }).waitFor();
    await shot(page, '06-upgrade');
    await page.close();
  }, 90_000);
});
