import type { Pool } from 'pg';
import { migrate, type MigrationSet, parsePosition, type Position, START } from '@billing/event-store';

/**
 * Where each process manager has got to in the store. Its own table (not the projections'), so a
 * read-model rebuild can never send a process back to the start.
 */
const MIGRATIONS: MigrationSet = {
  table: 'process_migrations',
  lockKey: 7_324_201,
  migrations: [
    {
      version: 1,
      name: 'process checkpoints',
      sql: `CREATE TABLE process_checkpoints (
              name text PRIMARY KEY,
              position text NOT NULL,
              updated_at timestamptz NOT NULL DEFAULT now()
            )`,
    },
    {
      version: 2,
      name: 'auto-reload charges',
      // One row per reload still to be charged, written with the checkpoint that passed its event
      // (charge-queue.ts): the subscription moves on while a charge waits for its retry, durably.
      sql: `CREATE TABLE auto_reload_charges (
              reload_id text PRIMARY KEY,
              account_id text NOT NULL,
              charge jsonb NOT NULL,
              attempts integer NOT NULL DEFAULT 0,
              first_attempt_at timestamptz,
              next_attempt_at timestamptz NOT NULL,
              last_error text,
              enqueued_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX auto_reload_charges_due ON auto_reload_charges (next_attempt_at)`,
    },
  ],
};

export class ProcessCheckpoints {
  constructor(private readonly pool: Pool) {}

  migrate(): Promise<number[]> {
    return migrate(this.pool, MIGRATIONS);
  }

  async read(name: string): Promise<Position> {
    const result = await this.pool.query('SELECT position FROM process_checkpoints WHERE name = $1', [name]);
    return result.rows[0] ? parsePosition(result.rows[0].position) : START;
  }

  /** Only ever forwards: a late write from an instance that lost ownership cannot move it back. */
  async save(name: string, position: Position): Promise<void> {
    await this.pool.query(
      `INSERT INTO process_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
       WHERE process_checkpoints.position < EXCLUDED.position`,
      [name, position],
    );
  }
}
