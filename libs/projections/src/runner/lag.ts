import type { Pool } from 'pg';
import { ACCOUNT_STREAM_PREFIX } from '@billing/domain';
import { parsePosition, type EventStore } from '@billing/event-store';
import type { Checkpoints } from './checkpoints';

/** Counting stops here: past it, "at least this many" is all a dashboard needs, and reading stays cheap. */
export const LAG_COUNT_LIMIT = 1_000;

export interface ProjectionLag {
  projection: string;
  checkpoint: string;
  head: string | null;
  /** Billing events after the checkpoint, up to LAG_COUNT_LIMIT. */
  eventsBehind: number;
  /** True when there are more than eventsBehind. */
  eventsBehindAtLeast: boolean;
  /** How long the oldest event not yet applied has been in the store; 0 when caught up. */
  secondsBehind: number;
  /** The poison event's id when the projection stopped at one. */
  failedEventId: string | null;
}

export async function lagOf(store: EventStore, pool: Pool, checkpoints: Checkpoints, names: readonly string[], now = new Date()): Promise<ProjectionLag[]> {
  const head = (await store.headPosition()) ?? null;
  return Promise.all(
    names.map(async (projection) => {
      const checkpoint = await checkpoints.read(pool, projection);
      const pending = head === null || checkpoint.position >= head
        ? []
        : await store.readAll({ fromPosition: parsePosition(checkpoint.position), maxCount: LAG_COUNT_LIMIT + 1, filter: { streamPrefixes: [ACCOUNT_STREAM_PREFIX] } });
      const oldest = pending[0]?.recordedAt;
      return {
        projection, checkpoint: checkpoint.position, head, eventsBehind: Math.min(pending.length, LAG_COUNT_LIMIT),
        eventsBehindAtLeast: pending.length > LAG_COUNT_LIMIT,
        secondsBehind: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1_000) : 0,
        failedEventId: checkpoint.failedEventId,
      };
    }),
  );
}
