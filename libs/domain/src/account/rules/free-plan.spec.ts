import { ACCOUNT_ID, cmd, service, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';

// Rule 9 lives in rules/auto-reload-eligibility.ts (enabling) and rules/plan-change.ts (changing plan).
const starterWithAutoReload = [cmd.open('starter'), cmd.setCard(), cmd.configure(true, 10, 10), cmd.startPurchase('p1', 3), cmd.completePurchase('p1', 6_600)];

describe('Rule 9 — auto-reload and the Free plan', () => {
  it('"Free plan cannot enable auto-reload": AUTO_RELOAD.NOT_AVAILABLE_ON_FREE', () => {
    const error = given(cmd.open('free'), cmd.setCard()).when(cmd.configure(true)).thenError('AUTO_RELOAD.NOT_AVAILABLE_ON_FREE', { planId: 'free' });
    expect(error.kind).toBe('conflict');
  });

  it('"Free plan cannot enable auto-reload": switching it off on Free is a harmless no-op', () => {
    given(cmd.open('free')).when(cmd.configure(false)).thenNothing();
  });

  it('"Dropping to Free turns auto-reload off and keeps the credits" (downgrade = cancellation)', () => {
    const state = given(...starterWithAutoReload)
      .when(cmd.changePlan('free'))
      .then(
        { type: 'PlanChanged', data: { accountId: ACCOUNT_ID, at: T0, fromPlanId: 'starter', toPlanId: 'free', change: 'cancellation', changedBy: service.id } },
        { type: 'AutoReloadDisabled', data: { accountId: ACCOUNT_ID, at: T0, reason: 'plan_downgrade' } },
      );
    expect(state.autoReload).toMatchObject({ enabled: false, disabledReason: 'plan_downgrade' });
    expect(state.credits.balanceSeconds).toBe(18_000);
  });

  it('"Dropping to Free": with auto-reload already off, only the plan changes', () => {
    given(cmd.open('pro')).when(cmd.changePlan('free')).then({
      type: 'PlanChanged',
      data: { accountId: ACCOUNT_ID, at: T0, fromPlanId: 'pro', toPlanId: 'free', change: 'cancellation', changedBy: service.id },
    });
  });

  it('upgrading from Free does not turn auto-reload back on', () => {
    const state = given(...starterWithAutoReload, cmd.changePlan('free'))
      .when(cmd.changePlan('pro'))
      .then({ type: 'PlanChanged', data: { accountId: ACCOUNT_ID, at: T0, fromPlanId: 'free', toPlanId: 'pro', change: 'upgrade', changedBy: service.id } });
    expect(state.autoReload).toMatchObject({ enabled: false, disabledReason: 'plan_downgrade' });
  });

  it('a downgrade between paid plans keeps auto-reload on (the lower limit applies)', () => {
    given(cmd.open('business'), cmd.setCard(), cmd.configure(true, 10, 50))
      .when(cmd.changePlan('starter'))
      .then({ type: 'PlanChanged', data: { accountId: ACCOUNT_ID, at: T0, fromPlanId: 'business', toPlanId: 'starter', change: 'downgrade', changedBy: service.id } });
  });

  it('changing to the current plan changes nothing; an unknown plan is refused', () => {
    given(cmd.open('pro')).when(cmd.changePlan('pro')).thenNothing();
    given(cmd.open('pro')).when(cmd.changePlan('gold' as never)).thenError('PLAN.UNKNOWN');
  });
});
