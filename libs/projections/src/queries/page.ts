/** A page of rows and how many match in all, for react-admin's lists (Content-Range / total). */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageRequest {
  offset?: number;
  /** 1..500, default 25. */
  limit?: number;
}

export function pageBounds({ offset = 0, limit = 25 }: PageRequest): { offset: number; limit: number } {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number ≥ 0, got ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw new RangeError(`limit must be 1..500, got ${limit}`);
  return { offset, limit };
}

/** Reads `count(*) OVER ()` from the first row: the total and the page in one query. */
export function toPage<R extends { total_count?: string | number }, T>(rows: R[], map: (row: R) => T): Page<T> {
  return { items: rows.map(map), total: rows.length ? Number(rows[0].total_count) : 0 };
}
