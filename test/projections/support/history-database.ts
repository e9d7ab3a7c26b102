import type { Pool } from 'pg';
import { createPool, PostgresEventStore } from '@billing/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { History } from './history';

export interface HistoryDatabase {
  db: TestDatabase;
  pool: Pool;
  store: PostgresEventStore;
  history: History;
  close(): Promise<void>;
}

export interface HistoryDatabaseOptions {
  /** Seed of the generated history (same seed, same events). */
  seed: number;
  accounts: number;
  commands: number;
  poolMax?: number;
  pollIntervalMs?: number;
}

/** A fresh database holding a generated billing history, with a pool and a store on it. */
export async function openHistoryDatabase(options: HistoryDatabaseOptions): Promise<HistoryDatabase> {
  const db = await createTestDatabase();
  const pool = createPool({ connectionString: db.url, max: options.poolMax ?? 10 });
  const store = await PostgresEventStore.open({ connectionString: db.url, pool, pollIntervalMs: options.pollIntervalMs ?? 100 });
  const history = new History(store, options.seed);
  await history.generate(options.accounts, options.commands);
  return {
    db, pool, store, history,
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}
