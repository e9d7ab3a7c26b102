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
import type { SettingsChangeRow } from '../settings/settings';
import { settingsChangesProjection } from '../settings/settings';
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

/** The auto-reload settings events of an account, oldest first (the trail is worked out from them in order). */
export async function settingsChangesOf(pool: Pool, accountId: string, schema = 'public'): Promise<SettingsChangeRow[]> {
  const table = new Table<SettingsChangeRow>(settingsChangesProjection.table, schema);
  const result = await pool.query(`SELECT to_json(t) AS r FROM ${table.qualifiedName} t WHERE t.account_id = $1 ORDER BY t.position`, [accountId]);
  return result.rows.map((row) => table.fromJson(row.r));
}

/** Credit seconds the calls that ended in (since, until] used, and the end of the account's first call. */
export async function creditUseOf(pool: Pool, accountId: string, since: Date, until: Date, schema = 'public'): Promise<{ creditSeconds: number; firstCallAt: Date | null }> {
  const table = new Table(callsProjection.table, schema).qualifiedName;
  const [used, first] = await Promise.all([
    pool.query<{ s: string }>(`SELECT coalesce(sum(credit_seconds), 0) AS s FROM ${table} WHERE account_id = $1 AND ended_at > $2 AND ended_at <= $3`, [accountId, since, until]),
    pool.query<{ at: Date }>(`SELECT ended_at AS at FROM ${table} WHERE account_id = $1 ORDER BY ended_at LIMIT 1`, [accountId]),
  ]);
  return { creditSeconds: Number(used.rows[0].s), firstCallAt: first.rows[0]?.at ?? null };
}
