import type { Client, Pool } from 'pg';
import { START } from '@billing/event-store';
import type { AnyProjection } from '../projection';
import { assertIdentifier, qualified } from '../sql/table';

export interface SwapPlan {
  live: string;
  build: string;
  /** Where the live tables go in the swap, to be dropped after it. */
  retired: string;
  projections: readonly AnyProjection[];
}

/**
 * The swap's first half: a transaction that locks the live projections' checkpoint rows. A live runner
 * applies each batch holding its checkpoint row (FOR UPDATE), so once these locks are held no batch is
 * in flight and the next one waits: the live tables stand still until the swap commits. (The runner's
 * advisory lock is no use here: it is held for as long as an instance owns the projection.)
 */
export async function freezeLive(client: Client, plan: SwapPlan, lockTimeoutMs: number): Promise<void> {
  const checkpoints = qualified(plan.live, 'projection_checkpoints');
  try {
    await client.query('BEGIN');
    // Readers queue behind ALTER TABLE's lock: give up (and retry later) rather than stall them long.
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    const names = plan.projections.map((p) => p.name);
    await client.query(
      `INSERT INTO ${checkpoints} (name, position) SELECT unnest($1::text[]), $2 ON CONFLICT (name) DO NOTHING`, [names, START],
    );
    await client.query(`SELECT name FROM ${checkpoints} WHERE name = ANY($1) ORDER BY name FOR UPDATE`, [names]);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The swap's second half, in the frozen transaction: live tables move out to `retired`, the new ones
 * move in under the same names, the live checkpoints take the new tables' positions, one COMMIT.
 * Readers see the old tables or the new ones, never neither and never a mix: ALTER TABLE … SET SCHEMA
 * takes an exclusive lock, and a query waiting on it looks the name up again once it is released.
 */
export async function swapFrozen(client: Client, plan: SwapPlan): Promise<Record<string, string>> {
  const liveCheckpoints = qualified(plan.live, 'projection_checkpoints');
  const buildCheckpoints = qualified(plan.build, 'projection_checkpoints');
  const positions: Record<string, string> = {};
  try {
    await client.query(`CREATE SCHEMA ${assertIdentifier(plan.retired)}`);
    for (const projection of plan.projections) {
      const table = projection.table.name;
      await client.query(`ALTER TABLE ${qualified(plan.live, table)} SET SCHEMA ${plan.retired}`);
      await client.query(`ALTER TABLE ${qualified(plan.build, table)} SET SCHEMA ${assertIdentifier(plan.live)}`);
      const built = await client.query<{ position: string }>(`SELECT position FROM ${buildCheckpoints} WHERE name = $1`, [projection.name]);
      positions[projection.name] = built.rows[0]?.position ?? START;
      await client.query(
        `UPDATE ${liveCheckpoints} SET position = $2, updated_at = now(), failed_event_id = NULL, failed_position = NULL, failure = NULL
         WHERE name = $1`,
        [projection.name, positions[projection.name]],
      );
    }
    await client.query('COMMIT');
    return positions;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** After the swap: the old tables and the (now empty of them) build schema. */
export async function dropSchemas(pool: Pool, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${assertIdentifier(schema)} CASCADE`);
}
