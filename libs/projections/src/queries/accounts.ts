import type { Pool } from 'pg';
import { DEFAULT_PLANS, effectiveMonthlyMaximum, monthOf, type PlanCatalogue, type PlanId } from '@billing/domain';
import type { AccountRow } from '../accounts/accounts';
import { accountsProjection } from '../accounts/accounts';
import { qualified, Table } from '../sql/table';
import { type Page, type PageRequest, pageBounds, toPage } from './page';

export interface AccountListItem extends AccountRow {
  /** The current calendar month in the account's time zone (the domain's monthOf). */
  currentMonth: string;
  reloadsThisMonth: number;
  /** Y of "X of Y used this month": the administrator's maximum capped by the plan's limit. */
  monthlyMaximumInForce: number;
}

export interface ListAccountsQuery extends PageRequest {
  /** Matches the account id (case-insensitive, anywhere). */
  search?: string;
  /** Exactly this account. */
  accountId?: string;
  plan?: PlanId;
  autoReload?: boolean;
  sort?: 'accountId' | 'balance' | 'reloadsThisMonth' | 'plan' | 'lastEventAt';
  order?: 'asc' | 'desc';
  /** "Now", for the current month (default: this process's clock). */
  now?: Date;
  plans?: PlanCatalogue;
  schema?: string;
}

const SORTS = { accountId: 'a.account_id', balance: 'a.balance_seconds', reloadsThisMonth: 'reloads_this_month', plan: 'a.plan_id', lastEventAt: 'a.last_event_at' };

/**
 * The console's account list. The month rolls over without an event, so "reloads this month" is a join
 * on the current month of each account's time zone. The month is the domain's (monthOf), computed here
 * once per zone in use and passed in as (zone, month) pairs: PostgreSQL's zone database is not the
 * domain's, and `AT TIME ZONE` on a stored value would fail the whole list for one bad row. A stored zone
 * PostgreSQL does not know (US/Pacific-New) is listed like any other; one nobody knows (written by an older
 * version) counts in UTC, as monthOf does for that account everywhere else.
 */
export async function listAccounts(pool: Pool, query: ListAccountsQuery = {}): Promise<Page<AccountListItem>> {
  const { offset, limit } = pageBounds(query);
  const schema = query.schema ?? 'public';
  const sort = SORTS[query.sort ?? 'accountId'];
  if (!sort) throw new RangeError(`unknown sort: ${query.sort}`);
  const order = query.order === 'desc' ? 'DESC' : 'ASC';
  const table = new Table(accountsProjection.table, schema);
  // The search is a substring, not a pattern: `_` and `%` in it match themselves (acc_1 must not find accX1).
  const search = query.search === undefined ? null : query.search.replace(/[\\%_]/g, (c) => `\\${c}`);
  const filters = [search, query.plan ?? null, query.autoReload ?? null, query.accountId ?? null];
  const where = `($1::text IS NULL OR a.account_id ILIKE '%' || $1 || '%')
         AND ($2::text IS NULL OR a.plan_id = $2) AND ($3::boolean IS NULL OR a.auto_reload_enabled = $3)
         AND ($4::text IS NULL OR a.account_id = $4)`;
  const zones = await pool.query<{ time_zone: string }>(`SELECT DISTINCT a.time_zone FROM ${qualified(schema, 'proj_accounts')} a WHERE ${where}`, filters);
  const months = currentMonths(zones.rows.map((row) => row.time_zone), (query.now ?? new Date()).toISOString());
  const result = await pool.query(
    `WITH m AS (SELECT * FROM unnest($7::text[], $8::text[]) AS m(time_zone, month)),
     a AS (
       SELECT a.*, m.month AS current_month
       FROM ${qualified(schema, 'proj_accounts')} a LEFT JOIN m ON m.time_zone = a.time_zone
       WHERE ${where})
     SELECT to_json(a) AS r, a.current_month, coalesce(u.reloads_completed, 0) AS reloads_this_month, count(*) OVER () AS total_count
     FROM a LEFT JOIN ${qualified(schema, 'proj_monthly_usage')} u ON u.account_id = a.account_id AND u.month = a.current_month
     ORDER BY ${sort} ${order}, a.account_id ${order} OFFSET $5 LIMIT $6`,
    [...filters, offset, limit, [...months.keys()], [...months.values()]],
  );
  const plans = query.plans ?? DEFAULT_PLANS;
  return toPage(result.rows, (row) => {
    const account = table.fromJson(row.r);
    return {
      ...account, currentMonth: row.current_month, reloadsThisMonth: Number(row.reloads_this_month),
      monthlyMaximumInForce: effectiveMonthlyMaximum(
        {
          enabled: account.autoReloadEnabled, thresholdMinutes: account.thresholdMinutes, monthlyMaximum: account.monthlyMaximum,
          disabledReason: account.disabledReason, consecutiveFailures: account.consecutiveFailures, lastFailureCode: null, reloadInFlight: account.reloadInFlight,
        },
        plans[account.planId],
      ),
    };
  });
}

/** The current month of each zone in use, as the domain counts it. */
function currentMonths(timeZones: readonly string[], now: string): Map<string, string> {
  return new Map(timeZones.map((timeZone) => [timeZone, monthOf(now, timeZone)]));
}

export async function accountSummary(pool: Pool, accountId: string, options: Pick<ListAccountsQuery, 'now' | 'plans' | 'schema'> = {}): Promise<AccountListItem | undefined> {
  return (await listAccounts(pool, { ...options, accountId, limit: 1 })).items[0];
}
