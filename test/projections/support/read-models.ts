import type { Pool } from 'pg';
import { ALL_PROJECTIONS, type AnyProjection, replay, Table, toProjectionEvent } from '@billing/projections';
import { encodePosition, type EventStore, type RecordedEvent, sleep } from '@billing/event-store';

/** Every event in the store, in store order. */
export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ fromPosition: events.at(-1)?.position, maxCount: 5_000 });
    events.push(...batch);
    if (batch.length < 5_000) return events;
  }
}

const byKey = (table: Table<Record<string, unknown>>) => (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const ka = JSON.stringify(table.keyOf(a));
  const kb = JSON.stringify(table.keyOf(b));
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Each read model's rows as stored in `schema`, in key order (JavaScript's, to match replay()). */
export async function storedReadModels(pool: Pool, schema = 'public', projections: readonly AnyProjection[] = ALL_PROJECTIONS): Promise<Record<string, unknown[]>> {
  const client = await pool.connect();
  try {
    const result: Record<string, unknown[]> = {};
    for (const projection of projections) {
      const table = new Table<Record<string, unknown>>(projection.table, schema);
      result[projection.name] = (await table.all(client)).sort(byKey(table));
    }
    return result;
  } finally {
    client.release();
  }
}

/** The same read models folded in memory from every event: a fresh replay. */
export function replayedReadModels(events: readonly RecordedEvent[], projections: readonly AnyProjection[] = ALL_PROJECTIONS): Record<string, unknown[]> {
  const upcast = events.map(toProjectionEvent);
  return Object.fromEntries(projections.map((p) => [p.name, replay(p, upcast)]));
}

/**
 * Waits until every checkpoint in `schema` is at the store's head. The head is read again each time:
 * while any write transaction is open (a projection's batch too) the head a reader may see is older.
 */
/**
 * Every checkpoint at the newest committed event, once the store's head (read under its visibility rule)
 * has reached it too. Other test files share the server, and a transaction one of them holds open keeps
 * the visibility horizon back for every database on it: "checkpoints at the head" alone could then pass
 * while events just written are not readable yet (an auditor test saw 7 of its 10 events once).
 */
export async function waitForCheckpoints(pool: Pool, head: () => Promise<string | undefined>, options: { schema?: string; count?: number; timeoutMs?: number; only?: readonly string[] } = {}): Promise<void> {
  const { schema = 'public', count = ALL_PROJECTIONS.length, timeoutMs = 20_000, only } = options;
  const until = Date.now() + timeoutMs;
  let last: unknown[] = [];
  while (Date.now() < until) {
    const result = await pool.query(`SELECT name, position FROM ${schema}.projection_checkpoints`).catch(() => ({ rows: [] }));
    last = result.rows;
    const position = await head();
    const watched = result.rows.filter((r: { name: string }) => !only || only.includes(r.name));
    if (result.rows.length === count && position === (await newestCommitted(pool)) && watched.every((r: { position: string }) => r.position === position)) return;
    await sleep(50);
  }
  throw new Error(`checkpoints did not reach the head (${await head()}, newest committed ${await newestCommitted(pool)}) within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** The position of the newest committed event, whatever the visibility horizon says. */
async function newestCommitted(pool: Pool): Promise<string | undefined> {
  const { rows } = await pool.query(`SELECT transaction_id::text AS tx, global_position::text AS gp FROM es_events
    ORDER BY transaction_id DESC, global_position DESC LIMIT 1`);
  return rows[0] ? encodePosition(BigInt(rows[0].tx), BigInt(rows[0].gp)) : undefined;
}

/**
 * The live tables once they agree with a replay of every event (or after 20 s). The head is read
 * under the store's visibility rule, so on a busy server (other test files share it) it can trail the
 * writes just made, and "checkpoints at the head" alone can come a moment early.
 */
export async function convergedReadModels(pool: Pool, store: EventStore): Promise<Record<string, unknown[]>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const stored = await storedReadModels(pool);
    if (JSON.stringify(stored) === JSON.stringify(replayedReadModels(await allEvents(store))) || Date.now() > deadline) return stored;
    await sleep(100);
  }
}
