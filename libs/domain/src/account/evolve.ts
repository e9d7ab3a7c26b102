import type { Keyed } from '../shared/records';
import { lookup, setEntry } from '../shared/records';
import type { BillingEvent } from './events';
import type { AccountState } from './state';
import { evolveAutoReload } from './auto-reload-evolution';
import { initialState, MONTHS_KEPT, PURCHASES_KEPT, RELOADS_KEPT } from './state';

type Collection = 'subscriptionSecondsUsedByMonth' | 'reloadsCompletedByMonth' | 'purchases' | 'reloads';

/**
 * A working copy: the top level is copied once, each keyed collection on its first write. That keeps `evolve` from ever mutating its input while `evolveAll` replays a long history
 * in linear time.
 */
class Draft {
  readonly state: AccountState;
  private readonly owned = new Set<string>();

  constructor(from: AccountState) {
    this.state = { ...from };
  }

  put<K extends Collection>(collection: K, key: string, value: AccountState[K][string]): void {
    if (!this.owned.has(collection)) {
      this.state[collection] = { ...this.state[collection] } as AccountState[K];
      this.owned.add(collection);
    }
    setEntry(this.state[collection] as Keyed<AccountState[K][string]>, key, value);
  }

  remove<K extends Collection>(collection: K, key: string): void {
    if (!this.owned.has(collection)) {
      this.state[collection] = { ...this.state[collection] } as AccountState[K];
      this.owned.add(collection);
    }
    delete (this.state[collection] as Keyed<unknown>)[key];
  }

  /** Adds to a month's counter and keeps only the MONTHS_KEPT latest months (see countersFrom). */
  count(collection: 'subscriptionSecondsUsedByMonth' | 'reloadsCompletedByMonth', month: string, add: number): void {
    this.put(collection, month, (lookup(this.state[collection], month) ?? 0) + add);
    const months = Object.keys(this.state[collection]);
    if (months.length <= MONTHS_KEPT) return;
    months.sort();
    for (const old of months.slice(0, months.length - MONTHS_KEPT)) this.remove(collection, old);
    if (collection === 'subscriptionSecondsUsedByMonth') this.state.countersFrom = months[months.length - MONTHS_KEPT];
  }

  /** Keeps at most `max` records: the oldest settled one leaves first, then the oldest other than `keep`. */
  bound(collection: 'purchases' | 'reloads', max: number, keep: string | null): void {
    const entries = Object.entries(this.state[collection] as Keyed<{ status: string }>);
    let excess = entries.length - max;
    for (const settledFirst of [true, false]) {
      for (const [id, record] of entries) {
        if (excess <= 0) return;
        if (id === keep || (settledFirst && record.status === 'pending')) continue;
        if (!Object.hasOwn(this.state[collection], id)) continue;
        this.remove(collection, id);
        excess -= 1;
      }
    }
  }
}

/** Applies one event (current schema version) to the state; returns a new state. */
export function evolve(state: AccountState, event: BillingEvent): AccountState {
  const draft = new Draft(state);
  apply(draft, event);
  return draft.state;
}

/** Folds a sequence of events: the way to load an account from a snapshot and its tail. */
export function evolveAll(events: Iterable<BillingEvent>, from: AccountState = initialState()): AccountState {
  const draft = new Draft(from);
  for (const event of events) apply(draft, event);
  return draft.state;
}

function apply(draft: Draft, event: BillingEvent): void {
  const s = draft.state;
  s.autoReload = evolveAutoReload(s.autoReload, event);
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, planId, timeZone, stripeCustomerId } = event.data;
      Object.assign(s, { status: 'open', accountId, planId, timeZone, stripeCustomerId });
      return;
    }
    case 'PlanChanged':
      s.planId = event.data.toPlanId;
      return;
    case 'PaymentMethodOnFileSet':
      s.paymentMethodId = event.data.paymentMethodId;
      return;
    case 'PaymentMethodOnFileRemoved':
      s.paymentMethodId = null;
      return;
    case 'CreditPurchaseStarted': {
      const { purchaseId, blocks, ratePerMinute, total, at } = event.data;
      draft.put('purchases', purchaseId, { status: 'pending', blocks, ratePerMinute, total, startedAt: at, paymentReference: null });
      draft.bound('purchases', PURCHASES_KEPT, purchaseId);
      return;
    }
    case 'CreditsPurchased': {
      const { purchaseId, source, creditSeconds, paymentReference, reloadMonth } = event.data;
      s.credits = {
        ...s.credits,
        balanceSeconds: s.credits.balanceSeconds + creditSeconds,
        purchasedSeconds: s.credits.purchasedSeconds + creditSeconds,
      };
      if (source === 'manual') {
        const purchase = lookup(s.purchases, purchaseId);
        if (purchase) draft.put('purchases', purchaseId, { ...purchase, status: 'completed', paymentReference });
        return;
      }
      const reload = lookup(s.reloads, purchaseId);
      if (reload) draft.put('reloads', purchaseId, { ...reload, status: 'completed', paymentReference });
      const month = reloadMonth ?? reload?.month;
      if (month !== undefined) draft.count('reloadsCompletedByMonth', month, 1);
      return;
    }
    case 'CreditPurchaseFailed': {
      const purchase = lookup(s.purchases, event.data.purchaseId);
      const status = event.data.reason === 'expired' ? 'expired' : 'failed';
      if (purchase) draft.put('purchases', event.data.purchaseId, { ...purchase, status });
      return;
    }
    case 'CallMinutesConsumed': {
      const { month, subscriptionSeconds, creditSeconds, creditBalanceAfterSeconds } = event.data;
      // The call id is not kept: the store's idempotency key bills it once (see idempotency-keys.ts).
      draft.count('subscriptionSecondsUsedByMonth', month, subscriptionSeconds);
      s.credits = { ...s.credits, balanceSeconds: creditBalanceAfterSeconds, consumedSeconds: s.credits.consumedSeconds + creditSeconds };
      return;
    }
    case 'AutoReloadConfigured':
    case 'AutoReloadDisabled':
    case 'MonthlyCapReached':
      // Only auto-reload changes (evolveAutoReload, above); the pause is derived from the month's count.
      return;
    case 'AutoReloadTriggered': {
      const { reloadId, callId, month, blocks, ratePerMinute, total } = event.data;
      draft.put('reloads', reloadId, { status: 'pending', callId, month, blocks, ratePerMinute, total, paymentReference: null, reasonCode: null });
      draft.bound('reloads', RELOADS_KEPT, reloadId);
      return;
    }
    case 'AutoReloadFailed': {
      const { reloadId, reasonCode } = event.data;
      const reload = lookup(s.reloads, reloadId);
      if (reload) draft.put('reloads', reloadId, { ...reload, status: 'failed', reasonCode });
      return;
    }
    case 'CreditsRefunded': {
      // purchasedSeconds is net of refunds, so that purchased − consumed stays the balance.
      const { creditSeconds, creditBalanceAfterSeconds } = event.data;
      s.credits = { ...s.credits, balanceSeconds: creditBalanceAfterSeconds, purchasedSeconds: s.credits.purchasedSeconds - creditSeconds };
      return;
    }
    case 'PaymentDisputed':
      // Recorded for the history; a lost dispute's minutes leave with its CreditsRefunded.
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown event: ${JSON.stringify(unhandled)}`);
    }
  }
}
