import type { RecordedEvent } from '../event-store';
import type { Position } from '../position';

// Rows come back as arrays in this column order; the time as epoch milliseconds, which is much
// cheaper to turn into a Date than timestamptz text (readAll decodes hundreds of thousands a second).
// Every computed column has an alias and every ORDER BY names the table's column: an unqualified
// ORDER BY transaction_id would otherwise sort by the text output column ("10" < "9").
export const COLUMNS = `e.transaction_id::text AS tx, e.global_position::text AS gp, e.stream_id, e.stream_revision::text AS rev,
  e.event_id, e.type, e.schema_version, e.data, e.metadata, (extract(epoch FROM e.created_at) * 1000)::int8::text AS recorded_ms`;

const PAD = '00000000000000000000';
export const MAX_SEQUENCE = '9223372036854775807'; // the largest bigint: after every event of a transaction

/** Same result as encodePosition, without going through BigInt for every row. */
export function toPosition(tx: string, gp: string): Position {
  return `${PAD.slice(tx.length)}${tx}-${PAD.slice(gp.length)}${gp}` as Position;
}

export type EventRow = [
  tx: string, gp: string, streamId: string, revision: string, id: string, type: string, schemaVersion: number,
  data: Record<string, unknown>, metadata: Record<string, unknown>, recordedAtMs: string,
];

/** An event from its columns, which start at `at` in the row (no copy of the row: readAll decodes many). */
export function toRecorded(row: EventRow | unknown[], at = 0): RecordedEvent {
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
