import fc from 'fast-check';
import { BILLING_EVENT_TYPES } from './events';
import { evolveAll } from './evolve';
import { PLANS, type Run, run, scenario } from '../testing/random-runs';

/** A snapshot is this state as JSON: the target is at most 4 KB at any age. */
const STATE_JSON_BOUND = 4_096;

const property = (check: (result: Run) => void) => fc.assert(fc.property(scenario, (input) => check(run(input))), { numRuns: 250 });

describe('Properties over random command sequences', () => {
  it('the credit balance always equals purchased minus consumed credit minutes', () => {
    property(({ events, state }) => {
      let balance = 0;
      for (const event of events) {
        if (event.type === 'CreditsPurchased') balance += event.data.creditSeconds;
        if (event.type === 'CallMinutesConsumed' || event.type === 'CreditsRefunded') balance -= event.data.creditSeconds;
        if (event.type === 'CreditsPurchased' || event.type === 'CallMinutesConsumed' || event.type === 'CreditsRefunded') expect(event.data.creditBalanceAfterSeconds).toBe(balance);
      }
      expect(state.credits.balanceSeconds).toBe(balance);
      expect(state.credits.purchasedSeconds - state.credits.consumedSeconds).toBe(balance);
    });
  });

  it('refunds and lost disputes never take back more than a payment bought, and each refund id counts once', () => {
    property(({ events }) => {
      const bought: Record<string, number> = {};
      const taken: Record<string, number> = {};
      const refunds = new Set<string>();
      for (const event of events) {
        if (event.type === 'CreditsPurchased') bought[event.data.purchaseId] = event.data.creditSeconds;
        if (event.type !== 'CreditsRefunded') continue;
        expect(refunds.has(event.data.refundId)).toBe(false);
        refunds.add(event.data.refundId);
        taken[event.data.purchaseId] = (taken[event.data.purchaseId] ?? 0) + event.data.creditSeconds;
        expect(taken[event.data.purchaseId]).toBeLessThanOrEqual(bought[event.data.purchaseId] ?? 0);
      }
    });
  });

  it('reloads in any month never exceed that month\'s maximum, and at most one is in flight', () => {
    property(({ events }) => {
      let plan = PLANS[events[0]?.type === 'AccountOpened' ? events[0].data.planId : 'free'];
      let chosenMaximum = 10;
      let inFlight: string | null = null;
      const failed = new Set<string>();
      const completed: Record<string, number> = {};
      for (const event of events) {
        if (event.type === 'PlanChanged') plan = PLANS[event.data.toPlanId];
        if (event.type === 'AutoReloadConfigured') chosenMaximum = event.data.monthlyMaximum;
        if (event.type === 'AutoReloadTriggered') {
          expect(inFlight).toBeNull();
          inFlight = event.data.reloadId;
          // The maximum in force when it fires: the chosen one, capped by the plan's limit.
          expect((completed[event.data.month] ?? 0) + 1).toBeLessThanOrEqual(Math.min(chosenMaximum, plan.monthlyReloadLimit));
        }
        if (event.type === 'AutoReloadFailed') {
          failed.add(event.data.reloadId);
          inFlight = null;
        }
        if (event.type === 'CreditsPurchased' && event.data.source === 'auto_reload') {
          // The reload in flight, or one recorded as failed that was paid after all (rules/reload-failures.ts).
          if (failed.delete(event.data.purchaseId)) continue;
          expect(event.data.purchaseId).toBe(inFlight);
          inFlight = null;
          const month = event.data.reloadMonth ?? 'none';
          completed[month] = (completed[month] ?? 0) + 1;
        }
      }
      for (const count of Object.values(completed)) expect(count).toBeLessThanOrEqual(PLANS.business.monthlyReloadLimit);
    });
  });

  it('no call id is consumed twice, and every call end is consumed', () => {
    property(({ events, commands }) => {
      const consumed = events.flatMap((event) => (event.type === 'CallMinutesConsumed' ? [event.data.callId] : []));
      expect(new Set(consumed).size).toBe(consumed.length);
      const called = new Set(commands.flatMap((command) => (command.type === 'RecordCallEnded' ? [command.callId] : [])));
      expect(new Set(consumed)).toEqual(called);
    });
  });

  it('the state is plain JSON and folding all events at once gives the same state', () => {
    property(({ events, state }) => {
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      expect(evolveAll(events)).toEqual(state);
    });
  });

  it('the state stays small whatever the history: within STATE_JSON_BOUND bytes', () => {
    property(({ state }) => expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThanOrEqual(STATE_JSON_BOUND));
  });
});

describe('The generator reaches the interesting states', () => {
  it('samples include reloads, caps, failures, plan changes and repeated call ids', () => {
    const seen: Record<string, number> = {};
    for (const input of fc.sample(scenario, { numRuns: 250, seed: 42 })) {
      const { events } = run(input);
      for (const type of new Set(events.map((event) => event.type))) seen[type] = (seen[type] ?? 0) + 1;
    }
    // Every event type shows up in a fair share of runs, so the properties above are not vacuous.
    for (const type of BILLING_EVENT_TYPES) expect([type, (seen[type] ?? 0) >= 10]).toEqual([type, true]);
  });
});
