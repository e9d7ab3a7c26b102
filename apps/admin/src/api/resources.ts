/**
 * How each react-admin resource maps onto the API. Account-scoped resources need the account: a
 * `accountId` filter (getList) or `target: 'accountId'` (getManyReference).
 */
export interface ResourceSpec {
  /** The list's URL path for an account (or for all accounts). */
  path(accountId: string | undefined): string;
  /** The record's id field in the API's JSON. */
  idField: string;
  /** 'offset': offset/limit + X-Total-Count; 'revision': fromRevision/limit; 'none': the whole array at once. */
  paging: 'offset' | 'revision' | 'none';
  /** Filters the API understands, turned into query parameters. */
  query?(filter: Record<string, unknown>): Record<string, string | undefined>;
  /** The API's sort names for react-admin's sort fields. */
  sorts?: Record<string, string>;
  scoped: boolean;
  /** The answer is an object holding the rows under this key (not a bare array). */
  unwrap?: string;
}

const account = (suffix: string) => (accountId: string | undefined) => `/v1/accounts/${encodeURIComponent(accountId ?? '')}/${suffix}`;

/**
 * A date input's "YYYY-MM-DD", sent as the date itself: the API reads it in the account's time zone
 * (the domain's dayStartIn; `to` includes its day), not in the browser's.
 */
export function calendarDate(day: unknown): string | undefined {
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}/.test(day) ? day.slice(0, 10) : undefined;
}

export const RESOURCES: Record<string, ResourceSpec> = {
  accounts: {
    path: () => '/v1/accounts',
    idField: 'accountId',
    paging: 'offset',
    scoped: false,
    query: (f) => ({
      q: typeof f.q === 'string' && f.q.trim() ? f.q.trim() : undefined,
      plan: typeof f.planId === 'string' ? f.planId : undefined,
      autoReload: f.autoReload === 'on' || f.autoReload === 'off' ? f.autoReload : undefined,
    }),
    sorts: { accountId: 'accountId', id: 'accountId', balanceMinutes: 'balance', balance: 'balance', reloadsThisMonth: 'reloadsThisMonth', planId: 'plan', plan: 'plan', lastEventAt: 'lastEventAt' },
  },
  ledger: {
    path: account('ledger'),
    idField: 'eventId',
    paging: 'offset',
    scoped: true,
    query: (f) => ({
      kind: Array.isArray(f.kind) ? (f.kind.length ? f.kind.join(',') : undefined) : typeof f.kind === 'string' && f.kind ? f.kind : undefined,
      from: calendarDate(f.from),
      to: calendarDate(f.to),
    }),
  },
  'credit-purchases': { path: account('credit-purchases'), idField: 'purchaseId', paging: 'none', scoped: true },
  reloads: { path: account('reloads'), idField: 'reloadId', paging: 'offset', scoped: true },
  calls: { path: account('calls'), idField: 'callId', paging: 'offset', scoped: true },
  events: { path: account('events'), idField: 'id', paging: 'revision', scoped: true },
  'webhook-endpoints': { path: () => '/v1/webhook-endpoints', idField: 'id', paging: 'none', scoped: false, unwrap: 'endpoints' },
};

/** The API's largest page; react-admin's exporter asks for more, so bigger pages are fetched in parts. */
export const MAX_PAGE = 500;
