import type { Pool, PoolClient } from 'pg';
import type { KeyBackfill, KeyBackfillResult } from '../event-store';
import { EVENT_STORE_MIGRATIONS } from './schema';

const BATCH = 5_000;

/**
 * Gives events written before idempotency keys existed the keys the application derives from them, so
 * that a fact recorded then (a call billed last year) is refused a second time like one recorded now.
 * Runs under the event store's migration lock (start-ups of several processes take turns), is recorded
 * by name when it completes (the next start-up skips it) and is safe to run again after a crash half
 * way or twice by hand: it only fills keys that are NULL, and never a key another event holds already
 * (the first event with a key keeps it; a later one with the same key is counted as skipped).
 * Events are read in the store's order along its position index, a batch at a time.
 */
export async function backfillIdempotencyKeys(pool: Pool, backfill: KeyBackfill): Promise<KeyBackfillResult> {
  const client = await pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [EVENT_STORE_MIGRATIONS.lockKey]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS es_backfills (
        name text PRIMARY KEY, keyed bigint NOT NULL, skipped bigint NOT NULL, done_at timestamptz NOT NULL DEFAULT now())`);
      const done = await client.query('SELECT 1 FROM es_backfills WHERE name = $1', [backfill.name]);
      if (done.rowCount) return { keyed: 0, skipped: 0, alreadyDone: true };
      const result = await fill(client, backfill);
      await client.query('INSERT INTO es_backfills (name, keyed, skipped) VALUES ($1, $2, $3)', [backfill.name, result.keyed, result.skipped]);
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [EVENT_STORE_MIGRATIONS.lockKey]);
    }
  } finally {
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
}

async function fill(client: PoolClient, backfill: KeyBackfill): Promise<KeyBackfillResult> {
  let keyed = 0;
  let skipped = 0;
  let after: [string, string] = ['0', '0'];
  for (;;) {
    const { rows } = await client.query<{ tx: string; gp: string; id: string; type: string; version: number; data: Record<string, unknown>; key: string | null }>(
      `SELECT e.transaction_id::text AS tx, e.global_position::text AS gp, e.event_id AS id, e.type, e.schema_version AS version, e.data, e.idempotency_key AS key
         FROM es_events e WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND e.type = ANY ($3::text[])
         ORDER BY e.transaction_id, e.global_position LIMIT $4`,
      [after[0], after[1], backfill.eventTypes, BATCH],
    );
    if (rows.length === 0) return { keyed, skipped, alreadyDone: false };
    after = [rows[rows.length - 1].tx, rows[rows.length - 1].gp];
    const ids: string[] = [];
    const keys: string[] = [];
    const inBatch = new Set<string>();
    for (const row of rows) {
      if (row.key !== null) continue;
      const key = backfill.keyOf({ type: row.type, schemaVersion: row.version, data: row.data });
      if (key === undefined) continue;
      if (inBatch.has(key)) {
        skipped += 1;
        continue;
      }
      inBatch.add(key);
      ids.push(row.id);
      keys.push(key);
    }
    if (ids.length === 0) continue;
    const updated = await client.query(
      `UPDATE es_events e SET idempotency_key = v.key FROM unnest($1::uuid[], $2::text[]) AS v(id, key)
        WHERE e.event_id = v.id AND e.idempotency_key IS NULL
          AND NOT EXISTS (SELECT 1 FROM es_events o WHERE o.idempotency_key = v.key AND o.idempotency_key IS NOT NULL)`,
      [ids, keys],
    );
    keyed += updated.rowCount ?? 0;
    skipped += ids.length - (updated.rowCount ?? 0);
  }
}
