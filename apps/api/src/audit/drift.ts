/** One difference between a stored read model and the same model recomputed from the events. */
export interface Drift {
  projection: string;
  /** The row's key, e.g. the account id (several columns joined by "/"). */
  key: string;
  /** The differing field, or "(row)" when the row exists on one side only. */
  field: string;
  readModel: unknown;
  replayed: unknown;
}

export const MISSING = '(missing)';
export const PRESENT = '(present)';

/** Values as the database returns them and as replay builds them are both plain JSON: compare as such. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Row by row, field by field: the stored rows against the replayed ones, both keyed by `keyOf`.
 * Rows only on one side are one drift each; drifts come out in key order, then field order.
 */
export function compareRows<Row extends object>(
  projection: string, stored: readonly Row[], replayed: readonly Row[], keyOf: (row: Row) => readonly string[],
): Drift[] {
  const key = (row: Row) => keyOf(row).join('/');
  const storedByKey = new Map(stored.map((row) => [key(row), row]));
  const replayedByKey = new Map(replayed.map((row) => [key(row), row]));
  const keys = [...new Set([...storedByKey.keys(), ...replayedByKey.keys()])].sort();
  const drifts: Drift[] = [];
  for (const k of keys) {
    const s = storedByKey.get(k);
    const r = replayedByKey.get(k);
    if (!s || !r) {
      drifts.push({ projection, key: k, field: '(row)', readModel: s ? PRESENT : MISSING, replayed: r ? PRESENT : MISSING });
      continue;
    }
    const fields = [...new Set([...Object.keys(r), ...Object.keys(s)])] as (keyof Row & string)[];
    for (const field of fields) {
      if (!same(s[field], r[field])) drifts.push({ projection, key: k, field, readModel: s[field] ?? null, replayed: r[field] ?? null });
    }
  }
  return drifts;
}

/** For the terminal: one line per drift, aligned enough to read. */
export function formatDrift(drift: Drift): string {
  return `${drift.projection} ${drift.key} ${drift.field}: read model ${JSON.stringify(drift.readModel)}, replayed ${JSON.stringify(drift.replayed)}`;
}
