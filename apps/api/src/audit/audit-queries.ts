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

/**
 * The account's credit ledger within the range, oldest first (store order), for export; undefined when
 * the read models know no such account.
 */
export async function ledgerForExport(pool: Pool, accountId: string, range: InstantRange, schema = 'public'): Promise<LedgerEntry[] | undefined> {
  const known = await pool.query(`SELECT 1 FROM ${schema}.proj_accounts WHERE account_id = $1`, [accountId]);
  if (known.rowCount === 0) return undefined;
  const table = new Table<LedgerEntry>(ledgerProjection.table, schema);
  const result = await pool.query<{ r: Record<string, unknown> }>(
    `SELECT to_json(t) AS r FROM ${table.qualifiedName} t WHERE account_id = $1 AND at >= $2 AND at < $3 ORDER BY position`,
    [accountId, range.from, range.to],
  );
  return result.rows.map(({ r }) => table.fromJson(r));
}
