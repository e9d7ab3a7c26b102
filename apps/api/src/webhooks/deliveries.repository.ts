import type { Pool } from 'pg';
import type { RecordedEvent } from '@billing/event-store';
import type { AttemptResult } from './delivery-policy';

export interface DeliveryState {
  eventId: string;
  state: 'pending' | 'delivered' | 'failed';
  epoch: number;
  attempts: number;
  firstAttemptAt: Date | null;
  nextAttemptAt: Date | null;
}

export interface DeliveryLogEntry {
  eventId: string;
  eventType: string;
  position: string;
  stream: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  redeliver: boolean;
}

export interface Attempt {
  endpointId: string;
  event: RecordedEvent;
  epoch: number;
  at: Date;
  result: AttemptResult;
  /** 'delivered', or the failure with its next try (null: no further try by itself). */
  outcome: { state: 'delivered' } | { state: 'pending' | 'failed'; nextAttemptAt: Date | null };
}

/** The delivery log: one row per endpoint and event attempted, with the last answer and the next try. */
export class DeliveriesRepository {
  constructor(private readonly pool: Pool) {}

  async states(endpointId: string, eventIds: string[]): Promise<Map<string, DeliveryState>> {
    const { rows } = await this.pool.query(
      `SELECT event_id, state, epoch, attempts, first_attempt_at, next_attempt_at FROM webhook_deliveries
       WHERE endpoint_id = $1 AND event_id = ANY($2::text[])`,
      [endpointId, eventIds],
    );
    return new Map(rows.map((r) => [r.event_id as string, {
      eventId: r.event_id, state: r.state, epoch: Number(r.epoch), attempts: Number(r.attempts), firstAttemptAt: r.first_attempt_at, nextAttemptAt: r.next_attempt_at,
    }]));
  }

  async record(a: Attempt): Promise<void> {
    const { event, result, outcome } = a;
    await this.pool.query(
      `INSERT INTO webhook_deliveries AS d (endpoint_id, event_id, position, event_type, stream_id, stream_revision, state, epoch, attempts,
         first_attempt_at, last_attempt_at, last_status, last_latency_ms, last_error, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $13, $6, $7, 1, $8, $8, $9, $10, $11, $12)
       ON CONFLICT (endpoint_id, event_id) DO UPDATE SET
         state = EXCLUDED.state, epoch = EXCLUDED.epoch,
         attempts = CASE WHEN d.epoch = EXCLUDED.epoch THEN d.attempts + 1 ELSE 1 END,
         first_attempt_at = CASE WHEN d.epoch = EXCLUDED.epoch AND d.state <> 'delivered' THEN COALESCE(d.first_attempt_at, EXCLUDED.first_attempt_at) ELSE EXCLUDED.first_attempt_at END,
         last_attempt_at = EXCLUDED.last_attempt_at, last_status = EXCLUDED.last_status, last_latency_ms = EXCLUDED.last_latency_ms,
         last_error = EXCLUDED.last_error, next_attempt_at = EXCLUDED.next_attempt_at`,
      [a.endpointId, event.id, event.position, event.type, event.streamId, outcome.state, a.epoch, a.at, result.status, result.latencyMs,
        result.error?.slice(0, 500) ?? null, outcome.state === 'delivered' ? null : outcome.nextAttemptAt, event.streamRevision],
    );
  }

  /** A console redelivery: its answer goes in the log; the row's state and retries stay as they were. */
  async recordRedelivery(endpointId: string, eventId: string, at: Date, result: AttemptResult): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries SET redeliver = false, attempts = attempts + 1, last_attempt_at = $3, last_status = $4,
         last_latency_ms = $5, last_error = $6 WHERE endpoint_id = $1 AND event_id = $2`,
      [endpointId, eventId, at, result.status, result.latencyMs, result.error?.slice(0, 500) ?? null],
    );
  }

  /** Marks an event for one more delivery (it must have been attempted before: it is in the log). */
  async requestRedelivery(endpointId: string, eventId: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE webhook_deliveries SET redeliver = true WHERE endpoint_id = $1 AND event_id = $2', [endpointId, eventId]);
    return (result.rowCount ?? 0) > 0;
  }

  async redeliveries(endpointId: string, limit: number): Promise<{ eventId: string; streamId: string; streamRevision: number }[]> {
    const { rows } = await this.pool.query(
      'SELECT event_id, stream_id, stream_revision FROM webhook_deliveries WHERE endpoint_id = $1 AND redeliver ORDER BY position LIMIT $2',
      [endpointId, limit],
    );
    return rows.map((r) => ({ eventId: r.event_id, streamId: r.stream_id, streamRevision: Number(r.stream_revision) }));
  }

  async log(endpointId: string, limit: number, before?: string): Promise<DeliveryLogEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT event_id, event_type, position, stream_id, state, attempts, last_attempt_at, last_status, last_latency_ms, last_error,
              next_attempt_at, redeliver
       FROM webhook_deliveries WHERE endpoint_id = $1 AND ($3::text IS NULL OR position < $3) ORDER BY position DESC LIMIT $2`,
      [endpointId, limit, before ?? null],
    );
    return rows.map((r) => ({
      eventId: r.event_id, eventType: r.event_type, position: r.position, stream: r.stream_id, state: r.state, attempts: Number(r.attempts),
      lastAttemptAt: r.last_attempt_at?.toISOString() ?? null, lastStatus: r.last_status, lastLatencyMs: r.last_latency_ms,
      lastError: r.last_error, nextAttemptAt: r.next_attempt_at?.toISOString() ?? null, redeliver: r.redeliver,
    }));
  }

  /** The log keeps what was delivered for `retentionMs`; what is pending stays. */
  async prune(olderThan: Date): Promise<number> {
    const result = await this.pool.query(`DELETE FROM webhook_deliveries WHERE state = 'delivered' AND last_attempt_at < $1`, [olderThan]);
    return result.rowCount ?? 0;
  }
}
