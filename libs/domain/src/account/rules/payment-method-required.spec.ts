import { ACCOUNT_ID, cmd, min, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { autoReloadAccount, STARTER_WITHOUT_INCLUDED_MINUTES } from '../../testing/scenarios';

// Rule 11 lives in rules/auto-reload-eligibility.ts.
describe('Rule 11 — a payment method on file', () => {
  it('"charged to the payment method on file": enabling auto-reload without one is refused (AUTO_RELOAD.NO_PAYMENT_METHOD)', () => {
    const error = given(cmd.open('starter')).when(cmd.configure(true)).thenError('AUTO_RELOAD.NO_PAYMENT_METHOD');
    expect(error.kind).toBe('conflict');
  });

  it('with a card on file, enabling works', () => {
    expect(given(cmd.open('starter'), cmd.setCard('pm_9')).when(cmd.configure(true)).thenEvents()).toHaveLength(1);
  });

  it('the reload is charged to the card on file at the time of the call', () => {
    const history = [...autoReloadAccount(), cmd.setCard('pm_new')];
    const events = given(...history).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(cmd.callEnded('c1', min(95))).thenEvents();
    expect(events[1]?.data).toMatchObject({ paymentMethodId: 'pm_new' });
  });

  it('setting the same card again is a no-op; removing it is recorded', () => {
    given(cmd.open('starter'), cmd.setCard('pm_1')).when(cmd.setCard('pm_1')).thenNothing();
    given(cmd.open('starter'), cmd.setCard('pm_1'))
      .when(cmd.removeCard())
      .then({ type: 'PaymentMethodOnFileRemoved', data: { accountId: ACCOUNT_ID, at: T0, paymentMethodId: 'pm_1' } });
    given(cmd.open('starter')).when(cmd.removeCard()).thenNothing();
  });
});

describe('Rule 11 — checks come in a helpful order', () => {
  it('an out-of-range threshold is reported before the missing card', () => {
    given(cmd.open('starter')).when(cmd.configure(true, 0)).thenError('AUTO_RELOAD.INVALID_THRESHOLD');
  });

  it('with auto-reload already on and the card removed, the settings can still be edited', () => {
    expect(given(...autoReloadAccount(), cmd.removeCard()).when(cmd.configure(true, 20)).thenEvents()[0]?.data).toMatchObject({ thresholdMinutes: 20 });
  });
});
