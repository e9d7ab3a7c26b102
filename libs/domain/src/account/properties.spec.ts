import fc from 'fast-check';
import type { Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_PLANS, PLAN_IDS } from '../plans/plan';
import type { PlanCatalogue, PlanId } from '../plans/plan';
import { ACCOUNT_ID, admin, cmd, editor } from '../testing/fixtures';
import type { BillingCommand } from './commands';
import type { BillingEvent } from './events';
import { BILLING_EVENT_TYPES } from './events';
import { decideAsStored } from '../testing/as-stored';
import { evolve, evolveAll } from './evolve';
import type { AccountState } from './state';
import { initialState } from './state';

/** A snapshot is this state as JSON: the target is at most 4 KB at any age. */
const STATE_JSON_BOUND = 4_096;

/**
 * Random command sequences against one account. Commands are drawn as intents and resolved against
 * the current state (e.g. "pay the reload in flight"), so sequences reach deep states; refusals are
 * fine but must be DomainErrors. The invariants are then checked from the events alone. Commands run
 * as against the store (decideAsStored): a repeated call id is refused by its idempotency key there.
 */
type Intent =
  | { kind: 'call'; call: number; seconds: number; lagMinutes: number }
  | { kind: 'start'; purchase: number; blocks: number; actor: Actor }
  | { kind: 'complete' | 'fail' | 'expire'; purchase: number; payCorrectly: boolean }
  | { kind: 'configure'; enabled: boolean; threshold: number | undefined; maximum: number | undefined; actor: Actor }
  | { kind: 'plan'; planId: PlanId }
  | { kind: 'card'; set: boolean }
  | { kind: 'reloadPaid' | 'reloadFailed'; code: string; stale: boolean }
  | { kind: 'refund'; purchase: number; refund: number; share: number; ofReload: boolean }
  | { kind: 'dispute'; purchase: number; status: 'opened' | 'won' | 'lost'; ofReload: boolean };

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
const START = Date.parse('2024-01-25T00:00:00Z');
/** Small allowances and limits, so that random sequences run out of minutes and hit the cap often. */
const PLANS: PlanCatalogue = {
  free: { ...DEFAULT_PLANS.free, includedMinutes: 5 },
  starter: { ...DEFAULT_PLANS.starter, includedMinutes: 10, monthlyReloadLimit: 2 },
  pro: { ...DEFAULT_PLANS.pro, includedMinutes: 20, monthlyReloadLimit: 3 },
  business: { ...DEFAULT_PLANS.business, includedMinutes: 30, monthlyReloadLimit: 5 },
};

const intent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('call' as const), call: fc.nat(30), seconds: fc.oneof(fc.nat(900), fc.nat(8_000)), lagMinutes: fc.nat(120) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), purchase: fc.nat(5), blocks: fc.integer({ min: -1, max: 101 }), actor: fc.constantFrom(admin, admin, editor) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('complete' as const, 'fail' as const, 'expire' as const), purchase: fc.nat(5), payCorrectly: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('configure' as const),
      enabled: fc.boolean(),
      threshold: fc.option(fc.integer({ min: 0, max: 101 }), { nil: undefined }),
      maximum: fc.option(fc.integer({ min: 0, max: 101 }), { nil: undefined }),
      actor: fc.constantFrom(admin, admin, admin, editor),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('plan' as const), planId: fc.constantFrom(...PLAN_IDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('card' as const), set: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('reloadPaid' as const, 'reloadFailed' as const),
      code: fc.constantFrom('card_declined', 'insufficient_funds', 'authentication_required'),
      stale: fc.boolean(),
    }),
  },
  // A refund's share of the payment in percent (past 100: more than was paid, which takes no more than the purchase).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), purchase: fc.nat(5), refund: fc.nat(3), share: fc.integer({ min: 1, max: 120 }), ofReload: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispute' as const), purchase: fc.nat(5), status: fc.constantFrom('opened' as const, 'won' as const, 'lost' as const), ofReload: fc.boolean() }) },
);

