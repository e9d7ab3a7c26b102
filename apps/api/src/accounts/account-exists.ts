import { accountStreamName } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import { accountNotFound } from '../http/problem';

/**
 * Whether an account exists is the event store's answer, not a read model's: an account opened a
 * moment ago has an (empty) ledger, not a 404, while the projections catch up.
 */
export async function assertAccountExists(store: EventStore, accountId: string): Promise<void> {
  const [first] = await store.readStream(accountStreamName(accountId), { maxCount: 1 });
  if (!first) throw accountNotFound();
}
