import type { ClientBase } from 'pg';

export type ColumnType = 'text' | 'uuid' | 'int' | 'bigint' | 'bool' | 'timestamptz' | 'numeric';

/** A read-model table: its columns (row fields in camelCase, columns in snake_case) and its key. */
export interface TableSpec<Row> {
  name: string;
  key: readonly (keyof Row & string)[];
  columns: { readonly [K in keyof Row & string]: ColumnType };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Schema names end up in SQL text, so only plain identifiers are accepted. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain SQL identifier (a-z, 0-9, _)`);
  return name;
}

export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function qualified(schema: string, table: string): string {
  return `${assertIdentifier(schema)}.${assertIdentifier(table)}`;
}

export function keyString(values: readonly string[]): string {
  return JSON.stringify(values);
}

/** Loads, saves and deletes rows of one table in batches: one round trip each, whatever the batch size. */
export class Table<Row> {
  readonly qualifiedName: string;
  /** Each field with its column name, worked out once (saving a batch names every field of every row). */
  private readonly fieldColumns: [keyof Row & string, string][];
  private readonly keyColumns: string;
  private readonly keyArrays: string;
  private readonly upsertSql: string;

  constructor(readonly spec: TableSpec<Row>, schema: string) {
    this.qualifiedName = qualified(schema, spec.name);
    const fields = Object.keys(spec.columns) as (keyof Row & string)[];
    const columns = fields.map(snakeCase);
    this.fieldColumns = fields.map((field, i) => [field, columns[i]]);
    this.keyColumns = spec.key.map(snakeCase).join(', ');
    this.keyArrays = spec.key.map((field, i) => `$${i + 1}::${spec.columns[field]}[]`).join(', ');
    const updates = columns.filter((c) => !spec.key.map(snakeCase).includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
    // json_populate_recordset turns one JSON array into typed rows: a whole batch in one statement.
    this.upsertSql = `INSERT INTO ${this.qualifiedName} (${columns.join(', ')})
      SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${this.qualifiedName}, $1::json)
      ON CONFLICT (${this.keyColumns}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  }

  keyOf(row: Row): string[] {
    return this.spec.key.map((field) => String(row[field]));
  }

  async load(client: ClientBase, keys: readonly string[][]): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    if (keys.length === 0) return found;
    const arrays = this.spec.key.map((_, i) => keys.map((key) => key[i]));
    // One primary-key lookup per key, whatever the table's size: a plain `(key) IN (unnest …)` let the
    // planner hash-join against a sequential scan of the whole table, once per batch (5 ms at 13,000
    // calls, growing with history). LIMIT 1 keeps the lateral lookup from being flattened into a join.
    const keyColumns = this.spec.key.map(snakeCase);
    const matches = keyColumns.map((column, i) => `t.${column} = k.k${i}`).join(' AND ');
    const result = await client.query<{ r: Record<string, unknown> }>(
      `SELECT to_json(t) AS r FROM unnest(${this.keyArrays}) AS k(${keyColumns.map((_, i) => `k${i}`).join(', ')})
       CROSS JOIN LATERAL (SELECT * FROM ${this.qualifiedName} t WHERE ${matches} LIMIT 1) t`,
      arrays,
    );
    for (const { r } of result.rows) {
      const row = this.fromJson(r);
      found.set(keyString(this.keyOf(row)), row);
    }
    return found;
  }

  async save(client: ClientBase, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const json = rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (const [field, column] of this.fieldColumns) record[column] = row[field] ?? null;
      return record;
    });
    await client.query(this.upsertSql, [JSON.stringify(json)]);
  }

  async remove(client: ClientBase, keys: readonly string[][]): Promise<void> {
    if (keys.length === 0) return;
    const arrays = this.spec.key.map((_, i) => keys.map((key) => key[i]));
    await client.query(`DELETE FROM ${this.qualifiedName} WHERE (${this.keyColumns}) IN (SELECT * FROM unnest(${this.keyArrays}))`, arrays);
  }

  /** Every row in key order: for comparisons with a fresh replay and for audits. */
  async all(client: ClientBase): Promise<Row[]> {
    const result = await client.query<{ r: Record<string, unknown> }>(
      `SELECT to_json(t) AS r FROM ${this.qualifiedName} t ORDER BY ${this.keyColumns}`,
    );
    return result.rows.map(({ r }) => this.fromJson(r));
  }

  /** A row as read from to_json: snake_case to camelCase, timestamps to ISO strings in UTC. */
  fromJson(json: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const [field, column] of this.fieldColumns) {
      const value = json[column] ?? null;
      row[field] = value !== null && this.spec.columns[field] === 'timestamptz' ? new Date(value as string).toISOString() : value;
    }
    return row as Row;
  }
}
