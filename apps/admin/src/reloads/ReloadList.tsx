import { Datagrid, FunctionField, Pagination, ReferenceManyField, TextField } from 'react-admin';
import { formatDateTime, formatMoney } from '../api/format';
import { StatusChip } from '../api/StatusChip';
import type { ReloadRow as Reload } from '../api/types';

/** Auto-reloads with their outcome: paid (with the payment), pending, or failed with the decline code. */
export function ReloadList() {
  return (
    <ReferenceManyField reference="reloads" target="accountId" perPage={25} pagination={<Pagination />} empty={<Empty />}>
      <Datagrid bulkActionButtons={false} rowClick={false} sx={{ '& td': { whiteSpace: 'nowrap' } }}>
        <FunctionField label="Triggered" render={(r: Reload) => formatDateTime(r.triggeredAt)} />
        <TextField source="month" label="Month" />
        <FunctionField label="Outcome" render={(r: Reload) => <StatusChip status={r.status} />} />
        <TextField source="declineCode" label="Decline code" emptyText="—" />
        <FunctionField label="Minutes" textAlign="right" render={(r: Reload) => r.minutes.toLocaleString('en-US')} />
        <FunctionField label="Total" textAlign="right" render={(r: Reload) => formatMoney({ amount: r.totalCents, currency: r.currency })} />
        <TextField source="paymentReference" label="Payment" emptyText="—" />
        <TextField source="callId" label="After call" />
      </Datagrid>
    </ReferenceManyField>
  );
}

const Empty = () => <p style={{ padding: 16 }}>No auto-reloads.</p>;
