import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { ACCOUNT_STATE_VERSION, type AccountState } from '@billing/domain';
import { migrate, type MigrationSet, withRetry } from '@billing/event-store';
import { PG_POOL } from '../infrastructure/tokens';
import type { CachedAccount } from './state-cache';

const MIGRATIONS: MigrationSet = {
  table: 'snapshot_migrations',
  lockKey: 7_324_301,
  migrations: [
    {
      version: 1,
      name: 'account snapshots',
      sql: `CREATE TABLE account_snapshots (
              account_id    text PRIMARY KEY,
              revision      bigint NOT NULL,      -- the stream revision the state covers
              state_version integer NOT NULL,     -- ACCOUNT_STATE_VERSION of the code that folded it
              state         json NOT NULL,
              taken_at      timestamptz NOT NULL DEFAULT now()
            )`,
    },
  ],
};

/** The same pair as the in-memory cache keeps: a folded state and the stream revision it covers. */
export type Snapshot = CachedAccount;

/**
 * An account's folded state at a revision, so that a process without it in memory (just started, or
 * past the cache's capacity) reads the snapshot and the events after it instead of the whole stream.
 * Only ever a shortcut: the stream is the truth, a snapshot of another state version is ignored, and
 * losing the table costs time, not correctness. Lives in PostgreSQL with the read models, whichever
 * event store is configured.
 */
@Injectable()
export class AccountSnapshots implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await withRetry(() => migrate(this.pool, MIGRATIONS), { attempts: 10, initialDelayMs: 200 });
  }

  async load(accountId: string): Promise<Snapshot | undefined> {
    const { rows } = await this.pool.query<{ revision: string; state: AccountState }>({
      name: 'snapshot_load',
      text: 'SELECT revision::text, state FROM account_snapshots WHERE account_id = $1 AND state_version = $2',
      values: [accountId, ACCOUNT_STATE_VERSION],
    });
    return rows[0] ? { state: rows[0].state, revision: Number(rows[0].revision) } : undefined;
  }

  /** Keeps the newest: a slower process cannot replace a later snapshot with an older one. */
  async save(accountId: string, snapshot: Snapshot): Promise<void> {
    await this.pool.query({
      name: 'snapshot_save',
      text: `INSERT INTO account_snapshots (account_id, revision, state_version, state) VALUES ($1, $2, $3, $4)
             ON CONFLICT (account_id) DO UPDATE SET revision = EXCLUDED.revision, state_version = EXCLUDED.state_version,
               state = EXCLUDED.state, taken_at = now()
             WHERE account_snapshots.revision < EXCLUDED.revision OR account_snapshots.state_version <> EXCLUDED.state_version`,
      values: [accountId, snapshot.revision, ACCOUNT_STATE_VERSION, JSON.stringify(snapshot.state)],
    });
  }
}
