import { Skeleton, Stack } from '@mui/material';
import { lazy, Suspense } from 'react';
import {
  Datagrid, DateInput, FilterButton, FunctionField, List, SelectArrayInput, TextField, TopToolbar,
} from 'react-admin';
import type { LedgerEntry } from '../api/types';
import { formatDateTime } from '../api/format';
import { kindLabel, LEDGER_KINDS, signedMinutes } from './kinds';
import { ServerExportButton } from './ServerExportButton';

// The chart library is the console's largest dependency: fetched only when a chart is shown.
const BalanceChart = lazy(() => import('./BalanceChart').then((m) => ({ default: m.BalanceChart })));

const filters = [
  <SelectArrayInput key="kind" source="kind" label="Kind" choices={LEDGER_KINDS} alwaysOn sx={{ minWidth: 200 }} />,
  <DateInput key="from" source="from" label="From" alwaysOn />,
  <DateInput key="to" source="to" label="To (inclusive)" alwaysOn />,
];

/** The credit ledger: every movement with its running balance, filters by kind and date, the server's CSV export. */
export function CreditHistory({ accountId }: { accountId: string }) {
  return (
    <Stack spacing={2} sx={{ width: '100%' }}>
      <Suspense fallback={<Skeleton variant="rounded" height={280} />}>
        <BalanceChart accountId={accountId} />
      </Suspense>
      <List
        resource="ledger"
        filter={{ accountId }}
        filters={filters}
        exporter={false}
        disableSyncWithLocation
        storeKey={false}
        title={false}
        perPage={25}
        empty={<p style={{ padding: 16 }}>No credit movements yet.</p>}
        actions={
          <TopToolbar>
            <FilterButton />
            <ServerExportButton accountId={accountId} />
          </TopToolbar>
        }
        sx={{ '& .RaList-main': { minWidth: 0 } }}
      >
        <Datagrid bulkActionButtons={false} rowClick={false} sx={{ '& td': { whiteSpace: 'nowrap' } }}>
          <FunctionField label="When" render={(e: LedgerEntry) => formatDateTime(e.at, true)} />
          <FunctionField label="Kind" render={(e: LedgerEntry) => kindLabel(e.kind)} />
          <FunctionField label="Minutes" textAlign="right" render={(e: LedgerEntry) => signedMinutes(e.minutes)} />
          <FunctionField label="Balance after" textAlign="right" render={(e: LedgerEntry) => e.balanceAfterMinutes.toLocaleString('en-US')} />
          <FunctionField label="Cause" render={(e: LedgerEntry) => e.callId ?? e.reloadId ?? e.purchaseId ?? '—'} />
          <TextField source="position" label="Position" sx={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Datagrid>
      </List>
    </Stack>
  );
}
