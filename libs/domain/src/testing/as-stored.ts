import type { PlanCatalogue } from '../plans/plan';
import type { BillingCommand } from '../account/commands';
import type { BillingEvent } from '../account/events';
import type { AccountState } from '../account/state';
import { decide } from '../account/decide';
import { idempotencyKeyOf, keysToLookUp, withRecorded } from '../account/recorded';

export interface StoredDecision {
  /** What the store would append: nothing when an event's idempotency key is held already. */
  events: BillingEvent[];
  /** The recorded event that holds a key of the decided events (the first result of a repeat). */
  duplicateOf?: BillingEvent;
}

/**
 * decide as the API runs it against the event store, modelled over one account's recorded events:
 * the purchase or reload the command names is looked up by key when the state no longer holds it,
 * and the decided events are refused as a whole when one of their keys is held already. Domain specs
 * use it so that their given/when/then keep saying what the service does.
 */
export function decideAsStored(command: BillingCommand, state: AccountState, recorded: readonly BillingEvent[], plans: PlanCatalogue): StoredDecision {
  const byKey = new Map<string, BillingEvent>();
  for (const event of recorded) {
    const key = idempotencyKeyOf(event);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, event);
  }
  const lookups = keysToLookUp(command, state);
  const found = new Map(lookups.flatMap((key) => (byKey.has(key) ? [[key, byKey.get(key) as BillingEvent] as const] : [])));
  const events = decide(lookups.length ? withRecorded(command, found) : command, state, { plans });
  for (const event of events) {
    const key = idempotencyKeyOf(event);
    const holder = key === undefined ? undefined : byKey.get(key);
    if (holder) return { events: [], duplicateOf: holder };
  }
  return { events };
}
