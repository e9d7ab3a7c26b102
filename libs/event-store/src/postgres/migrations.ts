import type { Pool, PoolClient } from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationSet {
  /** Table that records which versions are applied. */
  table: string;
  /** Advisory lock key: serialises start-ups of several processes on one database. */
  lockKey: number;
  migrations: readonly Migration[];
}

/**
 * Applies the pending migrations of a set, each in its own transaction, under an advisory lock,
 * so that running it twice or from two processes at once is safe.
 * Returns the versions it applied.
 */
export async function migrate(pool: Pool, set: MigrationSet): Promise<number[]> {
  const client = await pool.connect();
  try {
    // Waiting behind another process's migrations may take longer than a statement normally may.
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [set.lockKey]);
    try {
      return await applyPending(client, set);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [set.lockKey]);
    }
  } finally {
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
}

async function applyPending(client: PoolClient, set: MigrationSet): Promise<number[]> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${set.table} (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const done = new Set((await client.query(`SELECT version FROM ${set.table}`)).rows.map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of [...set.migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${set.table} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`migration ${set.table} v${migration.version} (${migration.name}) failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    applied.push(migration.version);
  }
  return applied;
}

/** Versions of the set that are not applied yet (for health checks). */
export async function pendingMigrations(pool: Pool, set: MigrationSet): Promise<number[]> {
  const exists = await pool.query('SELECT to_regclass($1) IS NOT NULL AS present', [set.table]);
  if (!exists.rows[0].present) return set.migrations.map((m) => m.version);
  const done = new Set((await pool.query(`SELECT version FROM ${set.table}`)).rows.map((r) => Number(r.version)));
  return set.migrations.map((m) => m.version).filter((v) => !done.has(v));
}
