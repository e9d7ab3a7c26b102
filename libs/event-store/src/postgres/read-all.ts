import type { Pool } from 'pg';
import type { ReadAllOptions, RecordedEvent } from '../event-store';
import { decodePosition, type Position, START } from '../position';
import { COLUMNS, type EventRow, MAX_SEQUENCE, toPosition, toRecorded } from './rows';

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
export const HEAD_SQL = `SELECT e.transaction_id::text AS tx, e.global_position::text AS gp FROM es_events e
  WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`;

export interface ReadPage {
  events: RecordedEvent[];
  /** Every event visible to the read up to here was examined (a resume point, not always an event's position). */
  scannedTo: Position;
}

type Run = <T>(operation: () => Promise<T>) => Promise<T>;

/** readAll's pages, in commit order (see READ_ALL), with reads in flight shared (see page). */
export class ReadAll {
  private readonly readsInFlight = new Map<string, Promise<ReadPage>>();

  constructor(private readonly pool: Pool, private readonly run: Run) {}

  /**
   * A read that asks exactly what a read still in flight asks joins it instead of querying again: the
   * projections of an instance wake on the same append and read the same page from the same checkpoint.
   * Only reads in flight are shared (never a finished one), so nobody gets an older answer than a
   * query of its own would have given. Callers get their own array of the same (unmodified) events.
   */
  async page(options: ReadAllOptions): Promise<ReadPage> {
    const fromPosition = options.fromPosition ?? START;
    const types = options.filter?.eventTypes?.length ? options.filter.eventTypes : undefined;
    const prefixes = options.filter?.streamPrefixes?.length ? options.filter.streamPrefixes : undefined;
    const maxCount = options.maxCount ?? 1_000;
    const key = JSON.stringify([fromPosition, maxCount, types, prefixes]);
    let read = this.readsInFlight.get(key);
    if (!read) {
      read = this.query(fromPosition, maxCount, types, prefixes).finally(() => this.readsInFlight.delete(key));
      this.readsInFlight.set(key, read);
    }
    const page = await read;
    return { events: page.events.slice(), scannedTo: page.scannedTo };
  }

  private async query(fromPosition: Position, maxCount: number, types?: readonly string[], prefixes?: readonly string[]): Promise<ReadPage> {
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
}
