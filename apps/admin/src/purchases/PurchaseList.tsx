import { Datagrid, FunctionField, Pagination, ReferenceManyField, TextField } from 'react-admin';
import type { PurchaseView as Purchase } from '../api/types';
import { formatDateTime, formatMoney } from '../api/format';
import { StatusChip } from '../api/StatusChip';

/** The account's manual purchases (Checkout), newest first, with their status. */
export function PurchaseList() {
  return (
    <ReferenceManyField reference="credit-purchases" target="accountId" perPage={25} pagination={<Pagination />} empty={<Empty />}>
      <Datagrid bulkActionButtons={false} rowClick={false} sx={{ '& td': { whiteSpace: 'nowrap' } }}>
        <FunctionField label="Started" render={(p: Purchase) => formatDateTime(p.startedAt)} />
        <FunctionField label="Status" render={(p: Purchase) => <StatusChip status={p.status} />} />
        <FunctionField label="Minutes" textAlign="right" render={(p: Purchase) => `${p.minutes.toLocaleString('en-US')} (${p.blocks} × 100)`} />
        <FunctionField label="Rate" textAlign="right" render={(p: Purchase) => `${formatMoney(p.ratePerMinute)}/min`} />
        <FunctionField label="Total" textAlign="right" render={(p: Purchase) => formatMoney(p.total)} />
        <TextField source="paymentReference" label="Payment" emptyText="—" />
        <TextField source="purchaseId" label="Purchase id" sx={{ fontFamily: 'monospace', fontSize: 12 }} />
      </Datagrid>
    </ReferenceManyField>
  );
}

const Empty = () => <p style={{ padding: 16 }}>No credit purchases.</p>;
