import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { recordScripts, seriousViolations } from './accessibility';
import { DESKTOP, eventually, type Harness, login, overflowing, PHONE, shot as screenshot, startHarness } from './harness';

// The console in a real Chromium (chromium.ts) against the built service: the four journeys of the billing
// help page. Every screen they look at is also checked by axe-core: no serious or critical violation.
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
/** Every screen a journey looks at: its screenshot, and axe's verdict on it. */
async function shot(page: Page, name: string, options?: { phone?: boolean }) {
  await screenshot(page, name, options);
  expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
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

afterEach(() => h?.csp.assertNone()); // the console, the sandbox checkout and downloads work under the service's CSP

describe('the console in a real browser', () => {
  it('the login page loads at most 350 kB of JavaScript (gzip), none of the pages behind it, and passes axe', async () => {
    const page = await h.context.newPage();
    const scripts = recordScripts(page, h.url);
    await page.goto(`${h.url}/#/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.waitForLoadState('networkidle');
    const loaded = await scripts();
    const total = loaded.reduce((sum, file) => sum + file.gzipBytes, 0);
    console.log(`login page JavaScript: ${loaded.map((f) => `${f.name} ${(f.gzipBytes / 1000).toFixed(1)} kB`).join(', ')}; total ${(total / 1000).toFixed(1)} kB gzip`);
    expect(loaded.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(350_000);
    expect(loaded.map((f) => f.name).filter((name) => /AccountShow|AccountList|BillingPanel|BalanceChart/.test(name))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '00-login');
    await page.close();
  }, 60_000);

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

  it('an Administrator on a paid plan enables auto-reload, sets threshold and maximum (errors on their fields), and sees the counter turn yellow, then red with the cap message, as reloads happen', async () => {
    await openAccount('acc_paid', 'starter');
    expect((await h.api('PUT', '/v1/accounts/acc_paid/payment-method', service, { paymentMethodId: 'pm_card_visa' })).status).toBe(200);
    const admin = await h.token('admin', 'acc_paid');
    const page = await h.context.newPage();
    await login(page, h.url, 'Administrator', 'acc_paid');
    await page.waitForURL(/#\/accounts\/acc_paid\/billing$/);
    const toggle = page.getByRole('switch', { name: 'Auto-reload' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    expect(await page.getByTestId('threshold').count()).toBe(0); // collapsed while off
    await shot(page, '10-paid-auto-reload-off');

    await toggle.check();
    expect(await page.getByTestId('threshold').inputValue()).toBe('10'); // the defaults
    expect(await page.getByTestId('monthly-max').inputValue()).toBe('10');
    await page.getByTestId('threshold').fill('150');
    await page.getByRole('button', { name: 'Save' }).click();
    const thresholdField = page.locator('.MuiFormControl-root', { has: page.getByTestId('threshold') });
    await eventually(async () => expect(await thresholdField.locator('.MuiFormHelperText-root.Mui-error').innerText()).toMatch(/100/));
    await page.getByTestId('threshold').fill('20');
    await page.getByTestId('monthly-max').fill('25'); // Starter allows 20
    await page.getByRole('button', { name: 'Save' }).click();
    const maxField = page.locator('.MuiFormControl-root', { has: page.getByTestId('monthly-max') });
    await eventually(async () => expect(await maxField.locator('.MuiFormHelperText-root.Mui-error').innerText()).toMatch(/20/));
    expect(await thresholdField.locator('.Mui-error').count()).toBe(0);
    await shot(page, '11-paid-validation-errors', { phone: true });
    await page.getByTestId('monthly-max').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Auto-reload settings saved').waitFor();
    await eventually(async () => expect(await text(page, 'usage-text')).toBe('0 of 5 used this month'));
    expect((await h.api<Billing>('GET', '/v1/accounts/acc_paid/billing', admin)).body).toMatchObject({ autoReload: { enabled: true, thresholdMinutes: 20, monthlyMax: 5 } });

    const seen = async (count: number, level: string, colour: string) => {
      await reloadsSettled('acc_paid', admin, count);
      // react-admin's app bar slides away while the page is scrolled down (the fields clicked above scroll it):
      // back at the top it shows again, with its Refresh button.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('button', { name: 'Refresh' }).first().click();
      await eventually(async () => expect(await text(page, 'usage-text')).toBe(`${count} of 5 used this month`));
      expect(await page.getByTestId('usage').getAttribute('data-level')).toBe(level);
      expect(await barColour(page)).toBe(colour);
    };
    await call('acc_paid', 'call-1', 500); // uses the 500 included minutes; credits 0 < 20: reload 1
    await seen(1, 'normal', 'rgb(46, 125, 50)');
    await shot(page, '12-paid-1-of-5');
    for (const n of [2, 3]) {
      await call('acc_paid', `call-${n}`, 100); // credits 100 to 0: the next reload
      await reloadsSettled('acc_paid', admin, n);
    }
    await seen(3, 'warning', 'rgb(242, 183, 5)'); // 60 %: yellow
    await shot(page, '13-paid-3-of-5-yellow', { phone: true });
    for (const n of [4, 5]) {
      await call('acc_paid', `call-${n}`, 100); // credits 100 to 0: the next reload
      await reloadsSettled('acc_paid', admin, n);
    }
    await seen(5, 'critical', 'rgb(211, 47, 47)'); // 100 %: red, and paused
    expect(await text(page, 'notice')).toBe("You've reached your monthly auto-reload limit. Auto-reload is paused until next month.");
    await shot(page, '14-paid-cap-reached-red', { phone: true });
    await page.close();
  }, 120_000);

  it('an Editor sees the balance and the settings, and cannot buy or configure', async () => {
    const page = await h.context.newPage();
    await login(page, h.url, 'Editor', 'acc_paid');
    await page.waitForURL(/#\/accounts\/acc_paid\/billing$/);
    await page.getByTestId('credit-balance').waitFor();
    const { body } = await h.api<Billing>('GET', '/v1/accounts/acc_paid/billing', await h.token('support'));
    expect(await text(page, 'credit-balance')).toBe(`${body.credits.balanceMinutes.toLocaleString('en-US')} min`);
    expect(await text(page, 'permission-note')).toBe(
      'You are an Editor: you can see the balance and the settings. Only an Administrator can buy credits or change auto-reload.',
    );
    expect(await page.getByRole('button', { name: 'Buy Credits' }).isDisabled()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Auto-reload' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('threshold').isDisabled()).toBe(true);
    expect(await page.getByTestId('threshold').inputValue()).toBe('20');
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await text(page, 'usage-text')).toBe('5 of 5 used this month');
    await shot(page, '20-editor-billing', { phone: true });
    await page.close();
  }, 60_000);

  it('support searches an account, opens its credit history and raw events, and exports the ledger as CSV', async () => {
    const page = await h.context.newPage();
    await login(page, h.url, 'Support');
    await page.waitForURL(/#\/accounts(\?.*)?$/);
    await page.getByText('acc_free').first().waitFor();
    await shot(page, '30-support-accounts', { phone: true });
    const firstColumn = () => page.locator('tbody tr td:first-child').allInnerTexts();
    await page.getByText('Credit balance (min)').click(); // ascending: 100 before 200
    await eventually(async () => expect(await firstColumn()).toEqual(['acc_paid', 'acc_free']));
    await page.getByText('Reloads this month').click();
    await eventually(async () => expect(await firstColumn()).toEqual(['acc_free', 'acc_paid']));
    await page.getByPlaceholder('Search account id').fill('paid');
    await eventually(async () => {
      const rows = await page.locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(/^acc_paid\s+Starter/);
    });
    await page.getByRole('cell', { name: 'acc_paid' }).click();
    await page.waitForURL(/#\/accounts\/acc_paid\/show$/);
    await page.getByTestId('permission-note').waitFor();
    expect(await page.getByRole('button', { name: 'Buy Credits' }).isDisabled()).toBe(true);
    await shot(page, '31-support-account-billing');

    const scripts = recordScripts(page, h.url);
    await page.getByRole('tab', { name: 'Credit history' }).click();
    const ledger = (await h.api<{ kind: string; balanceAfterMinutes: number }[]>('GET', '/v1/accounts/acc_paid/ledger?limit=100', await h.token('support'))).body;
    expect(ledger.length).toBe(9); // 5 reloads, and the 4 calls that used credits (the first used only included minutes)
    await eventually(async () => expect(await page.locator('.RaList-main tbody tr').count()).toBe(9));
    const newest = await page.locator('.RaList-main tbody tr').first().innerText();
    expect(newest).toContain('Auto-reload');
    expect(newest).toContain(String(ledger[0]?.balanceAfterMinutes));
    await page.getByTestId('balance-chart').locator('.recharts-line').waitFor();
    expect((await scripts()).filter((f) => f.name.includes('BalanceChart'))).toHaveLength(1); // fetched with the chart, not before
    expect(await page.getByTestId('balance-chart-summary').getAttribute('aria-label')).toMatch(
      new RegExp(`^Credit balance over 9 movements from .+ to .+: \\d+ min after the first, ${ledger[0]?.balanceAfterMinutes} min now; lowest -?\\d+ min, highest \\d+ min\\.$`),
    );
    await shot(page, '32-support-credit-history', { phone: true });
    await page.setViewportSize(PHONE); // wide tables scroll inside their card, the page itself does not
    await eventually(async () => expect(await overflowing(page)).toEqual([])); // the layout settles after a resize
    await page.setViewportSize(DESKTOP);

    // The server's export.csv (one format with the CLI's), every row of the ledger, oldest first.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('ledger-acc_paid-2000-01-01.csv');
    const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toBe('time,account_id,kind,minutes,seconds,balance_after_minutes,balance_after_seconds,purchase_id,reload_id,call_id,event_id,position');
    const eventIds = (ledger as unknown as { eventId: string }[]).map((entry) => entry.eventId).reverse();
    expect(csv.slice(1).map((line) => line.split(',')[10])).toEqual(eventIds);

    await page.getByRole('tab', { name: 'Calls' }).click();
    await page.getByText('No reload needed').first().or(page.getByText('Reload bought').first()).waitFor();
    await shot(page, '33-support-calls', { phone: true });
    await page.getByRole('tab', { name: 'Reloads' }).click();
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(5));
    await shot(page, '34-support-reloads');
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.getByTestId('event').first().waitFor();
    const first = await page.getByTestId('event').first().innerText();
    expect(first).toMatch(/#0\s+AccountOpened/);
    expect(first).toMatch(/position \d{20}-\d{20}/);
    expect(first).toContain('"accountId": "acc_paid"');
    await shot(page, '35-support-events', { phone: true });
    await page.close();
  }, 90_000);

  it('an auditor asks for the balance as of a chosen instant', async () => {
    const page = await h.context.newPage();
    await login(page, h.url, 'Auditor');
    await page.waitForURL(/#\/accounts(\?.*)?$/);
    await page.goto(`${h.url}/#/accounts/acc_free/show/as-of`);
    await page.getByTestId('as-of').fill('2000-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show balance' }).click();
    await eventually(async () => expect(await page.getByRole('alert').innerText()).toMatch(/did not exist at that instant/));
    await shot(page, '40-auditor-balance-before-opening');
    const now = new Date(Date.now() + 60_000).toISOString().slice(0, 19);
    await page.getByTestId('as-of').fill(now);
    await page.getByRole('button', { name: 'Show balance' }).click();
    await eventually(async () => expect(await text(page, 'balance-as-of')).toMatch(/^200 min As of/));
    await shot(page, '41-auditor-balance-now', { phone: true });
    await page.close();
  }, 60_000);
});
