import type { Pool } from 'pg';
import { ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError, IdempotencyKeyTakenError } from '../errors';
import type {
  AppendOptions, KeyBackfill, KeyBackfillResult, AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, ReadStreamOptions,
  RecordedEvent, SubscribeOptions,
} from '../event-store';
import { decodePosition, type Position, START } from '../position';
import { validateAppend } from '../validation';
import { migrate } from './migrations';
import { Notifier } from './notifier';
import { createPool, isTransientError, type PostgresPoolOptions, withRetry } from './pool';
import { appendMany, appendOne } from './appends';
import { backfillIdempotencyKeys } from './backfill';
import { GroupCommit, type GroupCommitOptions } from './group-commit';
import { EVENT_STORE_MIGRATIONS, NOTIFY_CHANNEL } from './schema';
import { sleep } from './sleep';

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

const EXPECTED_CODES: Record<Exclude<ExpectedRevision, number>, number> = { no_stream: -1, any: -2, stream_exists: -3 };

// Rows come back as arrays in this column order; the time as epoch milliseconds, which is much
// cheaper to turn into a Date than timestamptz text (readAll decodes hundreds of thousands a second).
// Every computed column has an alias and every ORDER BY names the table's column: an unqualified
// ORDER BY transaction_id would otherwise sort by the text output column ("10" < "9").
const COLUMNS = `e.transaction_id::text AS tx, e.global_position::text AS gp, e.stream_id, e.stream_revision::text AS rev,
  e.event_id, e.type, e.schema_version, e.data, e.metadata, (extract(epoch FROM e.created_at) * 1000)::int8::text AS recorded_ms`;
/**
 * The rule that keeps subscribers from skipping events: read only transactions older than the
 * oldest one still running, in (transaction_id, global_position) order, resuming after that pair.
 * The first column is that horizon (the snapshot's xmin), on one row even when no event matches:
 * every event visible later sorts after it, so a filtered subscriber resumes from there instead of
 * scanning again everything that did not match (see scannedTo).
 * One SQL text per filter combination: optional filters written as `$n IS NULL OR …` make the
 * prepared statement's generic plan sort the whole range instead of walking the index.
 */
function readAllSql(byType: boolean, byPrefix: boolean): string {
  let n = 2;
  return `SELECT s.xmin::text AS horizon, e.* FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
  LEFT JOIN LATERAL (SELECT ${COLUMNS} FROM es_events e
    WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
      AND e.transaction_id < s.xmin
      ${byType ? `AND e.type = ANY ($${++n}::text[])` : ''}
      ${byPrefix ? `AND e.stream_id ^@ ANY ($${++n}::text[])` : ''}
    ORDER BY e.transaction_id, e.global_position
    LIMIT $${++n}) e ON true`;
}
const READ_ALL = [false, true].flatMap((byType) => [false, true].map((byPrefix) => readAllSql(byType, byPrefix)));
// The partial unique index answers this (the IS NOT NULL lets the planner prove it applies).
const BY_KEY_SQL = `SELECT ${COLUMNS} FROM es_events e WHERE e.idempotency_key = $1 AND e.idempotency_key IS NOT NULL`;
const HEAD_SQL = `SELECT e.transaction_id::text AS tx, e.global_position::text AS gp FROM es_events e
  WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`;

