import fc from 'fast-check';
import type { Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_PLANS, PLAN_IDS } from '../plans/plan';
import type { PlanCatalogue, PlanId } from '../plans/plan';
import { ACCOUNT_ID, admin, cmd, editor } from './fixtures';
import type { BillingCommand } from '../account/commands';
import type { BillingEvent } from '../account/events';
import { decideAsStored } from './as-stored';
import { evolve } from '../account/evolve';
import type { AccountState } from '../account/state';
import { initialState } from '../account/state';

/**
 * Random command sequences against one account. Commands are drawn as intents and resolved against
 * the current state (e.g. "pay the reload in flight"), so sequences reach deep states; refusals are
 * fine but must be DomainErrors. The invariants are then checked from the events alone. Commands run
 * as against the store (decideAsStored): a repeated call id is refused by its idempotency key there.
 */
export type Intent =
  | { kind: 'call'; call: number; seconds: number; lagMinutes: number }
  | { kind: 'start'; purchase: number; blocks: number; actor: Actor }
  | { kind: 'complete' | 'fail' | 'expire'; purchase: number; payCorrectly: boolean }
  | { kind: 'configure'; enabled: boolean; threshold: number | undefined; maximum: number | undefined; actor: Actor }
  | { kind: 'plan'; planId: PlanId }
  | { kind: 'card'; set: boolean }
  | { kind: 'reloadPaid' | 'reloadFailed'; code: string; stale: boolean }
  | { kind: 'refund'; purchase: number; refund: number; share: number; ofReload: boolean }
  | { kind: 'dispute'; purchase: number; status: 'opened' | 'won' | 'lost'; ofReload: boolean };

export const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];
export const START = Date.parse('2024-01-25T00:00:00Z');
/** Small allowances and limits, so that random sequences run out of minutes and hit the cap often. */
export const PLANS: PlanCatalogue = {
  free: { ...DEFAULT_PLANS.free, includedMinutes: 5 },
  starter: { ...DEFAULT_PLANS.starter, includedMinutes: 10, monthlyReloadLimit: 2 },
  pro: { ...DEFAULT_PLANS.pro, includedMinutes: 20, monthlyReloadLimit: 3 },
  business: { ...DEFAULT_PLANS.business, includedMinutes: 30, monthlyReloadLimit: 5 },
};

export const intent: fc.Arbitrary<Intent> = fc.oneof(
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

export const scenario = fc.record({
  planId: fc.constantFrom(...PLAN_IDS),
  timeZone: fc.constantFrom(...ZONES),
  /** Most runs start with a card and auto-reload on (a small maximum), the rest from a bare account. */
  autoReload: fc.option(fc.record({ threshold: fc.integer({ min: 1, max: 100 }), maximum: fc.integer({ min: 1, max: 3 }) }), { freq: 4, nil: undefined }),
  steps: fc.array(fc.record({ hoursLater: fc.oneof(fc.nat(12), fc.nat(240)), intent }), { minLength: 10, maxLength: 80 }),
});
export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

export function toCommand(intent: Intent, at: string, state: AccountState, seenReloads: string[]): BillingCommand {
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

export interface Run {
  events: BillingEvent[];
  state: AccountState;
  commands: BillingCommand[];
}

export function run({ planId, timeZone, autoReload, steps }: Scenario): Run {
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
