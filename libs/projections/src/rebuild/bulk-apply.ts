import type { ClientBase } from 'pg';
import type { RecordedEvent } from '@billing/event-store';
import type { AnyProjection, PositionedRow, ProjectionEvent } from '../projection';
import { applyEvent } from '../projection';
import { keyString, type Table } from '../sql/table';
import { PoisonEventError, toProjectionEvent } from '../runner/apply-batch';
import type { Checkpoints } from '../runner/checkpoints';
import type { BulkSaver } from './bulk-save';

export interface BuildTarget {
  projection: AnyProjection;
  table: Table<PositionedRow>;
  saver: BulkSaver<PositionedRow>;
  /**
   * Keys of the rows this rebuild has written. Nobody else writes the new tables, so a key not in here
   * has no row to load: most batches (new ledger entries, new calls) then read nothing at all.
   */
  written: Set<string>;
}

/**
 * One batch into some of the new tables in one transaction: each event upcast once (not once per read model),
 * each table read once and written once, every checkpoint moved. The live runner's applyBatch does the
 * same per projection; a rebuild runs them together because nobody else writes these tables and round
 * trips are what it costs. An event no read model can apply fails the whole rebuild (the live runner
 * would stop at it too): PoisonEventError.
 */
export function upcastAll(batch: readonly RecordedEvent[]): ProjectionEvent[] {
  return batch.map((recorded) => {
    try {
      return toProjectionEvent(recorded);
    } catch (error) {
      throw new PoisonEventError('rebuild', recorded.id, recorded.position, recorded.type, error);
    }
  });
}

export async function applyToAll(client: ClientBase, targets: readonly BuildTarget[], checkpoints: Checkpoints, events: readonly ProjectionEvent[]): Promise<void> {
  const position = events[events.length - 1].position;
  await client.query('BEGIN');
  try {
    for (const target of targets) {
      const { saved, removed } = await foldInto(client, target, events);
      await target.saver.save(client, saved);
      await target.table.remove(client, removed);
      await checkpoints.lock(client, target.projection.name);
      await checkpoints.move(client, target.projection.name, position);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function foldInto(client: ClientBase, target: BuildTarget, events: readonly ProjectionEvent[]) {
  const { projection, table } = target;
  const keys = new Map<string, string[]>();
  const keyOfEvent = events.map((event) => {
    const key = projection.keyOf(event);
    if (key === null) return null;
    const k = keyString(key);
    keys.set(k, key);
    return k;
  });
  const existing = [...keys.entries()].filter(([k]) => target.written.has(k)).map(([, key]) => key);
  const rows: Map<string, PositionedRow | null> = await table.load(client, existing);
  const changed = new Set<string>();
  events.forEach((event, i) => {
    const k = keyOfEvent[i];
    if (k === null) return;
    try {
      rows.set(k, applyEvent(projection, rows.get(k) ?? null, event));
    } catch (error) {
      throw new PoisonEventError(projection.name, event.id, event.position, event.event.type, error);
    }
    changed.add(k);
  });
  const saved: PositionedRow[] = [];
  const removed: string[][] = [];
  for (const k of changed) {
    const row = rows.get(k);
    if (row) {
      saved.push(row);
      target.written.add(k);
    } else {
      removed.push(keys.get(k) ?? []);
      target.written.delete(k);
    }
  }
  return { saved, removed };
}
