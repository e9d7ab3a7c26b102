import {
  type AccountState, type BillingCommand, type BillingEvent, keysToLookUp, purchaseFrom, purchaseKey, type PurchaseRecord,
  purchaseSettledKey, upcast, withRecorded,
} from '@billing/domain';
import type { EventStore } from '@billing/event-store';

/** The event that holds an idempotency key, upcast to its current shape; undefined when none does. */
export async function readByKey(store: EventStore, key: string): Promise<BillingEvent | undefined> {
  const stored = await store.readByIdempotencyKey(key);
  return stored ? upcast(stored) : undefined;
}

/**
 * The folded state keeps only the latest purchases and reloads. A command naming one that left it (a
 * late webhook, a retried purchase request) gets what the store recorded for it, looked up by its
 * idempotency keys (one indexed read each, at any age), so decide answers it as it always did: a repeat
 * changes nothing, the other outcome is refused, an unknown id is not found. Nothing is read when the
 * state holds it, which is the usual case.
 */
export async function withRecordedFacts(store: EventStore, command: BillingCommand, state: AccountState): Promise<BillingCommand> {
  const keys = keysToLookUp(command, state);
  if (keys.length === 0) return command;
  const found = new Map<string, BillingEvent>();
  await Promise.all(keys.map(async (key) => {
    const event = await readByKey(store, key);
    if (event) found.set(key, event);
  }));
  return withRecorded(command, found);
}

/** A purchase as the store recorded it (its start and its settlement), or undefined when it has none. */
export async function recordedPurchase(store: EventStore, accountId: string, purchaseId: string): Promise<PurchaseRecord | undefined> {
  const [started, settled] = await Promise.all([readByKey(store, purchaseKey(accountId, purchaseId)), readByKey(store, purchaseSettledKey(accountId, purchaseId))]);
  return started?.type === 'CreditPurchaseStarted' ? purchaseFrom(started, settled) : undefined;
}