const scenario = fc.record({
  planId: fc.constantFrom(...PLAN_IDS),
  timeZone: fc.constantFrom(...ZONES),
  /** Most runs start with a card and auto-reload on (a small maximum), the rest from a bare account. */
  autoReload: fc.option(fc.record({ threshold: fc.integer({ min: 1, max: 100 }), maximum: fc.integer({ min: 1, max: 3 }) }), { freq: 4, nil: undefined }),
  steps: fc.array(fc.record({ hoursLater: fc.oneof(fc.nat(12), fc.nat(240)), intent }), { minLength: 10, maxLength: 80 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function toCommand(intent: Intent, at: string, state: AccountState, seenReloads: string[]): BillingCommand {
  const base = { accountId: ACCOUNT_ID, at };
  switch (intent.kind) {
    case 'call':
      return cmd.callEnded(`c${intent.call}`, intent.seconds, new Date(Date.parse(at) - intent.lagMinutes * 60_000).toISOString(), { at });
    case 'start':
      return cmd.startPurchase(`p${intent.purchase}`, intent.blocks, { ...base, actor: intent.actor });
    case 'complete': {
      const total = state.purchases[`p${intent.purchase}`]?.total.amount ?? 100;
      return cmd.completePurchase(`p${intent.purchase}`, intent.payCorrectly ? total : total + 1, base);
    }
    case 'fail':
      return { ...cmd.failPurchase(`p${intent.purchase}`), at };
    case 'expire':
      return { ...cmd.expirePurchase(`p${intent.purchase}`), at };
    case 'configure':
      return cmd.configure(intent.enabled, intent.threshold, intent.maximum, { ...base, actor: intent.actor });
    case 'plan':
      return cmd.changePlan(intent.planId, base);
    case 'card':
      return intent.set ? cmd.setCard('pm_1', at) : cmd.removeCard(at);
    case 'reloadPaid':
    case 'reloadFailed': {
      const reloadId = intent.stale || state.autoReload.reloadInFlight === null ? (seenReloads[0] ?? 'reload-none') : state.autoReload.reloadInFlight;
      return intent.kind === 'reloadPaid' ? cmd.completeReload(reloadId, at) : cmd.failReload(reloadId, intent.code, at);
    }
    case 'refund':
    case 'dispute': {
      const id = intent.ofReload ? (seenReloads[intent.purchase % Math.max(seenReloads.length, 1)] ?? 'reload-none') : `p${intent.purchase}`;
      const total = (state.purchases[id] ?? state.reloads[id])?.total.amount ?? 100;
      if (intent.kind === 'dispute') return { ...cmd.dispute(id, `dp_${id}`, intent.status, total), at };
      return { ...cmd.refund(id, `re_${id}_${intent.refund}`, Math.max(1, Math.floor((total * intent.share) / 100))), at };
    }
  }
}

interface Run {
  events: BillingEvent[];
  state: AccountState;
  commands: BillingCommand[];
}

function run({ planId, timeZone, autoReload, steps }: Scenario): Run {
  let state = initialState();
  const events: BillingEvent[] = [];
  const opened = new Date(START).toISOString();
  const commands: BillingCommand[] = [cmd.open(planId, { timeZone, at: opened })];
  if (autoReload) commands.push(cmd.setCard('pm_1', opened), cmd.configure(true, autoReload.threshold, autoReload.maximum, { at: opened }));
  const seenReloads: string[] = [];
  const apply = (command: BillingCommand) => {
    let decided: BillingEvent[] = [];
    try {
      decided = decideAsStored(command, state, events, PLANS).events;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    for (const event of decided) {
      state = evolve(state, event);
      if (event.type === 'AutoReloadTriggered') seenReloads.push(event.data.reloadId);
    }
    events.push(...decided);
  };
  commands.forEach(apply);
  let millis = START;
  for (const step of steps) {
    millis += step.hoursLater * 3_600_000;
    // Resolved against the state reached so far, e.g. "pay the reload in flight".
    const command = toCommand(step.intent, new Date(millis).toISOString(), state, seenReloads);
    commands.push(command);
    apply(command);
  }
  return { events, state, commands };
}

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
