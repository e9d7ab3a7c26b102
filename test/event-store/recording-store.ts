import type { Pool } from 'pg';
import { createPool, encodePosition, type Position, PostgresEventStore, type PostgresEventStoreOptions } from '@billing/event-store';

/** The store on a real pool whose read-all calls are recorded with the position they start after. */
export async function openRecordingStore(
  url: string, options: Partial<PostgresEventStoreOptions> = {},
): Promise<{ store: PostgresEventStore; pool: Pool; startsAfter: Position[] }> {
  const pool = createPool({ connectionString: url });
  const store = await PostgresEventStore.open({ connectionString: url, pool, pollIntervalMs: 100, ...options });
  const startsAfter: Position[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const { name, values = [] } = args[0] as { name?: string; values?: string[] };
    if (name?.startsWith('es_read_all')) startsAfter.push(encodePosition(BigInt(values[0]), BigInt(values[1])));
    return query(...args);
  };
  return { store, pool, startsAfter };
}
