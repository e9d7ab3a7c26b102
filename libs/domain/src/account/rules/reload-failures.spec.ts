import { ACCOUNT_ID, cmd, min, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { autoReloadAccount, reloadCycle, STARTER_WITHOUT_INCLUDED_MINUTES } from '../../testing/scenarios';

const scenario = (...steps: Parameters<typeof given>) => given(...steps).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES);
const account = autoReloadAccount({ monthlyMaximum: 2 });
/** Call `id` ends below the threshold (triggering reload-<id>) and that charge fails with `code`. */
const failedReload = (id: string, code = 'card_declined') => [cmd.callEnded(id, min(100)), cmd.failReload(`reload-${id}`, code)];

describe('Rule 10 — one reload in flight; failed charges', () => {
  it('"at most one reload is in flight": a call ending while a reload awaits payment records reload_in_flight and triggers nothing', () => {
    const events = scenario(...account, cmd.callEnded('c1', min(95)))
      .when(cmd.callEnded('c2', min(10)))
      .thenEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ creditBalanceAfterSeconds: -300, autoReload: { decision: 'reload_in_flight', reloadId: null } });
  });

  it('once the reload in flight is paid, the next call end below the threshold can trigger again', () => {
    const events = scenario(...account, cmd.callEnded('c1', min(95)), cmd.completeReload('reload-c1'))
      .when(cmd.callEnded('c2', min(100)))
      .thenEvents();
    expect(events[1]).toMatchObject({ type: 'AutoReloadTriggered', data: { reloadId: 'reload-c2' } });
  });

  it('"a failed reload charge does not count toward the monthly maximum"', () => {
    // Maximum 2: one failure, then two successes; the failure did not use up a reload.
    const state = scenario(...account, ...failedReload('c1'), ...reloadCycle('c2', T0), ...reloadCycle('c3', T0)).state();
    expect(state.reloadsCompletedByMonth).toEqual({ '2024-03': 2 });
    expect(state.reloads['reload-c1']).toMatchObject({ status: 'failed', reasonCode: 'card_declined' });
  });

  it('"after 3 consecutive failed reload charges … auto-reload turns itself off"', () => {
    const outcome = scenario(...account, ...failedReload('c1'), ...failedReload('c2')).when(cmd.callEnded('c3', min(1)));
    expect(outcome.thenEvents()[1]).toMatchObject({ type: 'AutoReloadTriggered', data: { reloadId: 'reload-c3' } });
    const state = scenario(...account, ...failedReload('c1'), ...failedReload('c2'), cmd.callEnded('c3', min(1)))
      .when(cmd.failReload('reload-c3', 'insufficient_funds'))
      .then(
        { type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c3', reasonCode: 'insufficient_funds', consecutiveFailures: 3 } },
        { type: 'AutoReloadDisabled', data: { accountId: ACCOUNT_ID, at: T0, reason: 'payment_failed' } },
      );
    expect(state.autoReload).toMatchObject({ enabled: false, disabledReason: 'payment_failed', reloadInFlight: null });
  });

  it('the second failure in a row only counts', () => {
    scenario(...account, ...failedReload('c1'), cmd.callEnded('c2', min(1)))
      .when(cmd.failReload('reload-c2'))
      .then({ type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c2', reasonCode: 'card_declined', consecutiveFailures: 2 } });
  });

  it('"consecutive": a successful reload between failures starts the count again', () => {
    const history = [...account, ...failedReload('c1'), ...failedReload('c2'), ...reloadCycle('c3', T0), cmd.callEnded('c4', min(100))];
    const events = scenario(...history).when(cmd.failReload('reload-c4')).thenEvents();
    expect(events).toEqual([
      { type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c4', reasonCode: 'card_declined', consecutiveFailures: 1 } },
    ]);
  });

  it('"or one that needs the customer\'s authentication": a single authentication_required turns it off', () => {
    scenario(...account, cmd.callEnded('c1', min(100)))
      .when(cmd.failReload('reload-c1', 'authentication_required'))
      .then(
        { type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c1', reasonCode: 'authentication_required', consecutiveFailures: 1 } },
        { type: 'AutoReloadDisabled', data: { accountId: ACCOUNT_ID, at: T0, reason: 'authentication_required' } },
      );
  });

  it('turned off by failures, turning it back on starts a fresh count', () => {
    const history = [...account, ...failedReload('c1'), ...failedReload('c2'), ...failedReload('c3'), cmd.configure(true)];
    expect(scenario(...history).state().autoReload).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
  });

  it('a failure reported twice is recorded once; a failure reported for a paid reload is refused', () => {
    scenario(...account, ...failedReload('c1')).when(cmd.failReload('reload-c1')).thenNothing();
    scenario(...account, cmd.callEnded('c1', min(100)), cmd.completeReload('reload-c1'))
      .when(cmd.failReload('reload-c1'))
      .thenError('RELOAD.ALREADY_SETTLED', { reloadId: 'reload-c1', status: 'completed' });
  });

  it('a reload recorded as failed that is paid after all still adds its block, once (the card was charged)', () => {
    // E.g. Stripe took the charge but we never got its answer and gave up (payment_provider_unavailable).
    const failed = [...account, ...failedReload('c1', 'payment_provider_unavailable')];
    const state = scenario(...failed).when(cmd.completeReload('reload-c1')).after();
    expect(state.credits.balanceSeconds).toBe(6_000);
    expect(state.autoReload).toMatchObject({ reloadInFlight: null, consecutiveFailures: 0, lastFailureCode: null });
    scenario(...failed, cmd.completeReload('reload-c1')).when(cmd.completeReload('reload-c1')).thenNothing();
  });

  it('a reload paid after the user turned auto-reload off still adds its block (the card was charged)', () => {
    const state = scenario(...account, cmd.callEnded('c1', min(100)), cmd.configure(false)).when(cmd.completeReload('reload-c1')).after();
    expect(state.credits.balanceSeconds).toBe(6_000);
  });
});

describe('Rule 10 — what counts as a failed payment', () => {
  it('a permanent request error for the account (the card was removed) counts like a decline, and the third turns auto-reload off', () => {
    scenario(...account, ...failedReload('c1', 'resource_missing'), ...failedReload('c2', 'payment_method_unactivated'), cmd.callEnded('c3', min(1)))
      .when(cmd.failReload('reload-c3', 'resource_missing'))
      .then(
        { type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c3', reasonCode: 'resource_missing', consecutiveFailures: 3 } },
        { type: 'AutoReloadDisabled', data: { accountId: ACCOUNT_ID, at: T0, reason: 'payment_failed' } },
      );
  });

  it('"payment_provider_unavailable" (the provider never answered within the retry budget) is nobody\'s card: it is not counted', () => {
    const state = scenario(...account, ...failedReload('c1'), ...failedReload('c2'), cmd.callEnded('c3', min(1)))
      .when(cmd.failReload('reload-c3', 'payment_provider_unavailable'))
      .then({ type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c3', reasonCode: 'payment_provider_unavailable', consecutiveFailures: 2 } });
    expect(state.autoReload).toMatchObject({ enabled: true, consecutiveFailures: 2, lastFailureCode: 'payment_provider_unavailable', reloadInFlight: null });
  });

  it('outages in a row never turn auto-reload off, and the next decline continues the card\'s own count', () => {
    const outages = ['c1', 'c2', 'c3', 'c4'].flatMap((id) => failedReload(id, 'payment_provider_unavailable'));
    const state = scenario(...account, ...failedReload('c0'), ...outages).state();
    expect(state.autoReload).toMatchObject({ enabled: true, consecutiveFailures: 1 });
    scenario(...account, ...failedReload('c0'), ...outages, cmd.callEnded('c5', min(1)))
      .when(cmd.failReload('reload-c5', 'insufficient_funds'))
      .then({ type: 'AutoReloadFailed', data: { accountId: ACCOUNT_ID, at: T0, reloadId: 'reload-c5', reasonCode: 'insufficient_funds', consecutiveFailures: 2 } });
  });
});

describe('Rule 10 — a new card', () => {
  it('a new payment method on file starts the failure count again', () => {
    const state = given(...account, ...failedReload('c1'), ...failedReload('c2'), cmd.setCard('pm_2')).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).state();
    expect(state.autoReload).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });
});