export class PostgresEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly readsInFlight = new Map<string, Promise<ReadPage>>();
  private readonly groupCommit: GroupCommit;

  private constructor(
    readonly pool: Pool,
    private readonly notifier: Notifier,
    private readonly ownsPool: boolean,
    options: PostgresEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.subscriptionBatchSize ?? 1_000;
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
    const expected = options.expectedRevision;
    const row = await this.groupCommit.append({ stream, expected: typeof expected === 'number' ? expected : EXPECTED_CODES[expected], events });
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
    return (await this.readPage(options)).events;
  }

  /**
   * A read that asks exactly what a read still in flight asks joins it instead of querying again: the
   * projections of an instance wake on the same append and read the same page from the same checkpoint.
   * Only reads in flight are shared (never a finished one), so nobody gets an older answer than a
   * query of its own would have given. Callers get their own array of the same (unmodified) events.
   */
  private async readPage(options: ReadAllOptions): Promise<ReadPage> {
    const fromPosition = options.fromPosition ?? START;
    const types = options.filter?.eventTypes?.length ? options.filter.eventTypes : undefined;
    const prefixes = options.filter?.streamPrefixes?.length ? options.filter.streamPrefixes : undefined;
    const maxCount = options.maxCount ?? 1_000;
    const key = JSON.stringify([fromPosition, maxCount, types, prefixes]);
    let read = this.readsInFlight.get(key);
    if (!read) {
      read = this.queryAll(fromPosition, maxCount, types, prefixes).finally(() => this.readsInFlight.delete(key));
      this.readsInFlight.set(key, read);
    }
    const page = await read;
    return { events: page.events.slice(), scannedTo: page.scannedTo };
  }

  private async queryAll(fromPosition: Position, maxCount: number, types?: readonly string[], prefixes?: readonly string[]): Promise<ReadPage> {
    const { major, minor } = decodePosition(fromPosition);
    const variant = (types ? 2 : 0) + (prefixes ? 1 : 0);
    const values = [major.toString(), minor.toString(), types, prefixes, maxCount].filter((v) => v !== undefined);
    const { rows } = await this.run(() =>
      this.pool.query<[horizon: string, ...EventRow]>({ name: `es_read_all_${variant}`, text: READ_ALL[variant], values, rowMode: 'array' }),
    );
    const events = rows[0]?.[1] === null ? [] : rows.map((row) => toRecorded(row, 1));
    if (events.length === maxCount) return { events, scannedTo: events[events.length - 1].position };
    // Fewer than asked: every event visible to this read was looked at. The horizon's transaction has
    // not finished for this snapshot, so everything that becomes visible later sorts after
    // (horizon - 1, the largest sequence number).
    const horizon = (BigInt(rows[0][0]) - 1n).toString();
    const scannedTo = toPosition(horizon, MAX_SEQUENCE);
    return { events, scannedTo: scannedTo > fromPosition ? scannedTo : fromPosition };
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const { signal, filter } = options;
    let checkpoint = options.fromPosition ?? START;
    let backoff = 100;
    let notified = false;
    // A notification whose events are not visible yet (an older transaction is still open, see
    // READ_ALL) is re-checked soon rather than at the next poll: 10 ms, doubling.
    let hurry = 0;
    while (!signal?.aborted) {
      const seen = this.notifier.current;
      let page: ReadPage;
      try {
        page = await this.readPage({ fromPosition: checkpoint, maxCount: this.batchSize, filter });
        backoff = 100;
      } catch (error) {
        if (!(error instanceof EventStoreUnavailableError)) throw error;
        await sleep(backoff, signal); // the database is away: keep trying, never give up the subscription
        backoff = Math.min(backoff * 2, 5_000);
        continue;
      }
      const batch = page.events;
      for (const event of batch) {
        if (signal?.aborted) return;
        yield event;
        checkpoint = event.position;
      }
      // A filter that matched little must not make the next read look at the same events again:
      // resume after everything this one examined (the auto-reload process matches one event type
      // in thousands, and used to re-read the whole history since its last match on every append).
      checkpoint = page.scannedTo;
      if (batch.length === this.batchSize) continue;
      hurry = batch.length === 0 && (notified || hurry > 0) ? Math.min(hurry ? hurry * 2 : 10, this.pollIntervalMs) : 0;
      await this.notifier.waitForChange(seen, hurry || this.pollIntervalMs, signal);
      notified = this.notifier.current !== seen;
      // Without this, a follower reads once per append: a busy store's seven followers made two reads per call.
      if (notified && options.gatherMs) await sleep(options.gatherMs, signal);
    }
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

const PAD = '00000000000000000000';
const MAX_SEQUENCE = '9223372036854775807'; // the largest bigint: after every event of a transaction

interface ReadPage {
  events: RecordedEvent[];
  /** Every event visible to the read up to here was examined (a resume point, not always an event's position). */
  scannedTo: Position;
}

/** Same result as encodePosition, without going through BigInt for every row. */
function toPosition(tx: string, gp: string): Position {
  return `${PAD.slice(tx.length)}${tx}-${PAD.slice(gp.length)}${gp}` as Position;
}

type EventRow = [
  tx: string, gp: string, streamId: string, revision: string, id: string, type: string, schemaVersion: number,
  data: Record<string, unknown>, metadata: Record<string, unknown>, recordedAtMs: string,
];

/** An event from its columns, which start at `at` in the row (no copy of the row: readAll decodes many). */
function toRecorded(row: EventRow | unknown[], at = 0): RecordedEvent {
  const r = row as unknown[];
  return {
    id: r[at + 4] as string,
    type: r[at + 5] as string,
    schemaVersion: r[at + 6] as number,
    data: r[at + 7] as Record<string, unknown>,
    metadata: r[at + 8] as Record<string, unknown>,
    streamId: r[at + 2] as string,
    streamRevision: Number(r[at + 3]),
    position: toPosition(r[at] as string, r[at + 1] as string),
    recordedAt: new Date(Number(r[at + 9])),
  };
}
