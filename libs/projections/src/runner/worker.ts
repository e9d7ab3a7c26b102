import type { Pool } from 'pg';
import { ACCOUNT_STREAM_PREFIX } from '@billing/domain';
import { BackOff, EventStoreUnavailableError, isTransientError, parsePosition, sleep, type EventStore } from '@billing/event-store';
import type { PositionedRow } from '../projection';
import { applyBatch, type BatchContext, PoisonEventError } from './apply-batch';
import { batches } from './batches';
import type { ProjectionLogger } from './logger';

export type WorkerState = 'standby' | 'running' | 'failed' | 'stopped';

export interface WorkerOptions<Row extends PositionedRow> extends BatchContext<Row> {
  store: EventStore;
  pool: Pool;
  logger: ProjectionLogger;
  batchSize: number;
  lingerMs: number;
  maxBackoffMs: number;
}

function retriable(error: unknown): boolean {
  return error instanceof EventStoreUnavailableError || isTransientError(error);
}

/**
 * Projects one read model while this instance owns it: follows the store from the checkpoint and applies
 * batches until the session's signal aborts (stop, or ownership lost). The batch in progress always
 * finishes or rolls back as a whole. Transient failures are retried with back-off, forever; a poison
 * event ends the session with state 'failed'.
 */
export class ProjectionWorker<Row extends PositionedRow> {
  state: WorkerState = 'standby';
  failure: PoisonEventError | Error | undefined;
  applied = 0;

  constructor(private readonly options: WorkerOptions<Row>) {}

  get name(): string {
    return this.options.projection.name;
  }

  async run(session: AbortSignal): Promise<void> {
    const { logger } = this.options;
    const backOff = new BackOff(50, this.options.maxBackoffMs);
    this.state = 'running';
    while (!session.aborted) {
      try {
        await this.follow(session);
        backOff.reset();
      } catch (error) {
        if (error instanceof PoisonEventError || !retriable(error)) {
          this.state = 'failed';
          this.failure = error as Error;
          logger.error('projection stopped', { projection: this.name, error: (error as Error).message, ...poisonFields(error) });
          return;
        }
        const delay = backOff.next();
        logger.warn('projection retrying after a transient error', { projection: this.name, error: (error as Error).message, backoffMs: delay });
        await sleep(delay, session);
      }
    }
    this.state = 'standby';
  }

  private async follow(session: AbortSignal): Promise<void> {
    const { store, pool, checkpoints, batchSize, projection } = this.options;
    const from = (await checkpoints.read(pool, projection.name)).position;
    // Our own controller too, so that leaving on an error ends the subscription's pending read at once.
    const subscription = new AbortController();
    const end = () => subscription.abort();
    session.addEventListener('abort', end, { once: true });
    // The session may have ended while the checkpoint was read: its 'abort' event has already fired.
    if (session.aborted) end();
    try {
      // Caught up, the subscription lets events gather for lingerMs after an append: one read and one
      // transaction per interval, rather than one per append.
      const events = store.subscribeToAll({
        fromPosition: parsePosition(from), filter: { streamPrefixes: [ACCOUNT_STREAM_PREFIX] }, signal: subscription.signal, gatherMs: this.options.lingerMs,
      });
      for await (const batch of batches(events, batchSize)) {
        const result = await this.applyWithRetry(batch, session);
        this.applied += result;
      }
    } finally {
      end();
      session.removeEventListener('abort', end);
    }
  }

  /** Retries the same batch on transient errors; the checkpoint's row lock makes each retry safe. */
  private async applyWithRetry(batch: Parameters<typeof applyBatch>[2], session: AbortSignal): Promise<number> {
    const backOff = new BackOff(50, this.options.maxBackoffMs);
    let delay = 0;
    for (;;) {
      const client = await this.connect(session);
      if (!client) return 0;
      // A connection that dies between two statements emits 'error' on the checked-out client; without
      // a listener that would crash the process. The next statement fails too, and is retried.
      const ignore = () => undefined;
      client.on('error', ignore);
      try {
        const { applied } = await applyBatch(client, this.options, batch);
        client.off('error', ignore);
        client.release();
        return applied;
      } catch (error) {
        client.off('error', ignore);
        client.release(retriable(error) ? (error as Error) : undefined);
        if (!retriable(error)) throw error;
        delay = backOff.next();
        this.options.logger.warn('batch retrying after a transient error', { projection: this.name, error: (error as Error).message, backoffMs: delay });
      }
      if (session.aborted) return 0; // stopping: the next owner resumes from the checkpoint
      await sleep(delay, session);
    }
  }

  private async connect(session: AbortSignal) {
    const backOff = new BackOff(50, this.options.maxBackoffMs);
    while (!session.aborted) {
      try {
        return await this.options.pool.connect();
      } catch (error) {
        if (!retriable(error)) throw error;
        await sleep(backOff.next(), session);
      }
    }
    return undefined;
  }
}

function poisonFields(error: unknown): Record<string, unknown> {
  return error instanceof PoisonEventError ? { eventId: error.eventId, position: error.position, eventType: error.eventType } : {};
}
