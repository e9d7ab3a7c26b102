import type { Pool } from 'pg';
import type { Money } from '@billing/domain';
import type { Position } from '@billing/event-store';

/** What a reload's charge needs, copied from its AutoReloadTriggered event. */
export interface ChargeData {
  accountId: string;
  reloadId: string;
  amount: Money;
  stripeCustomerId: string | null;
  paymentMethodId: string;
  /** The AutoReloadTriggered event, for the logs. */
  eventId: string;
  /** Set once Stripe answered "processing": the PaymentIntent to look at again (never charged again). */
  processing?: string;
}

export interface DueCharge {
  charge: ChargeData;
  attempts: number;
  firstAttemptAt: Date | null;
}

/**
 * The durable table of reloads still to be charged (auto_reload_charges, migrated with the process
 * checkpoints). A charge enters it in the same statement that moves the subscription's checkpoint past
 * its event, so a crash either keeps both or neither; it leaves only once its outcome is recorded on the
 * account. A retry is a new due time in the row, so a restart or another owner keeps it.
 */
export class ChargeQueue {
  constructor(private readonly pool: Pool) {}

  /** Enqueues (once: a replayed event changes nothing) and moves the checkpoint, atomically. */
  async enqueue(processName: string, position: Position, charge: ChargeData, now: Date): Promise<void> {
    await this.pool.query(
      `WITH queued AS (
         INSERT INTO auto_reload_charges (reload_id, account_id, charge, next_attempt_at)
         VALUES ($3, $4, $5, $6) ON CONFLICT (reload_id) DO NOTHING
       )
       INSERT INTO process_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
       WHERE process_checkpoints.position < EXCLUDED.position`,
      [processName, position, charge.reloadId, charge.accountId, JSON.stringify(charge), now],
    );
  }

  /** Charges due at `now`, oldest due first, except those this process is charging already. */
  async due(now: Date, limit: number, excluding: string[]): Promise<DueCharge[]> {
    const { rows } = await this.pool.query(
      `SELECT charge, attempts, first_attempt_at FROM auto_reload_charges
       WHERE next_attempt_at <= $1 AND reload_id <> ALL($3::text[])
       ORDER BY next_attempt_at LIMIT $2`,
      [now, limit, excluding],
    );
    return rows.map((row) => ({ charge: row.charge as ChargeData, attempts: Number(row.attempts), firstAttemptAt: row.first_attempt_at }));
  }

  /** When the next charge not in `excluding` is due, if any. */
  async nextDueAt(excluding: string[]): Promise<Date | null> {
    const { rows } = await this.pool.query(
      'SELECT min(next_attempt_at) AS at FROM auto_reload_charges WHERE reload_id <> ALL($1::text[])',
      [excluding],
    );
    return rows[0]?.at ?? null;
  }

  /** The first attempt starts the retry budget (Stripe keeps the key 24 hours from its first use). */
  async markFirstAttempt(reloadId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE auto_reload_charges SET first_attempt_at = $2 WHERE reload_id = $1 AND first_attempt_at IS NULL', [reloadId, at]);
  }

  async reschedule(reloadId: string, nextAttemptAt: Date, lastError: string): Promise<void> {
    await this.pool.query(
      'UPDATE auto_reload_charges SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE reload_id = $1',
      [reloadId, nextAttemptAt, lastError.slice(0, 1_000)],
    );
  }

  /** Stripe is still processing the charge: look at that PaymentIntent again at `nextCheckAt` (unless a webhook settles it first). */
  async awaitSettlement(reloadId: string, paymentReference: string, nextCheckAt: Date): Promise<void> {
    await this.pool.query(
      `UPDATE auto_reload_charges SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3,
         charge = charge || jsonb_build_object('processing', $4::text) WHERE reload_id = $1`,
      [reloadId, nextCheckAt, `processing: ${paymentReference}`, paymentReference],
    );
  }

  /** The outcome is recorded on the account (or was already): nothing more to do. */
  async remove(reloadId: string): Promise<void> {
    await this.pool.query('DELETE FROM auto_reload_charges WHERE reload_id = $1', [reloadId]);
  }
}
