import { idempotencyKeyOf, isBillingEventType, KEYED_EVENT_TYPES, upcast } from '@billing/domain';
import type { EventStore, KeyBackfill, KeyBackfillResult } from '@billing/event-store';

/**
 * Account streams written before idempotency keys (state version 1 kept call ids in the folded state)
 * get the keys new appends carry, at start-up and before the service answers anything, so that a call
 * billed then is still recognised as already recorded. Under the store's migration lock on PostgreSQL;
 * recorded by name when done, so later start-ups skip it; safe to run again.
 */
export const ACCOUNT_KEYS_BACKFILL: KeyBackfill = {
  name: 'billing-account-keys-v1',
  eventTypes: KEYED_EVENT_TYPES,
  keyOf: (stored) => (isBillingEventType(stored.type) ? idempotencyKeyOf(upcast(stored)) : undefined),
};

export function backfillAccountKeys(store: EventStore): Promise<KeyBackfillResult> {
  return store.backfillIdempotencyKeys(ACCOUNT_KEYS_BACKFILL);
}
