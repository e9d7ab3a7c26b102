import type { Pool } from 'pg';
import { DuplicateEventIdError } from '../errors';
import type { EventToAppend } from '../event-store';
import type { AppendRequest, AppendRow } from './group-commit';

type Retry = <T>(operation: () => Promise<T>) => Promise<T>;

const APPEND_SQL = 'SELECT * FROM es_append($1, $2, $3, $4, $5, $6, $7, $8)';
const APPEND_BATCH_SQL = 'SELECT * FROM es_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)';

const KEY_INDEX = 'es_events_idempotency_key';

/** The events' columns as the append functions take them: ids, types, schema versions, data, metadata. */
function eventColumns(events: readonly EventToAppend[]): unknown[] {
  return [
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion ?? 1),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata ?? {})),
    // NULL for an append without keys: the functions then skip the key checks altogether.
    events.some((e) => e.idempotencyKey !== undefined) ? events.map((e) => e.idempotencyKey ?? null) : null,
  ];
}

const constraintOf = (error: unknown) => (error as { constraint?: string }).constraint;

/** One append in one round trip. Retrying is safe: if a lost connection hid a commit, the retry finds the same events at the same place. */
export async function appendOne(pool: Pool, { stream, expected, events }: AppendRequest, retry: Retry): Promise<AppendRow> {
  const values = [stream, expected, ...eventColumns(events)];
  const send = () => retry(() => pool.query<AppendRow>({ name: 'es_append', text: APPEND_SQL, values }));
  const result = await send().catch((error) => {
    // The fast path met an id that is stored elsewhere (the unique index said so).
    if (constraintOf(error) === 'es_events_event_id_key') throw new DuplicateEventIdError(stream, events.map((e) => e.id));
    // A key that another transaction took while ours ran: it has committed (the index waited for it),
    // so sent again, the append is answered 'duplicate_key' naming the event that holds it.
    if (constraintOf(error) === KEY_INDEX) return send();
    throw error;
  });
  return result.rows[0];
}

/** Several appends in one transaction (es_append_batch, see GroupCommit): the answers in the order of the requests. */
export async function appendMany(pool: Pool, requests: readonly AppendRequest[], retry: Retry): Promise<AppendRow[]> {
  const values = [
    requests.map((r) => r.stream), requests.map((r) => r.expected), requests.map((r) => r.events.length),
    ...eventColumns(requests.flatMap((r) => r.events)),
  ];
  const result = await retry(() => pool.query<AppendRow & { out_index: number }>({ name: 'es_append_batch', text: APPEND_BATCH_SQL, values }));
  const rows: AppendRow[] = new Array(requests.length);
  for (const row of result.rows) rows[row.out_index] = row;
  if (result.rows.length !== requests.length || rows.includes(undefined as never)) throw new Error(`es_append_batch answered ${result.rows.length} of ${requests.length} appends`);
  return rows;
}
