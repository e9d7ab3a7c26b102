import { usd } from '@billing/domain';
import { accountsProjection, evolveAccount, UnknownAccountError, type AccountRow } from './accounts';
import { applyEvent } from '../projection';
import { recorded } from '../testing/events';

const at = '2024-03-01T09:00:00Z';
const opened = recorded({ type: 'AccountOpened', data: { accountId: 'a1', at, planId: 'starter', timeZone: 'Europe/Paris', stripeCustomerId: 'cus_1', openedBy: 'svc' } }, 1);

function fold(...events: ReturnType<typeof recorded>[]): AccountRow | null {
  return events.reduce<AccountRow | null>((row, e) => applyEvent(accountsProjection, row, e), null);
}

describe('accounts read model', () => {
  it('opens with the defaults the domain uses: no credits, auto-reload off, threshold 10, maximum 10', () => {
    expect(evolveAccount(null, opened)).toEqual({
      accountId: 'a1', planId: 'starter', timeZone: 'Europe/Paris', stripeCustomerId: 'cus_1', paymentMethodId: null,
      balanceSeconds: 0, balanceMinutes: 0, autoReloadEnabled: false, thresholdMinutes: 10, monthlyMaximum: 10,
      disabledReason: null, consecutiveFailures: 0, reloadInFlight: null, openedAt: '2024-03-01T09:00:00.000Z',
      lastEventAt: '2024-03-01T09:00:00.000Z', position: opened.position,
    });
  });

  it('takes the balance the events recorded, in seconds and display minutes (a call may take it below zero)', () => {
    const bought = recorded({ type: 'CreditsPurchased', data: { accountId: 'a1', at, purchaseId: 'p1', source: 'manual', blocks: 1, creditSeconds: 6000, ratePerMinute: usd(22), total: usd(2200), paymentReference: 'pi_1', reloadMonth: null, creditBalanceAfterSeconds: 6000 } }, 2);
    const call = recorded({ type: 'CallMinutesConsumed', data: { accountId: 'a1', at: '2024-03-02T10:00:00Z', callId: 'c1', endedAt: '2024-03-02T10:00:00Z', month: '2024-03', durationSeconds: 6100, subscriptionSeconds: 0, creditSeconds: 6100, creditBalanceAfterSeconds: -100, autoReload: { decision: 'disabled', thresholdSeconds: 600, reloadId: null } } }, 3);
    expect(fold(opened, bought)).toMatchObject({ balanceSeconds: 6000, balanceMinutes: 100 });
    expect(fold(opened, bought, call)).toMatchObject({ balanceSeconds: -100, balanceMinutes: -1.67, lastEventAt: '2024-03-02T10:00:00.000Z', position: call.position });
  });

  it('follows auto-reload: configured, triggered (in flight), failed (count), disabled with its reason, turned back on', () => {
    const configured = recorded({ type: 'AutoReloadConfigured', data: { accountId: 'a1', at, enabled: true, thresholdMinutes: 20, monthlyMaximum: 5, configuredBy: 'u' } }, 2);
    const triggered = recorded({ type: 'AutoReloadTriggered', data: { accountId: 'a1', at, reloadId: 'reload-c1', callId: 'c1', month: '2024-03', planId: 'starter', blocks: 1, minutes: 100, ratePerMinute: usd(22), total: usd(2200), paymentMethodId: 'pm', stripeCustomerId: 'cus_1' } }, 3);
    const failed = recorded({ type: 'AutoReloadFailed', data: { accountId: 'a1', at, reloadId: 'reload-c1', reasonCode: 'authentication_required', consecutiveFailures: 1 } }, 4);
    const disabled = recorded({ type: 'AutoReloadDisabled', data: { accountId: 'a1', at, reason: 'authentication_required' } }, 5);
    const again = recorded({ type: 'AutoReloadConfigured', data: { accountId: 'a1', at, enabled: true, thresholdMinutes: 20, monthlyMaximum: 5, configuredBy: 'u' } }, 6);
    expect(fold(opened, configured, triggered)).toMatchObject({ autoReloadEnabled: true, thresholdMinutes: 20, monthlyMaximum: 5, reloadInFlight: 'reload-c1' });
    expect(fold(opened, configured, triggered, failed, disabled)).toMatchObject({
      autoReloadEnabled: false, disabledReason: 'authentication_required', consecutiveFailures: 1, reloadInFlight: null,
    });
    expect(fold(opened, configured, triggered, failed, disabled, again)).toMatchObject({ autoReloadEnabled: true, disabledReason: null, consecutiveFailures: 0 });
  });

  it('an event already applied (its position is not newer than the row) changes nothing', () => {
    const planChanged = recorded({ type: 'PlanChanged', data: { accountId: 'a1', at, fromPlanId: 'starter', toPlanId: 'pro', change: 'upgrade', changedBy: 'u' } }, 2);
    const row = fold(opened, planChanged);
    expect(applyEvent(accountsProjection, row, planChanged)).toBe(row);
    expect(applyEvent(accountsProjection, row, opened)).toBe(row);
  });

  it('an event for an account that was never opened is a poison event, not a silent new row', () => {
    const stray = recorded({ type: 'PaymentMethodOnFileSet', data: { accountId: 'ghost', at, paymentMethodId: 'pm' } }, 2);
    expect(() => evolveAccount(null, stray)).toThrow(UnknownAccountError);
    expect(() => evolveAccount(null, stray)).toThrow('PaymentMethodOnFileSet for account "ghost", which was never opened');
  });
});
