import { autoReloadAccount, STARTER_WITHOUT_INCLUDED_MINUTES as PLANS } from '../testing/scenarios';
import { cmd, min } from '../testing/fixtures';
import type { BillingCommand } from './commands';
import { decide } from './decide';
import { evolveAll } from './evolve';
import { type AccountState, initialState, MONTHS_KEPT, PURCHASES_KEPT, RELOADS_KEPT } from './state';

/**
 * The folded state (and so every snapshot, cold load and cache entry) does not grow with the account's
 * age: its JSON size after a long history of calls, purchases and reloads spread over years is that of a
 * short one. Each id is distinct, so plain decide is enough here (no repeated facts for the store to refuse).
 */
/** One cycle a day over n days: a call below the threshold, its reload paid or declined, a purchase, a short call. */
function fold(n: number): AccountState {
  let state = initialState();
  const run = (command: BillingCommand) => {
    state = evolveAll(decide(command, state, { plans: PLANS }), state);
  };
  autoReloadAccount({ thresholdMinutes: 10, monthlyMaximum: 10 }).forEach(run);
  const rate = PLANS.starter.ratePerMinute.amount;
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.parse('2024-01-03T10:00:00Z') + i * 86_400_000).toISOString();
    run(cmd.callEnded(`call-${i}`, min(120), at));
    const reload = state.autoReload.reloadInFlight; // none once the month's maximum is reached
    if (reload) run(i % 4 === 0 ? cmd.failReload(reload, 'card_declined', at) : cmd.completeReload(reload, at));
    run(cmd.startPurchase(`p-${i}`, 1, { at }));
    run(i % 3 === 0 ? { ...cmd.expirePurchase(`p-${i}`), at } : cmd.completePurchase(`p-${i}`, rate * 100, { at }));
    run(cmd.callEnded(`short-${i}`, 30, at));
  }
  return state;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('The account state does not grow with history', () => {
  it('after 2,000 days of calls, reloads and purchases it is no larger than after 400 (and under 4 KB)', () => {
    // 400 days fill every bounded part (13 months of counters, the kept purchases and reloads).
    const young = fold(400);
    const old = fold(2_000);
    expect(old.status).toBe('open');
    expect(old.credits.purchasedSeconds).toBeGreaterThan(2_000 * min(90)); // the history did happen: purchases and reloads paid
    expect(bytes(old)).toBeLessThanOrEqual(bytes(young) + 64); // a few more digits in balances and ids
    expect(bytes(old)).toBeLessThan(4_096);
    expect(Object.keys(old.purchases)).toHaveLength(PURCHASES_KEPT);
    expect(Object.keys(old.reloads).length).toBeLessThanOrEqual(RELOADS_KEPT);
    expect(Object.keys(old.subscriptionSecondsUsedByMonth)).toHaveLength(MONTHS_KEPT);
    expect(Object.keys(old.reloadsCompletedByMonth).length).toBeLessThanOrEqual(MONTHS_KEPT);
  });

  it('keeps the latest purchases, settled ones leaving first, and the counters of the latest months', () => {
    const state = fold(400);
    expect(Object.keys(state.purchases)).toEqual(Array.from({ length: PURCHASES_KEPT }, (_, i) => `p-${400 - PURCHASES_KEPT + i}`));
    const months = Object.keys(state.subscriptionSecondsUsedByMonth).sort();
    expect(months[months.length - 1]).toBe('2025-02'); // the 400th day
    expect(state.countersFrom).toBe(months[0]);
  });

  it('a call that ends before the counted months is billed from credits only (its allowance is no longer known)', () => {
    const state = fold(400);
    const events = decide(cmd.callEnded('very-late', min(5), '2023-06-01T10:00:00Z', { at: '2025-02-06T10:00:00Z' }), state, { plans: PLANS });
    expect(events[0]?.data).toMatchObject({ month: '2023-06', subscriptionSeconds: 0, creditSeconds: min(5) });
  });
});
