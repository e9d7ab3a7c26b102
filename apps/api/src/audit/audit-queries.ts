import type { Pool } from 'pg';
import { accountStreamName } from '@billing/domain';
import type { EventStore } from '@billing/event-store';
import { type LedgerEntry, ledgerProjection, Table } from '@billing/projections';
import type { InstantRange } from './range';
import { replayTable, type ReplayRow } from './replay-table';

/** The account's history folded from its events, or undefined when the account has none. */
export async function replayAccount(store: EventStore, accountId: string, until?: Date): Promise<ReplayRow[] | undefined> {
  const events = await store.readStream(accountStreamName(accountId));
  return events.length === 0 ? undefined : replayTable(events, until);
}

/** Rows per page of an export: memory stays flat however long the ledger is. */
export const EXPORT_PAGE = 5_000;

/**
 * The account's credit ledger within the range, oldest first (store order), a page at a time (keyset on
 * the position, which sorts as text in store order); undefined when the read models know no such account.
 */
export async function ledgerPagesForExport(pool: Pool, accountId: string, range: InstantRange, schema = 'public', pageSize = EXPORT_PAGE): Promise<AsyncIterable<LedgerEntry[]> | undefined> {
  const known = await pool.query(`SELECT 1 FROM ${schema}.proj_accounts WHERE account_id = $1`, [accountId]);
  if (known.rowCount === 0) return undefined;
  const table = new Table<LedgerEntry>(ledgerProjection.table, schema);
  return {
    async *[Symbol.asyncIterator]() {
      for (let after = ''; ;) {
        const result = await pool.query<{ r: Record<string, unknown> }>(
          `SELECT to_json(t) AS r FROM ${table.qualifiedName} t WHERE account_id = $1 AND at >= $2 AND at < $3 AND position > $4 ORDER BY position LIMIT $5`,
          [accountId, range.from, range.to, after, pageSize],
        );
        const page = result.rows.map(({ r }) => table.fromJson(r));
        if (page.length) yield page;
        if (page.length < pageSize) return;
        after = page[page.length - 1].position;
      }
    },
  };
}

/** The whole range at once (the CLI writes it to a file or stdout). */
export async function ledgerForExport(pool: Pool, accountId: string, range: InstantRange, schema = 'public'): Promise<LedgerEntry[] | undefined> {
  const pages = await ledgerPagesForExport(pool, accountId, range, schema);
  if (!pages) return undefined;
  const entries: LedgerEntry[] = [];
  for await (const page of pages) entries.push(...page);
  return entries;
}
