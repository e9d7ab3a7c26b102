import { DEFAULT_PLANS } from '../../plans/plan';
import { usd } from '../../shared/money';
import { ACCOUNT_ID, cmd, min } from '../../testing/fixtures';
import { given } from '../../testing/given-when-then';
import { autoReloadAccount, STARTER_WITHOUT_INCLUDED_MINUTES } from '../../testing/scenarios';
import { quotePurchase } from './purchase-price';

// Starter with its 500 included minutes used up for March, and 100 credit minutes; threshold 10 minutes.
const lowOnCredits = [...autoReloadAccount(), cmd.callEnded('c0', min(500), '2024-03-01T10:00:00Z')];
const ENDED = '2024-03-10T12:00:00Z';

describe('Rule 6 — auto-reload at the end of a call', () => {
  it('"If a call ends with the credit balance below the threshold, one block is bought … charged to the payment method on file"', () => {
    given(...lowOnCredits)
      .when(cmd.callEnded('c1', 5_500, ENDED))
      .then(
        {
          type: 'CallMinutesConsumed',
          data: {
            accountId: ACCOUNT_ID,
            at: ENDED,
            callId: 'c1',
            endedAt: ENDED,
            month: '2024-03',
            durationSeconds: 5_500,
            subscriptionSeconds: 0,
            creditSeconds: 5_500,
            creditBalanceAfterSeconds: 500,
            autoReload: { decision: 'triggered', thresholdSeconds: 600, reloadId: 'reload-c1' },
          },
        },
        {
          type: 'AutoReloadTriggered',
          data: {
            accountId: ACCOUNT_ID,
            at: ENDED,
            reloadId: 'reload-c1',
            callId: 'c1',
            month: '2024-03',
            planId: 'starter',
            blocks: 1,
            minutes: 100,
            ratePerMinute: usd(22),
            total: usd(2_200),
            paymentMethodId: 'pm_1',
            stripeCustomerId: 'cus_1',
          },
        },
      );
  });

  it('"at the same rate as a manual purchase": the reload costs what a one-block purchase costs', () => {
    const [, triggered] = given(...lowOnCredits).when(cmd.callEnded('c1', 5_500, ENDED)).thenEvents();
    expect(triggered?.type === 'AutoReloadTriggered' && triggered.data.total).toEqual(quotePurchase(DEFAULT_PLANS.starter, 1).total);
  });

  it('the block is added when the reload\'s payment completes (CreditsPurchased, source auto_reload)', () => {
    const state = given(...lowOnCredits, cmd.callEnded('c1', 5_500, ENDED))
      .when(cmd.completeReload('reload-c1', '2024-03-10T12:00:05Z'))
      .then({
        type: 'CreditsPurchased',
        data: {
          accountId: ACCOUNT_ID,
          at: '2024-03-10T12:00:05Z',
          purchaseId: 'reload-c1',
          source: 'auto_reload',
          blocks: 1,
          creditSeconds: 6_000,
          ratePerMinute: usd(22),
          total: usd(2_200),
          paymentReference: 'pi_reload-c1',
          reloadMonth: '2024-03',
          creditBalanceAfterSeconds: 6_500,
        },
      });
    expect(state.autoReload.reloadInFlight).toBeNull();
    expect(state.reloadsCompletedByMonth).toEqual({ '2024-03': 1 });
  });

  it('"below the threshold": a call leaving exactly the threshold (10 minutes) buys nothing', () => {
    const events = given(...lowOnCredits).when(cmd.callEnded('c1', min(90), ENDED)).thenEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ creditBalanceAfterSeconds: 600, autoReload: { decision: 'above_threshold', reloadId: null } });
  });

  it('"checked at the end of each call, never during one": a call that overruns the balance by far buys one block, not several', () => {
    const events = given(...lowOnCredits).when(cmd.callEnded('c1', min(300), ENDED)).thenEvents();
    expect(events.map((event) => event.type)).toEqual(['CallMinutesConsumed', 'AutoReloadTriggered']);
    expect(events[0]?.data).toMatchObject({ creditBalanceAfterSeconds: -12_000 });
  });

  it('a completed reload repeated by the payment provider adds the block once', () => {
    given(...lowOnCredits, cmd.callEnded('c1', 5_500, ENDED), cmd.completeReload('reload-c1')).when(cmd.completeReload('reload-c1')).thenNothing();
  });

  it('completing a reload nobody triggered is refused', () => {
    given(...lowOnCredits).when(cmd.completeReload('reload-x')).thenError('RELOAD.NOT_FOUND', { reloadId: 'reload-x' });
  });
});

describe('Rule 13 — every call end below the threshold records why a reload did or did not fire', () => {
  const at = '2024-03-10T12:00:00Z';
  const belowThreshold = cmd.callEnded('c1', min(95), at);
  const decisionOf = (outcome: ReturnType<ReturnType<typeof given>['when']>) => {
    const [consumed] = outcome.thenEvents();
    return consumed?.type === 'CallMinutesConsumed' ? consumed.data.autoReload.decision : undefined;
  };

  it('"why didn\'t my reload fire?" — triggered', () => {
    expect(decisionOf(given(...autoReloadAccount()).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(belowThreshold))).toBe('triggered');
  });

  it('"why didn\'t my reload fire?" — disabled (auto-reload is off)', () => {
    const off = [...autoReloadAccount(), cmd.configure(false)];
    expect(decisionOf(given(...off).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(belowThreshold))).toBe('disabled');
  });

  it('"why didn\'t my reload fire?" — not_available_on_plan (Free)', () => {
    expect(decisionOf(given(cmd.open('free')).when(cmd.callEnded('c1', min(31), at)))).toBe('not_available_on_plan');
  });

  it('"why didn\'t my reload fire?" — no_payment_method (the card was removed)', () => {
    const noCard = [...autoReloadAccount(), cmd.removeCard()];
    expect(decisionOf(given(...noCard).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(belowThreshold))).toBe('no_payment_method');
  });

  it('"why didn\'t my reload fire?" — reload_in_flight (the previous reload still awaits payment)', () => {
    const inFlight = [...autoReloadAccount(), cmd.callEnded('c0', min(95), at)];
    expect(decisionOf(given(...inFlight).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(cmd.callEnded('c1', 1, at)))).toBe('reload_in_flight');
  });

  it('"why didn\'t my reload fire?" — monthly_cap_reached (this month\'s maximum of 1 is used)', () => {
    const capped = [...autoReloadAccount({ monthlyMaximum: 1 }), cmd.callEnded('c0', min(95), at), cmd.completeReload('reload-c0', at)];
    expect(decisionOf(given(...capped).withPlans(STARTER_WITHOUT_INCLUDED_MINUTES).when(cmd.callEnded('c1', min(100), at)))).toBe('monthly_cap_reached');
  });
});
