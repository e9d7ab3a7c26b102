import { cmd, min } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';

// Rule 4 lives in rules/plan-change.ts: a plan change touches no credits, and nothing expires them.
describe('Rule 4 — credits never expire', () => {
  const bought = [cmd.open('pro'), cmd.startPurchase('p1', 2), cmd.completePurchase('p1', 3_600)];

  it('"Credit minutes never expire": 200 minutes bought in March 2024 still pay for a call in December 2025', () => {
    // Free includes 30 minutes; a 31-minute call takes the last minute from credits bought 21 months earlier.
    const events = given(...bought, cmd.changePlan('free'))
      .when(cmd.callEnded('c1', min(31), '2025-12-15T10:00:00Z'))
      .thenEvents();
    expect(events[0]).toMatchObject({ type: 'CallMinutesConsumed', data: { subscriptionSeconds: 1_800, creditSeconds: 60, creditBalanceAfterSeconds: 11_940 } });
  });

  it('"They survive subscription cancellation and downgrade to Free": the balance is unchanged by the change to Free', () => {
    const outcome = given(...bought).when(cmd.changePlan('free'));
    expect(outcome.before.credits.balanceSeconds).toBe(12_000);
    expect(outcome.after().credits.balanceSeconds).toBe(12_000);
  });

  it('"They survive … downgrade": a downgrade from Pro to Starter keeps them too', () => {
    expect(given(...bought).when(cmd.changePlan('starter')).after().credits.balanceSeconds).toBe(12_000);
  });
});
