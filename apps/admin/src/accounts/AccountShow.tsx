import { Box } from '@mui/material';
import { Show, TabbedShowLayout, TabbedShowLayoutTabs, usePermissions, useRecordContext } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { BalanceAsOf } from '../audit';
import { BillingPanel } from '../billing';
import { CallList } from '../calls';
import { EventList } from '../events';
import { CreditHistory } from '../ledger';
import { PurchaseList } from '../purchases';
import { ReloadList } from '../reloads';

const AccountTitle = () => {
  const record = useRecordContext();
  return <span>Account {record ? String(record.id) : ''}</span>;
};

/** With the record's id: the panels that take the account as a prop. */
function WithAccount({ render }: { render(accountId: string): React.ReactNode }) {
  const record = useRecordContext();
  return record ? <Box sx={{ width: '100%', minWidth: 0 }}>{render(String(record.id))}</Box> : null;
}

/** An account for support and auditors: its billing page (read-only) and its whole history, by tab. */
export function AccountShow() {
  const { permissions } = usePermissions<Permissions>();
  return (
    <Show title={<AccountTitle />} actions={false} sx={{ '& .RaShow-card': { overflow: 'visible' } }}>
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}>
        <TabbedShowLayout.Tab label="Billing">
          <WithAccount render={(id) => <BillingPanel accountId={id} />} />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Credit history" path="history">
          <WithAccount render={(id) => <CreditHistory accountId={id} />} />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Purchases" path="purchases">
          <PurchaseList />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Reloads" path="reloads">
          <ReloadList />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Calls" path="calls">
          <CallList />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Events" path="events">
          <EventList />
        </TabbedShowLayout.Tab>
        {permissions?.role === 'auditor' && (
          <TabbedShowLayout.Tab label="Balance as of" path="as-of">
            <WithAccount render={(id) => <BalanceAsOf accountId={id} />} />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
}
