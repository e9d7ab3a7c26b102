import { accountStreamName } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import { accountNotFound } from '../http/problem';

/**
 * The account's time zone, from its opening event (the store's answer, like assertAccountExists): the
 * zone its dates and months are read in. Undefined when the account does not exist.
 */
export async function timeZoneOf(store: EventStore, accountId: string): Promise<string | undefined> {
  const [first] = await store.readStream(accountStreamName(accountId), { maxCount: 1 });
  if (!first) return undefined;
  const zone = (first.data as { timeZone?: unknown }).timeZone;
  return typeof zone === 'string' && zone ? zone : 'UTC';
}

/** timeZoneOf for a request: 404 when the account does not exist. */
export async function accountTimeZone(store: EventStore, accountId: string): Promise<string> {
  const zone = await timeZoneOf(store, accountId);
  if (zone === undefined) throw accountNotFound();
  return zone;
}
