import type { Pool } from 'pg';
import { migrate, type Position } from '@billing/event-store';
import { WEBHOOK_MIGRATIONS } from './webhook-migrations';

export interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[] | null;
  accountId: string | null;
  description: string | null;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  disabledAt: Date | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  position: Position;
  epoch: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewEndpoint {
  id: string;
  url: string;
  eventTypes: string[] | null;
  accountId: string | null;
  description: string | null;
  secret: string;
  position: Position;
}

export interface EndpointChanges {
  url?: string;
  eventTypes?: string[] | null;
  description?: string | null;
  enabled?: boolean;
}

const COLUMNS = `id, url, event_types, account_id, description, status, disabled_reason, disabled_at, secret,
  previous_secret, previous_secret_expires_at, position, epoch, created_at, updated_at`;

function endpointOf(row: Record<string, unknown>): Endpoint {
  return {
    id: row.id as string, url: row.url as string, eventTypes: row.event_types as string[] | null, accountId: row.account_id as string | null,
    description: row.description as string | null, status: row.status as Endpoint['status'], disabledReason: row.disabled_reason as string | null,
    disabledAt: row.disabled_at as Date | null, secret: row.secret as string, previousSecret: row.previous_secret as string | null,
    previousSecretExpiresAt: row.previous_secret_expires_at as Date | null, position: row.position as Position, epoch: Number(row.epoch),
    createdAt: row.created_at as Date, updatedAt: row.updated_at as Date,
  };
}

/** The endpoints table: what the API manages and what each endpoint's worker reads before each batch. */
export class EndpointsRepository {
  constructor(private readonly pool: Pool) {}

  migrate(): Promise<number[]> {
    return migrate(this.pool, WEBHOOK_MIGRATIONS);
  }

  async create(e: NewEndpoint): Promise<Endpoint> {
    const { rows } = await this.pool.query(
      `INSERT INTO webhook_endpoints (id, url, event_types, account_id, description, secret, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [e.id, e.url, e.eventTypes, e.accountId, e.description, e.secret, e.position],
    );
    return endpointOf(rows[0]);
  }

  async get(id: string): Promise<Endpoint | undefined> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    return rows[0] ? endpointOf(rows[0]) : undefined;
  }

  async list(): Promise<Endpoint[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id LIMIT 1000`);
    return rows.map(endpointOf);
  }

  async enabledIds(): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT id FROM webhook_endpoints WHERE status = 'enabled' ORDER BY id`);
    return rows.map((row) => row.id as string);
  }

  /**
   * Re-enabling resumes where it stopped: the cursor stays, and the event that was failing gets a fresh
   * retry window (its first attempt is forgotten), due now.
   */
  async update(id: string, changes: EndpointChanges): Promise<Endpoint | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `UPDATE webhook_endpoints SET
           url = COALESCE($2, url),
           event_types = CASE WHEN $3::boolean THEN $4::text[] ELSE event_types END,
           description = CASE WHEN $5::boolean THEN $6 ELSE description END,
           status = CASE WHEN $7::boolean IS NULL THEN status WHEN $7 THEN 'enabled' ELSE 'disabled' END,
           disabled_reason = CASE WHEN $7::boolean IS NULL THEN disabled_reason WHEN $7 THEN NULL ELSE 'disabled through the API' END,
           disabled_at = CASE WHEN $7::boolean IS NULL THEN disabled_at WHEN $7 THEN NULL ELSE now() END,
           updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, changes.url ?? null, changes.eventTypes !== undefined, changes.eventTypes ?? null, changes.description !== undefined, changes.description ?? null, changes.enabled ?? null],
      );
      if (changes.enabled === true && rows[0]) {
        await client.query(
          `UPDATE webhook_deliveries SET first_attempt_at = NULL, next_attempt_at = now() WHERE endpoint_id = $1 AND state <> 'delivered'`,
          [id],
        );
      }
      await client.query('COMMIT');
      return rows[0] ? endpointOf(rows[0]) : undefined;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async delete(id: string): Promise<Endpoint | undefined> {
    const { rows } = await this.pool.query(`DELETE FROM webhook_endpoints WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    return rows[0] ? endpointOf(rows[0]) : undefined;
  }

  /** The new secret signs from now; the old one too until `graceUntil`. */
  async rotate(id: string, secret: string, graceUntil: Date): Promise<Endpoint | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3, secret = $2, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, secret, graceUntil],
    );
    return rows[0] ? endpointOf(rows[0]) : undefined;
  }

  /** Sends everything after `from` again: a new epoch, so earlier deliveries no longer count as done. */
  async replay(id: string, from: Position): Promise<Endpoint | undefined> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_endpoints SET position = $2, epoch = epoch + 1, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, from],
    );
    return rows[0] ? endpointOf(rows[0]) : undefined;
  }

  /** Moves the cursor forwards within an epoch only: a replay meanwhile, or a late write, cannot be undone. */
  async advance(id: string, epoch: number, position: Position): Promise<void> {
    await this.pool.query(
      'UPDATE webhook_endpoints SET position = $3 WHERE id = $1 AND epoch = $2 AND position < $3',
      [id, epoch, position],
    );
  }

  async disable(id: string, reason: string, at: Date): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $2, disabled_at = $3, updated_at = now() WHERE id = $1 AND status = 'enabled'`,
      [id, reason, at],
    );
  }
}
