import type { ClientBase, Pool, QueryResult } from 'pg';
import { START } from '@billing/event-store';
import { qualified } from '../sql/table';

export interface CheckpointRow {
  name: string;
  position: string;
  updatedAt: Date;
  failedEventId: string | null;
  failedPosition: string | null;
  failure: string | null;
}

export class Checkpoints {
  private readonly table: string;

  constructor(schema: string) {
    this.table = qualified(schema, 'projection_checkpoints');
  }

  async read(db: Pool | ClientBase, name: string): Promise<CheckpointRow> {
    const result = await db.query(`SELECT * FROM ${this.table} WHERE name = $1`, [name]);
    const row = result.rows[0];
    if (!row) return { name, position: START, updatedAt: new Date(0), failedEventId: null, failedPosition: null, failure: null };
    return {
      name, position: row.position, updatedAt: row.updated_at, failedEventId: row.failed_event_id,
      failedPosition: row.failed_position, failure: row.failure,
    };
  }

  /**
   * Inside a transaction: the checkpoint, locked until commit. Whoever applies a batch holds this row,
   * so two appliers (an owner that lost its lock and the new owner) run one after the other, and the
   * second sees what the first committed and skips it.
   */
  async lock(client: ClientBase, name: string): Promise<string> {
    await client.query(`INSERT INTO ${this.table} (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, START]);
    const result = await client.query(`SELECT position FROM ${this.table} WHERE name = $1 FOR UPDATE`, [name]);
    return result.rows[0].position;
  }

  /**
   * BEGIN and lock() in one round trip: both statements go in one simple-protocol message (no
   * parameters there, so the values are quoted by the driver). A live projection runs a batch every
   * few milliseconds, and each round trip wakes a server process on the cores the API needs.
   */
  async begin(client: ClientBase, name: string): Promise<string> {
    const [, locked] = (await client.query(`BEGIN; SELECT position FROM ${this.table} WHERE name = ${client.escapeLiteral(name)} FOR UPDATE`)) as unknown as QueryResult[];
    return locked.rows[0]?.position ?? this.lock(client, name); // the projection's first batch ever
  }

  /** move() and COMMIT in one round trip (see begin). */
  async moveAndCommit(client: ClientBase, name: string, position: string): Promise<void> {
    await client.query(`${this.moveSql(client.escapeLiteral(name), client.escapeLiteral(position))}; COMMIT`);
  }

  /**
   * For a batch that changes no row of the read model: the checkpoint moves forward to `position` in
   * one statement (no BEGIN, no COMMIT). It still takes the row's lock, so it waits for an applier
   * holding it, and it returns where the checkpoint was before (to count what was new), or null when
   * the checkpoint was already there or does not exist yet.
   */
  async skipTo(client: ClientBase, name: string, position: string): Promise<string | null> {
    const result = await client.query(
      `UPDATE ${this.table} t SET position = $2, updated_at = now(), failed_event_id = NULL, failed_position = NULL, failure = NULL
         FROM (SELECT position FROM ${this.table} WHERE name = $1 FOR UPDATE) before
        WHERE t.name = $1 AND t.position < $2 RETURNING before.position`,
      [name, position],
    );
    return result.rows[0]?.position ?? null;
  }

  async move(client: ClientBase, name: string, position: string): Promise<void> {
    await client.query(this.moveSql('$1', '$2'), [name, position]);
  }

  private moveSql(name: string, position: string): string {
    return `UPDATE ${this.table} SET position = ${position}, updated_at = now(), failed_event_id = NULL, failed_position = NULL, failure = NULL
       WHERE name = ${name}`;
  }

  /** Records why the projection stopped, for /health on every instance; the position stays where it was. */
  async fail(client: ClientBase, name: string, eventId: string, position: string, failure: string): Promise<void> {
    await client.query(
      `UPDATE ${this.table} SET failed_event_id = $2, failed_position = $3, failure = $4, updated_at = now() WHERE name = $1`,
      [name, eventId, position, failure],
    );
  }
}
