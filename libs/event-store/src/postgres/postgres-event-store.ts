import type { Pool } from 'pg';
import { ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError, IdempotencyKeyTakenError } from '../errors';
import type {
  AppendOptions, KeyBackfill, KeyBackfillResult, AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, ReadStreamOptions,
  RecordedEvent, StreamAppend, StreamAppendOutcome, SubscribeOptions,
} from '../event-store';
import type { Position } from '../position';
import { validateAppend } from '../validation';
import { migrate } from './migrations';
import { Notifier } from './notifier';
import { createPool, isTransientError, type PostgresPoolOptions, withRetry } from './pool';
import { appendMany, appendOne } from './appends';
import { backfillIdempotencyKeys } from './backfill';
import { type AppendRow, GroupCommit, type GroupCommitOptions } from './group-commit';
import { EVENT_STORE_MIGRATIONS, NOTIFY_CHANNEL } from './schema';
import { expectedCode } from './expected-revision';
import { HEAD_SQL, ReadAll } from './read-all';
import { COLUMNS, type EventRow, toPosition, toRecorded } from './rows';
import { subscribeToAll } from './subscription';

export interface PostgresEventStoreOptions extends PostgresPoolOptions {
  /** Use this pool instead of opening one (it is not closed by `close()`). */
  pool?: Pool;
  /** Subscribers re-read at least this often even without a notification (default 1 s). */
  pollIntervalMs?: number;
  /** Events per read while a subscriber catches up (default 1,000). */
  subscriptionBatchSize?: number;
  /** Apply the schema's migrations when opening (default true). */
  migrate?: boolean;
  /** Group commit of concurrent appends (see GroupCommit). */
  groupCommit?: GroupCommitOptions;
}

// The partial unique index answers this (the IS NOT NULL lets the planner prove it applies).
const BY_KEY_SQL = `SELECT ${COLUMNS} FROM es_events e WHERE e.idempotency_key = $1 AND e.idempotency_key IS NOT NULL`;
export class PostgresEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly reads: ReadAll;
  private readonly groupCommit: GroupCommit;

  private constructor(
    readonly pool: Pool,
    private readonly notifier: Notifier,
    private readonly ownsPool: boolean,
    options: PostgresEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.subscriptionBatchSize ?? 1_000;
    this.reads = new ReadAll(pool, this.retry);
    this.groupCommit = new GroupCommit(
      (request) => appendOne(this.pool, request, this.retry), (requests) => appendMany(this.pool, requests, this.retry),
      (error) => error instanceof EventStoreUnavailableError, options.groupCommit,
    );
  }

  /** Opens the pool (unless one is given), applies migrations and starts listening for appends. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = options.pool ?? createPool(options);
    try {
      if (options.migrate !== false) await withRetry(() => migrate(pool, EVENT_STORE_MIGRATIONS), { attempts: 10, initialDelayMs: 200 });
      const notify = (channel: string, payload: string) => pool.query({ name: 'es_notify', text: 'SELECT pg_notify($1, $2)', values: [channel, payload] });
      const notifier = new Notifier(options.connectionString, NOTIFY_CHANNEL, notify, options.onError);
      await notifier.start();
      return new PostgresEventStore(pool, notifier, !options.pool, options);
    } catch (error) {
      if (!options.pool) await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(stream, events, options.expectedRevision);
    const row = await this.groupCommit.append({ stream, expected: expectedCode(options.expectedRevision), events });
    return this.answer(stream, events, options.expectedRevision, row);
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    const outcomes: StreamAppendOutcome[] = new Array(appends.length);
    const valid: number[] = [];
    for (const [i, { stream, events, options }] of appends.entries()) {
      try {
        validateAppend(stream, events, options.expectedRevision);
        valid.push(i);
      } catch (error) {
        outcomes[i] = { error };
      }
    }
    const rows = this.groupCommit.appendAll(valid.map((i) => ({ stream: appends[i].stream, expected: expectedCode(appends[i].options.expectedRevision), events: appends[i].events })));
    await Promise.all(rows.map(async (row, n) => {
      const { stream, events, options } = appends[valid[n]];
      try {
        outcomes[valid[n]] = { result: this.answer(stream, events, options.expectedRevision, await row) };
      } catch (error) {
        outcomes[valid[n]] = { error };
      }
    }));
    return outcomes;
  }

  /** es_append's row as appendToStream's answer (or error). */
  private answer(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, row: AppendRow): AppendResult {
    const revision = Number(row.out_revision);
    switch (row.out_status) {
      case 'ok':
      case 'duplicate':
        if (row.out_status === 'ok' && events.length > 0) this.notifier.announce();
        return { nextRevision: revision, positions: row.out_transaction_ids.map((tx, i) => toPosition(tx, row.out_global_positions[i])) };
      case 'conflict':
        throw new ConcurrencyError(stream, expected, revision < 0 ? 'no_stream' : revision);
      case 'duplicate_id':
        throw new DuplicateEventIdError(stream, events.map((e) => e.id));
      case 'duplicate_key':
        throw new IdempotencyKeyTakenError(stream, row.out_key ?? '', row.out_existing ?? '');
    }
  }

  async readByIdempotencyKey(key: string): Promise<RecordedEvent | undefined> {
    const result = await this.run(() =>
      this.pool.query<EventRow>({ name: 'es_read_by_key', text: BY_KEY_SQL, values: [key], rowMode: 'array' }),
    );
    return result.rows[0] ? toRecorded(result.rows[0]) : undefined;
  }

  /** See backfill.ts: under the migration lock, once per name. */
  backfillIdempotencyKeys(backfill: KeyBackfill): Promise<KeyBackfillResult> {
    return backfillIdempotencyKeys(this.pool, backfill);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const sql = `SELECT ${COLUMNS} FROM es_events e WHERE e.stream_id = $1 AND e.stream_revision ${backwards ? '<=' : '>='} $2
      ORDER BY e.stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`;
    const result = await this.run(() =>
      this.pool.query<EventRow>({
        name: backwards ? 'es_read_stream_bwd' : 'es_read_stream_fwd', text: sql, values: [stream, from, limit], rowMode: 'array',
      }),
    );
    return result.rows.map((row) => toRecorded(row));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.reads.page(options)).events;
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    return subscribeToAll((read) => this.reads.page(read), this.notifier, { pollIntervalMs: this.pollIntervalMs, batchSize: this.batchSize }, options);
  }

  async headPosition(): Promise<Position | undefined> {
    const result = await this.run(() => this.pool.query({ name: 'es_head', text: HEAD_SQL }));
    return result.rows[0] ? toPosition(result.rows[0].tx, result.rows[0].gp) : undefined;
  }

  async close(): Promise<void> {
    await this.notifier.close();
    if (this.ownsPool) await this.pool.end();
  }

  private readonly retry = <T>(operation: () => Promise<T>): Promise<T> => this.run(operation);

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(operation);
    } catch (error) {
      if (isTransientError(error)) throw new EventStoreUnavailableError(`event store unavailable: ${(error as Error).message}`, error);
      throw error;
    }
  }
}
