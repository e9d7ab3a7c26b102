import { useGetOne, type RaRecord } from 'react-admin';
import type { BillingSummary } from '../api/types';

export type BillingRecord = BillingSummary & RaRecord;

/**
 * The account's billing summary (GET /v1/accounts/:id/billing). It refreshes itself:
 * every 2 s while a reload is being charged, every 10 s otherwise, so the counter follows reloads.
 */
export function useBilling(accountId: string) {
  // Its own resource name: the accounts list's rows (another shape) must never stand in for it.
  return useGetOne<BillingRecord>(
    'billing',
    { id: accountId },
    { refetchInterval: (query) => (query.state.data?.autoReload?.reloadInFlight ? 2_000 : 10_000) },
  );
}
