import type { ClientBase } from 'pg';
import { qualified, snakeCase, type TableSpec } from '../sql/table';

/**
 * Upserts rows the way Table.save does, faster for the rebuild's big batches: the rows go as they are
 * (camelCase JSON, one JSON.stringify) and PostgreSQL maps the fields to typed columns with
 * json_to_recordset. Renaming every field of every row in JavaScript first cost about as much as the
 * insert itself (measured: ~110 ms against ~8 ms per 10,000 ledger rows).
 */
export class BulkSaver<Row> {
  private readonly sql: string;

  constructor(spec: TableSpec<Row>, schema: string) {
    const fields = Object.keys(spec.columns) as (keyof Row & string)[];
    const columns = fields.map(snakeCase);
    const keys = spec.key.map(snakeCase);
    const definitions = fields.map((f) => `"${f}" ${spec.columns[f]}`).join(', ');
    const updates = columns.filter((c) => !keys.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
    this.sql = `INSERT INTO ${qualified(schema, spec.name)} (${columns.join(', ')})
      SELECT ${fields.map((f) => `"${f}"`).join(', ')} FROM json_to_recordset($1::json) AS r(${definitions})
      ON CONFLICT (${keys.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  }

  async save(client: ClientBase, rows: readonly Row[]): Promise<void> {
    if (rows.length > 0) await client.query(this.sql, [JSON.stringify(rows)]);
  }
}
