import { ACCOUNT_STREAM_PREFIX, accountStreamName } from '@billing/domain';
import { type EventStore, parsePosition, type Position, type RecordedEvent } from '@billing/event-store';

export interface FeedFilter {
  types?: string[];
  accountId?: string;
}

/** One event as downstream services receive it: as stored, with its schema version and position. */
export function feedItem(e: RecordedEvent) {
  return {
    id: e.id, type: e.type, schemaVersion: e.schemaVersion, stream: e.streamId, position: e.position,
    recordedAt: e.recordedAt.toISOString(), data: e.data, metadata: e.metadata,
  };
}

export function storeFilter(filter: FeedFilter) {
  return {
    eventTypes: filter.types?.length ? filter.types : undefined,
    // Only billing streams; one account's stream when asked (the prefix alone would also match acc_10 for acc_1).
    streamPrefixes: [filter.accountId ? accountStreamName(filter.accountId) : ACCOUNT_STREAM_PREFIX],
  };
}

export function matches(filter: FeedFilter, e: RecordedEvent): boolean {
  return !filter.accountId || e.streamId === accountStreamName(filter.accountId);
}

/** A page of the feed after a position, filtered exactly, in store order. */
export async function readFeed(store: EventStore, after: string | undefined, limit: number, filter: FeedFilter): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let from: Position | undefined = after ? parsePosition(after) : undefined;
  for (;;) {
    const batch = await store.readAll({ fromPosition: from, maxCount: limit, filter: storeFilter(filter) });
    for (const e of batch) if (matches(filter, e) && out.length < limit) out.push(e);
    if (out.length >= limit || batch.length < limit) return out;
    from = batch[batch.length - 1].position;
  }
}
