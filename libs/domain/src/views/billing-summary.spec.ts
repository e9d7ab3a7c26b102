import { DEFAULT_PLANS } from '../plans/plan';
import { usd } from '../shared/money';
import { cmd, min } from '../testing/fixtures';
import { given } from '../testing/given-when-then';
import { autoReloadAccount, reloadCycle, STARTER_WITHOUT_INCLUDED_MINUTES } from '../testing/scenarios';
import { initialState } from '../account/state';
import { billingSummary } from './billing-summary';
import { usageLevel } from './usage-level';

const PAUSED = "You've reached your monthly auto-reload limit. Auto-reload is paused until next month.";
const stateOf = (...steps: Parameters<typeof given>) => given(...steps).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).state();

describe('Billing summary — what the billing page shows', () => {
  it('shows plan, credits, subscription minutes left this month, auto-reload usage and permissions', () => {
    // Default Starter: 500 included minutes; 120.5 minutes used in March; 100 credit minutes bought.
    const state = given(...autoReloadAccount({ monthlyMaximum: 4 }), cmd.callEnded('c1', 7_230, '2024-03-03T10:00:00Z')).state();
    expect(billingSummary(state, DEFAULT_PLANS, '2024-03-15T12:00:00Z', 'admin')).toEqual({
      accountId: 'acc-1',
      timeZone: 'UTC',
      month: '2024-03',
      plan: { id: 'starter', name: 'Starter', ratePerMinute: usd(22), autoReloadAvailable: true, monthlyReloadLimit: 20 },
      credits: { balanceSeconds: 6_000, balanceMinutes: 100 },
      subscription: { includedMinutes: 500, usedSeconds: 7_230, remainingSeconds: 22_770, remainingMinutes: 379.5 },
      autoReload: {
        enabled: true,
        thresholdMinutes: 10,
        monthlyMax: 4,
        usedThisMonth: 0,
        usageText: '0 of 4 used this month',
        usageLevel: 'normal',
        paused: false,
        reloadInFlight: false,
        notice: null,
        disabledReason: null,
      },
      permissions: { canBuyCredits: true, canConfigureAutoReload: true },
    });
    // A new month: all 500 minutes again.
    expect(billingSummary(state, DEFAULT_PLANS, '2024-04-01T00:00:00Z', 'admin').subscription.remainingMinutes).toBe(500);
  });

  it('balance minutes are a display value rounded to 2 decimals, negative when a call ran past the balance', () => {
    const state = given(cmd.open('free'), cmd.callEnded('c1', 1_800 + 100, '2024-03-03T10:00:00Z')).state();
    expect(billingSummary(state, DEFAULT_PLANS, '2024-03-03T10:00:00Z', 'editor').credits).toEqual({ balanceSeconds: -100, balanceMinutes: -1.67 });
  });

  it('"X of Y used this month" with a bar that turns yellow above 50 % and red above 80 %', () => {
    expect([0, 5, 6, 8, 9, 10].map((used) => usageLevel(used, 10))).toEqual(['normal', 'normal', 'warning', 'warning', 'critical', 'critical']);
    expect([1, 2, 3].map((used) => usageLevel(used, 3))).toEqual(['normal', 'warning', 'critical']);
    const state = stateOf(...autoReloadAccount({ monthlyMaximum: 3 }), ...reloadCycle('c1', '2024-03-05T10:00:00Z'), ...reloadCycle('c2', '2024-03-06T10:00:00Z'));
    const { autoReload } = billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-07T00:00:00Z', 'admin');
    expect([autoReload.usageText, autoReload.usageLevel, autoReload.paused]).toEqual(['2 of 3 used this month', 'warning', false]);
  });

  it(`when the monthly maximum is reached the page says exactly "${PAUSED}"`, () => {
    const state = stateOf(...autoReloadAccount({ monthlyMaximum: 1 }), ...reloadCycle('c1', '2024-03-05T10:00:00Z'));
    const { autoReload } = billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'editor');
    expect(autoReload).toMatchObject({ paused: true, usedThisMonth: 1, monthlyMax: 1, usageLevel: 'critical', usageText: '1 of 1 used this month' });
    expect(autoReload.notice).toEqual({ code: 'monthly_limit_reached', message: PAUSED, action: null });
  });

  it('"The counter resets by itself at the start of the next month (in the account\'s time zone)"', () => {
    const state = stateOf(...autoReloadAccount({ monthlyMaximum: 1, timeZone: 'America/New_York' }), ...reloadCycle('c1', '2024-03-05T10:00:00-05:00'));
    // 03:30 UTC on 1 April is still March in New York (UTC-4 in summer time).
    expect(billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-04-01T03:30:00Z', 'admin').autoReload).toMatchObject({ paused: true, usedThisMonth: 1 });
    expect(billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-04-01T04:30:00Z', 'admin').autoReload).toMatchObject({
      paused: false,
      usedThisMonth: 0,
      notice: null,
      usageText: '0 of 1 used this month',
    });
  });

  it('"raise the maximum (up to the plan limit)": raising it lifts the pause on the page at once', () => {
    const state = stateOf(...autoReloadAccount({ monthlyMaximum: 1 }), ...reloadCycle('c1', '2024-03-05T10:00:00Z'), cmd.configure(true, 10, 2));
    expect(billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'admin').autoReload).toMatchObject({ paused: false, notice: null });
  });

  it('"Auto-reload not available on Free plan," with an Upgrade link', () => {
    const state = given(cmd.open('free')).state();
    const { autoReload } = billingSummary(state, DEFAULT_PLANS, '2024-03-20T00:00:00Z', 'admin');
    expect(autoReload.notice).toEqual({ code: 'not_available_on_free', message: 'Auto-reload not available on Free plan,', action: 'upgrade' });
    expect(autoReload).toMatchObject({ enabled: false, disabledReason: 'not_available_on_plan', monthlyMax: 0, usageLevel: 'normal' });
  });

  it('after 3 failed charges, or one needing authentication, the page says why auto-reload turned itself off', () => {
    const failures = (code: string, times: number) =>
      Array.from({ length: times }, (_, i) => [cmd.callEnded(`c${i}`, min(100)), cmd.failReload(`reload-c${i}`, code)]).flat();
    const threeFailures = stateOf(...autoReloadAccount(), ...failures('card_declined', 3));
    const summary = billingSummary(threeFailures, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'admin').autoReload;
    expect(summary).toMatchObject({ enabled: false, disabledReason: 'payment_failed', notice: { code: 'payment_failed', action: 'update_payment_method' } });
    expect(summary.notice?.message).toBe('Auto-reload was turned off after 3 failed payments in a row. Update your payment method, then turn auto-reload back on.');
    const authentication = stateOf(...autoReloadAccount(), ...failures('authentication_required', 1));
    expect(billingSummary(authentication, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'admin').autoReload).toMatchObject({
      disabledReason: 'authentication_required',
      notice: { code: 'authentication_required', action: 'update_payment_method' },
    });
  });

  it('a failed reload charge while auto-reload stays on: the page says why, until a reload is paid or the card changes', () => {
    const at = '2024-03-20T00:00:00Z';
    const page = (state: ReturnType<typeof stateOf>) => billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, at, 'admin').autoReload;
    const removedCard = [...autoReloadAccount(), cmd.callEnded('c1', min(100)), cmd.failReload('reload-c1', 'resource_missing')];
    expect(page(stateOf(...removedCard))).toMatchObject({ enabled: true, disabledReason: null });
    expect(page(stateOf(...removedCard)).notice).toEqual({
      code: 'reload_failed',
      message: 'The last auto-reload payment failed: the card on file no longer exists (it was removed). Update your payment method; after 3 failed payments in a row auto-reload turns off.',
      action: 'update_payment_method',
    });
    // A code we have no words for is shown as the provider gave it.
    const odd = stateOf(...autoReloadAccount(), cmd.callEnded('c1', min(100)), cmd.failReload('reload-c1', 'parameter_invalid_integer'));
    expect(page(odd).notice?.message).toContain('the payment provider answered "parameter_invalid_integer"');
    expect(page(stateOf(...removedCard, cmd.setCard('pm_2'))).notice).toBeNull();
    expect(page(stateOf(...removedCard, ...reloadCycle('c2', at))).notice).toBeNull();
  });

  it('a reload the payment provider never answered for: the page says so, not charged, auto-reload stays on', () => {
    const state = stateOf(...autoReloadAccount(), cmd.callEnded('c1', min(100)), cmd.failReload('reload-c1', 'payment_provider_unavailable'));
    expect(billingSummary(state, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'admin').autoReload).toMatchObject({
      enabled: true,
      notice: {
        code: 'payment_provider_unavailable',
        message: 'The last auto-reload could not be charged because our payment provider was unavailable. You were not charged, and it does not count as a failed payment; auto-reload stays on.',
        action: null,
      },
    });
  });

  it('a reload awaiting payment shows as in flight; a user who turned auto-reload off sees no notice', () => {
    const inFlight = stateOf(...autoReloadAccount(), cmd.callEnded('c1', min(100)));
    expect(billingSummary(inFlight, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'admin').autoReload.reloadInFlight).toBe(true);
    const off = stateOf(...autoReloadAccount(), cmd.configure(false));
    expect(billingSummary(off, STARTER_WITHOUT_INCLUDED_MINUTES, '2024-03-20T00:00:00Z', 'admin').autoReload).toMatchObject({ disabledReason: 'user', notice: null });
  });

  it('an account that was never opened has no summary', () => {
    expect(() => billingSummary(initialState(), DEFAULT_PLANS, '2024-03-20T00:00:00Z', 'admin')).toThrow('There is no billing account here.');
  });
});
