import type { ClientBase } from 'pg';

/**
 * Secondary indexes slow a bulk load more than building them once at the end: the rebuild drops them
 * from the (private) new tables before filling them and creates them again before the swap, from the
 * definitions PostgreSQL kept. Primary keys stay: the upserts need them.
 */
export async function dropSecondaryIndexes(client: ClientBase, schema: string, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = $1 AND i.tablename = ANY($2)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = $1::regnamespace)`,
    [schema, tables],
  );
  for (const { indexname } of rows) await client.query(`DROP INDEX ${schema}.${quoteIdent(indexname)}`);
  return rows.map((r) => r.indexdef);
}

export async function createIndexes(client: ClientBase, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await client.query(definition);
}

/**
 * Unlogged while bulk-loaded (no write-ahead log per row), logged again before they can be swapped in:
 * SET LOGGED writes each table to the log once, in bulk, and from then on they are as durable as any.
 */
export async function setLogged(client: ClientBase, schema: string, tables: readonly string[], logged: boolean): Promise<void> {
  for (const table of tables) await client.query(`ALTER TABLE ${schema}.${quoteIdent(table)} SET ${logged ? 'LOGGED' : 'UNLOGGED'}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
