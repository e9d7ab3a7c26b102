import type { BillingEvent } from '@billing/domain';
import type { TableSpec } from './sql/table';

/** An upcast billing event with what the store recorded about it. */
export interface ProjectionEvent {
  event: BillingEvent;
  id: string;
  /** The store's opaque position: sorts lexicographically in store order. */
  position: string;
  streamId: string;
  recordedAt: Date;
}

/** Every read-model row remembers the last event applied to it, which makes a replayed event a no-op. */
export interface PositionedRow {
  position: string;
}

/**
 * A read model: a pure `evolve(row | null, event)` over rows of one table. `keyOf` names the one row
 * an event touches (values of the table's key columns), or null when the event does not concern it.
 * `evolve` returns the new row, or null to delete it; it never mutates its input and throws only on an
 * event it cannot make sense of (a poison event: the runner stops this projection there).
 */
export interface Projection<Row extends PositionedRow = PositionedRow> {
  /** Also the checkpoint's name and part of the ownership lock's key. */
  name: string;
  table: TableSpec<Row>;
  keyOf(event: ProjectionEvent): string[] | null;
  evolve(row: Row | null, event: ProjectionEvent): Row | null;
}

/**
 * A projection of any row type, for lists of them (the runner, ALL_PROJECTIONS). `Projection<Row>` is
 * invariant in Row, so no narrower type can hold projections of different rows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any>;

/** Applies an event unless the row has already seen it (a replay after a restart, or a duplicate). */
export function applyEvent<Row extends PositionedRow>(projection: Projection<Row>, row: Row | null, event: ProjectionEvent): Row | null {
  if (row && row.position >= event.position) return row;
  return projection.evolve(row, event);
}

/** Instants are stored as timestamptz and read back as ISO strings in UTC; rows hold them in that form. */
export function iso(instant: string | Date): string {
  return (instant instanceof Date ? instant : new Date(instant)).toISOString();
}
