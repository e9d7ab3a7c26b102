import { randomUUID } from 'node:crypto';
import {
  accountStreamName, type AccountState, type Actor, type BillingCommand, type BillingEvent, decide, DEFAULT_PLANS,
  EVENT_SCHEMA_VERSIONS, evolveAll, initialState, type PlanCatalogue, type PlanId,
} from '@billing/domain';
import type { EventStore } from '@billing/event-store';

const admin: Actor = { id: 'user-admin', role: 'admin' };
const service: Actor = { id: 'svc-billing', role: 'service' };
const ZONES = ['UTC', 'America/New_York', 'Pacific/Auckland'];
/** Small monthly allowances, so that calls spend credits and auto-reloads fire often. */
export const HISTORY_PLANS: PlanCatalogue = {
  ...DEFAULT_PLANS,
  starter: { ...DEFAULT_PLANS.starter, includedMinutes: 30 },
  pro: { ...DEFAULT_PLANS.pro, includedMinutes: 60 },
  business: { ...DEFAULT_PLANS.business, includedMinutes: 90 },
};

/** Deterministic pseudo-random numbers (mulberry32): a failing history can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Account {
  id: string;
  state: AccountState;
  revision: number;
  events: BillingEvent[];
}

/**
 * Builds a realistic history through the real decider and appends it through the real store: accounts
 * that buy credits (some payments fail or expire), make calls across month ends in several time zones,
 * trigger auto-reloads that are paid or declined (some needing authentication), change plans and settings.
 */
export class History {
  readonly accounts: Account[] = [];
  private readonly next: () => number;
  private clock = Date.parse('2024-01-28T08:00:00Z');
  private counter = 0;

  constructor(private readonly store: EventStore, seed = 1) {
    this.next = random(seed);
  }

  async generate(accountCount: number, steps: number): Promise<void> {
    for (let i = 0; i < accountCount; i++) await this.open(`acc-${i}`);
    for (let i = 0; i < steps; i++) await this.step(this.pick(this.accounts));
  }

  /** Runs a command; a refused one (a domain rule said no) changes nothing. */
  async run(account: Account, command: BillingCommand): Promise<BillingEvent[]> {
    let events: BillingEvent[];
    try {
      events = decide(command, account.state, { plans: HISTORY_PLANS });
    } catch {
      return [];
    }
    if (events.length === 0) return events;
    await this.store.appendToStream(
      accountStreamName(account.id),
      events.map((e) => ({ id: randomUUID(), type: e.type, schemaVersion: EVENT_SCHEMA_VERSIONS[e.type], data: e.data as never })),
      { expectedRevision: account.revision < 0 ? 'no_stream' : account.revision },
    );
    account.state = evolveAll(events, account.state);
    account.revision += events.length;
    account.events.push(...events);
    return events;
  }

  private async open(id: string): Promise<void> {
    const account: Account = { id, state: initialState(), revision: -1, events: [] };
    this.accounts.push(account);
    const planId = this.pick<PlanId>(['starter', 'pro', 'starter']);
    await this.run(account, { type: 'OpenAccount', accountId: id, at: this.now(), actor: service, planId, timeZone: this.pick(ZONES), stripeCustomerId: `cus_${id}` });
    await this.run(account, { type: 'SetPaymentMethodOnFile', accountId: id, at: this.now(), actor: service, paymentMethodId: `pm_${id}` });
    const thresholdMinutes = 10 + Math.floor(this.next() * 40);
    await this.run(account, { type: 'ConfigureAutoReload', accountId: id, at: this.now(), actor: admin, enabled: true, thresholdMinutes, monthlyMaximum: 2 + Math.floor(this.next() * 3) });
    await this.purchase(account, 'complete');
  }

  private async step(account: Account): Promise<void> {
    const id = account.id;
    const roll = this.next();
    const inFlight = account.state.autoReload.reloadInFlight;
    if (inFlight && roll < 0.5) {
      const fail = this.next() < 0.3;
      const at = this.now();
      const command: BillingCommand = fail
        ? { type: 'FailAutoReload', accountId: id, at, actor: service, reloadId: inFlight, reasonCode: this.next() < 0.2 ? 'authentication_required' : 'card_declined' }
        : { type: 'CompleteAutoReload', accountId: id, at, actor: service, reloadId: inFlight, paymentReference: `pi_${inFlight}` };
      await this.run(account, command);
    } else if (roll < 0.75) {
      const endedAt = this.now();
      await this.run(account, { type: 'RecordCallEnded', accountId: id, at: endedAt, actor: service, callId: `call-${this.counter++}`, durationSeconds: 30 + Math.floor(this.next() * 4_000), endedAt });
    } else if (roll < 0.88) {
      await this.purchase(account, this.pick(['complete', 'complete', 'fail', 'expire', 'pending'] as const));
    } else if (roll < 0.91) {
      const planId = this.pick<PlanId>(['free', 'starter', 'pro', 'business', 'starter', 'pro']);
      await this.run(account, { type: 'ChangePlan', accountId: id, at: this.now(), actor: service, planId });
    } else {
      const enabled = this.next() < 0.8;
      await this.run(account, { type: 'ConfigureAutoReload', accountId: id, at: this.now(), actor: admin, enabled, thresholdMinutes: 5 + Math.floor(this.next() * 60), monthlyMaximum: 1 + Math.floor(this.next() * 4) });
    }
  }

  private async purchase(account: Account, outcome: 'complete' | 'fail' | 'expire' | 'pending'): Promise<void> {
    const id = account.id;
    const purchaseId = `pur-${this.counter++}`;
    const started = await this.run(account, { type: 'StartCreditPurchase', accountId: id, at: this.now(), actor: admin, purchaseId, blocks: 1 + Math.floor(this.next() * 3) });
    const start = started.find((e) => e.type === 'CreditPurchaseStarted');
    if (!start || start.type !== 'CreditPurchaseStarted' || outcome === 'pending') return;
    const at = this.now();
    if (outcome === 'complete') {
      await this.run(account, { type: 'CompleteCreditPurchase', accountId: id, at, actor: service, purchaseId, paymentReference: `pi_${purchaseId}`, amountPaid: start.data.total });
    } else if (outcome === 'fail') {
      await this.run(account, { type: 'FailCreditPurchase', accountId: id, at, actor: service, purchaseId, failureCode: 'card_declined' });
    } else {
      await this.run(account, { type: 'ExpireCreditPurchase', accountId: id, at, actor: service, purchaseId });
    }
  }

  /** Time moves on 1 to 12 hours per command, so histories cross month ends in every time zone. */
  private now(): string {
    this.clock += (1 + Math.floor(this.next() * 12)) * 3_600_000;
    return new Date(this.clock).toISOString();
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
