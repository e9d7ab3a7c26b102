import type { Pool } from 'pg';
import type { AnyProjection } from '../projection';
import type { LedgerEntry, LedgerKind } from '../ledger/ledger';
import { ledgerProjection } from '../ledger/ledger';
import type { PurchaseRow } from '../purchases/purchases';
import { purchasesProjection } from '../purchases/purchases';
import type { ReloadRow } from '../reloads/reloads';
import { reloadsProjection } from '../reloads/reloads';
import type { CallRow } from '../calls/calls';
import { callsProjection } from '../calls/calls';
import { Table } from '../sql/table';
import { type Page, type PageRequest, pageBounds, toPage } from './page';

export interface HistoryQuery extends PageRequest {
  /** Inclusive lower bound on the row's time. */
  from?: Date;
  /** Exclusive upper bound on the row's time. */
  to?: Date;
  schema?: string;
}

/**
 * One account's rows of a read model, newest first, with the total: every history list works the same way.
 * The ledger is in store order (position); the others by their own time, then position.
 */
async function pageOf<Row>(
  pool: Pool, projection: AnyProjection, time: string, accountId: string, query: HistoryQuery, extra = '', extraValues: unknown[] = [],
): Promise<Page<Row>> {
  const { offset, limit } = pageBounds(query);
  const table = new Table<Row>(projection.table, query.schema ?? 'public');
  const result = await pool.query(
    `SELECT to_json(t) AS r, count(*) OVER () AS total_count FROM ${table.qualifiedName} t
     WHERE t.account_id = $1 AND ($2::timestamptz IS NULL OR t.${time} >= $2) AND ($3::timestamptz IS NULL OR t.${time} < $3) ${extra}
     ORDER BY ${time === 'at' ? '' : `t.${time} DESC, `}t.position DESC OFFSET $4 LIMIT $5`,
    [accountId, query.from ?? null, query.to ?? null, offset, limit, ...extraValues],
  );
  return toPage(result.rows, (row) => table.fromJson(row.r));
}

/** The credit ledger of an account, newest first; `kinds` narrows it (e.g. only calls). */
export function ledgerOf(pool: Pool, accountId: string, query: HistoryQuery & { kinds?: readonly LedgerKind[] } = {}): Promise<Page<LedgerEntry>> {
  return pageOf(pool, ledgerProjection, 'at', accountId, query, 'AND ($6::text[] IS NULL OR t.kind = ANY ($6))', [query.kinds?.length ? query.kinds : null]);
}

export function purchasesOf(pool: Pool, accountId: string, query: HistoryQuery = {}): Promise<Page<PurchaseRow>> {
  return pageOf(pool, purchasesProjection, 'started_at', accountId, query);
}

export async function purchase(pool: Pool, accountId: string, purchaseId: string, schema = 'public'): Promise<PurchaseRow | undefined> {
  const table = new Table(purchasesProjection.table, schema);
  const client = await pool.connect();
  try {
    return (await table.load(client, [[accountId, purchaseId]])).values().next().value;
  } finally {
    client.release();
  }
}

export function reloadsOf(pool: Pool, accountId: string, query: HistoryQuery = {}): Promise<Page<ReloadRow>> {
  return pageOf(pool, reloadsProjection, 'triggered_at', accountId, query);
}

export function callsOf(pool: Pool, accountId: string, query: HistoryQuery = {}): Promise<Page<CallRow>> {
  return pageOf(pool, callsProjection, 'ended_at', accountId, query);
}
