import type { ClientBase } from 'pg';
import type { RecordedEvent } from '@billing/event-store';
import { upcast } from '@billing/domain';
import type { PositionedRow, Projection, ProjectionEvent } from '../projection';
import { applyEvent } from '../projection';
import { keyString, type Table } from '../sql/table';
import type { Checkpoints } from './checkpoints';

/** An event this projection cannot apply: it stops here, and its checkpoint stays just before it. */
export class PoisonEventError extends Error {
  constructor(readonly projection: string, readonly eventId: string, readonly position: string, readonly eventType: string, cause: unknown) {
    super(`projection "${projection}" stopped at event ${eventId} (${eventType}) at position ${position}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'PoisonEventError';
  }
}

export function toProjectionEvent(recorded: RecordedEvent): ProjectionEvent {
  const event = upcast(recorded);
  return { event, id: recorded.id, position: recorded.position, streamId: recorded.streamId, recordedAt: recorded.recordedAt };
}

export interface BatchContext<Row extends PositionedRow> {
  projection: Projection<Row>;
  table: Table<Row>;
  checkpoints: Checkpoints;
  /** Test hook: runs inside the transaction, after the writes and before the commit. */
  beforeCommit?: (projection: string, events: readonly RecordedEvent[]) => Promise<void>;
}

export interface BatchResult {
  /** The checkpoint after the batch. */
  position: string;
  /** Events newer than the checkpoint that were applied (the rest had been applied before). */
  applied: number;
}

/**
 * One transaction: lock the checkpoint, skip what it already covers, fold the rest into the rows they
 * touch (one read, one upsert), move the checkpoint. A poison event commits the events before it and
 * then throws PoisonEventError.
 */
export async function applyBatch<Row extends PositionedRow>(
  client: ClientBase, context: BatchContext<Row>, batch: readonly RecordedEvent[],
): Promise<BatchResult> {
  const { projection, table, checkpoints } = context;
  const whole = fold(context, batch);
  const skipped = await skipIfNothingToWrite(client, context, batch, whole);
  if (skipped) return skipped;
  let poison: PoisonEventError | undefined;
  let result: BatchResult;
  try {
    const checkpoint = await checkpoints.begin(client, projection.name);
    const fresh = batch.filter((e) => e.position > checkpoint);
    if (fresh.length === 0) {
      await client.query('COMMIT');
      return { position: checkpoint, applied: 0 };
    }
    const folded = fresh.length === batch.length ? whole : fold(context, fresh);
    const rows = await table.load(client, [...folded.keys.values()]);
    const changed = new Map<string, Row | null>();
    let applied = 0;
    for (const [i, event] of folded.events.entries()) {
      if (event instanceof PoisonEventError) {
        poison = event;
        break;
      }
      const key = folded.keyOfEvent[i];
      if (key !== null) {
        try {
          const next = applyEvent(projection, rows.get(key) ?? null, event);
          rows.set(key, next as Row);
          changed.set(key, next);
        } catch (error) {
          poison = new PoisonEventError(projection.name, event.id, event.position, event.event.type, error);
          break;
        }
      }
      applied += 1;
    }
    const saved = [...changed.values()].filter((row): row is Row => row !== null);
    const removed = [...changed.entries()].filter(([, row]) => row === null).map(([key]) => folded.keys.get(key) ?? []);
    await table.save(client, saved);
    await table.remove(client, removed);
    const position = applied > 0 ? fresh[applied - 1].position : checkpoint;
    if (poison || context.beforeCommit || applied === 0) {
      if (applied > 0) await checkpoints.move(client, projection.name, position);
      if (poison) await checkpoints.fail(client, projection.name, poison.eventId, poison.position, poison.message);
      await context.beforeCommit?.(projection.name, fresh.slice(0, applied));
      await client.query('COMMIT');
    } else {
      await checkpoints.moveAndCommit(client, projection.name, position);
    }
    result = { position, applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined); // a no-op (a warning) if BEGIN never ran
    throw error;
  }
  if (poison) throw poison;
  return result;
}

/**
 * Most batches of a busy store hold nothing for some projections (purchases, reloads): those only move
 * their checkpoint, in one statement instead of a transaction of two round trips. A batch with an
 * unreadable event, or under the test hook, takes the full path.
 */
async function skipIfNothingToWrite<Row extends PositionedRow>(
  client: ClientBase, context: BatchContext<Row>, batch: readonly RecordedEvent[], folded: Folded,
): Promise<BatchResult | undefined> {
  if (context.beforeCommit || batch.length === 0) return undefined;
  // fold stops at an unreadable event and keeps it in `events`: one check covers both.
  if (folded.keys.size > 0 || folded.events.some((e) => e instanceof PoisonEventError)) return undefined;
  const last = batch[batch.length - 1].position;
  const before = await context.checkpoints.skipTo(client, context.projection.name, last);
  if (before === null) {
    // Already there (another owner applied this batch), or the projection's first batch ever.
    const current = (await context.checkpoints.read(client, context.projection.name)).position;
    return current >= last ? { position: current, applied: 0 } : undefined;
  }
  return { position: last, applied: batch.filter((e) => e.position > before).length };
}

interface Folded {
  /** Each event upcast, or the error that made it unreadable (and ends the batch there). */
  events: (ProjectionEvent | PoisonEventError)[];
  keyOfEvent: (string | null)[];
  keys: Map<string, string[]>;
}

/** Upcasts and keys the events before any row is read, so that one query loads every row the batch needs. */
function fold<Row extends PositionedRow>({ projection }: BatchContext<Row>, fresh: readonly RecordedEvent[]): Folded {
  const folded: Folded = { events: [], keyOfEvent: [], keys: new Map() };
  for (const recorded of fresh) {
    try {
      const event = toProjectionEvent(recorded);
      const key = projection.keyOf(event);
      const k = key === null ? null : keyString(key);
      if (key !== null && k !== null) folded.keys.set(k, key);
      folded.events.push(event);
      folded.keyOfEvent.push(k);
    } catch (error) {
      folded.events.push(new PoisonEventError(projection.name, recorded.id, recorded.position, recorded.type, error));
      folded.keyOfEvent.push(null);
      break;
    }
  }
  return folded;
}
