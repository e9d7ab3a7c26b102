import { ACCOUNT_ID, admin, cmd, T0 } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';

const withCard = [cmd.open('starter'), cmd.setCard()];

describe('Rule 7 — threshold and monthly maximum', () => {
  it('"Threshold: default 10 minutes" and "Monthly maximum of reloads: default 10": enabling without values uses them', () => {
    expect(given(...withCard).state().autoReload).toMatchObject({ enabled: false, thresholdMinutes: 10, monthlyMaximum: 10 });
    given(...withCard)
      .when(cmd.configure(true))
      .then({ type: 'AutoReloadConfigured', data: { accountId: ACCOUNT_ID, at: T0, enabled: true, thresholdMinutes: 10, monthlyMaximum: 10, configuredBy: admin.id } });
  });

  it('"Threshold: … at most 100": 1 and 100 minutes are accepted', () => {
    expect(given(...withCard).when(cmd.configure(true, 1)).thenEvents()[0]?.data).toMatchObject({ thresholdMinutes: 1 });
    expect(given(...withCard).when(cmd.configure(true, 100)).thenEvents()[0]?.data).toMatchObject({ thresholdMinutes: 100 });
  });

  it.each([0, 101, 2.5])('"Threshold: … at most 100": %p minutes are refused, naming the limits', (threshold) => {
    const error = given(...withCard)
      .when(cmd.configure(true, threshold))
      .thenError('AUTO_RELOAD.INVALID_THRESHOLD', { field: 'thresholdMinutes', min: 1, max: 100 });
    expect(error.message).toBe(`The auto-reload threshold is 1 to 100 minutes; got ${threshold}.`);
  });

  it('"Monthly maximum of reloads: … up to the plan\'s limit": Starter allows 20, not 21', () => {
    expect(given(...withCard).when(cmd.configure(true, 10, 20)).thenEvents()[0]?.data).toMatchObject({ monthlyMaximum: 20 });
    const error = given(...withCard)
      .when(cmd.configure(true, 10, 21))
      .thenError('AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM', { field: 'monthlyMaximum', min: 1, max: 20 });
    expect(error.message).toBe('The monthly maximum of auto-reloads on the Starter plan is 1 to 20; got 21.');
  });

  it('"up to the plan\'s limit": Business allows 100; a maximum of 0 is refused everywhere', () => {
    const business = [cmd.open('business'), cmd.setCard()];
    expect(given(...business).when(cmd.configure(true, 10, 100)).thenEvents()[0]?.data).toMatchObject({ monthlyMaximum: 100 });
    given(...business).when(cmd.configure(true, 10, 0)).thenError('AUTO_RELOAD.INVALID_MONTHLY_MAXIMUM', { field: 'monthlyMaximum', min: 1, max: 100 });
  });

  it('saving the same settings again changes nothing', () => {
    given(...withCard, cmd.configure(true, 15, 5)).when(cmd.configure(true, 15, 5)).thenNothing();
  });

  it('turning auto-reload off records the settings and that the user turned it off', () => {
    given(...withCard, cmd.configure(true, 15, 5))
      .when(cmd.configure(false))
      .then(
        { type: 'AutoReloadConfigured', data: { accountId: ACCOUNT_ID, at: T0, enabled: false, thresholdMinutes: 15, monthlyMaximum: 5, configuredBy: admin.id } },
        { type: 'AutoReloadDisabled', data: { accountId: ACCOUNT_ID, at: T0, reason: 'user' } },
      );
  });

  it('after a downgrade to a lower limit, the plan\'s limit caps the maximum in force and omitted values keep it valid', () => {
    const state = given(cmd.open('business'), cmd.setCard(), cmd.configure(true, 10, 80), cmd.changePlan('starter')).when(cmd.configure(true, 25)).after();
    expect(state.autoReload).toMatchObject({ enabled: true, thresholdMinutes: 25, monthlyMaximum: 20 });
  });
});
