import type { PositionedRow, Projection, ProjectionEvent } from './projection';
import { applyEvent } from './projection';
import { keyString } from './sql/table';

/**
 * A read model folded in memory from the start, rows in key order: the reference the stored tables are
 * compared with (tests, and the auditor's verify later). It uses the same evolve as the runner.
 */
export function replay<Row extends PositionedRow>(projection: Projection<Row>, events: Iterable<ProjectionEvent>): Row[] {
  const rows = new Map<string, Row | null>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const k = keyString(key);
    rows.set(k, applyEvent(projection, rows.get(k) ?? null, event));
  }
  return [...rows.entries()]
    .filter((entry): entry is [string, Row] => entry[1] !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}
