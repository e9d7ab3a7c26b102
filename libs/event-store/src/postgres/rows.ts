import type { RecordedEvent } from '../event-store';
import type { Position } from '../position';

// Rows come back as arrays (cheaper than objects at hundreds of thousands a second), decoded by column
// name through COLUMN: reordering or adding a column here cannot shift another one. The time comes as
// epoch milliseconds, much cheaper to turn into a Date than timestamptz text. Every computed column has
// an alias and every ORDER BY names the table's column: an unqualified ORDER BY transaction_id would
// otherwise sort by the text output column ("10" < "9").
const EVENT_COLUMNS = [
  ['tx', 'e.transaction_id::text AS tx'],
  ['gp', 'e.global_position::text AS gp'],
  ['stream_id', 'e.stream_id'],
  ['rev', 'e.stream_revision::text AS rev'],
  ['event_id', 'e.event_id'],
  ['type', 'e.type'],
  ['schema_version', 'e.schema_version'],
  ['data', 'e.data'],
  ['metadata', 'e.metadata'],
  ['recorded_ms', '(extract(epoch FROM e.created_at) * 1000)::int8::text AS recorded_ms'],
] as const;

type ColumnName = (typeof EVENT_COLUMNS)[number][0];

/** The select list, in EVENT_COLUMNS order. */
export const COLUMNS = EVENT_COLUMNS.map(([, sql]) => sql).join(', ');
/** Each column's index in a row, by its output name. */
export const COLUMN = Object.fromEntries(EVENT_COLUMNS.map(([name], i) => [name, i])) as Readonly<Record<ColumnName, number>>;

const PAD = '00000000000000000000';
export const MAX_SEQUENCE = '9223372036854775807'; // the largest bigint: after every event of a transaction

/** Same result as encodePosition, without going through BigInt for every row. */
export function toPosition(tx: string, gp: string): Position {
  return `${PAD.slice(tx.length)}${tx}-${PAD.slice(gp.length)}${gp}` as Position;
}

/** A row in array mode: EVENT_COLUMNS' values in order (read them through COLUMN). */
export type EventRow = unknown[];

/** An event from its columns, which start at `at` in the row (no copy of the row: readAll decodes many). */
export function toRecorded(row: EventRow, at = 0): RecordedEvent {
  return {
    id: row[at + COLUMN.event_id] as string,
    type: row[at + COLUMN.type] as string,
    schemaVersion: row[at + COLUMN.schema_version] as number,
    data: row[at + COLUMN.data] as Record<string, unknown>,
    metadata: row[at + COLUMN.metadata] as Record<string, unknown>,
    streamId: row[at + COLUMN.stream_id] as string,
    streamRevision: Number(row[at + COLUMN.rev]),
    position: toPosition(row[at + COLUMN.tx] as string, row[at + COLUMN.gp] as string),
    recordedAt: new Date(Number(row[at + COLUMN.recorded_ms])),
  };
}
