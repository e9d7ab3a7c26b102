import { useGetOne, type RaRecord } from 'react-admin';
import type { BillingSummary } from '../api/types';

export type BillingRecord = BillingSummary & RaRecord;

/**
 * The account's billing summary (GET /billing through the accounts resource). It refreshes itself:
 * every 2 s while a reload is being charged, every 10 s otherwise, so the counter follows reloads.
 */
export function useBilling(accountId: string) {
  return useGetOne<BillingRecord>(
    'accounts',
    { id: accountId },
    { refetchInterval: (query) => (query.state.data?.autoReload.reloadInFlight ? 2_000 : 10_000) },
  );
}
