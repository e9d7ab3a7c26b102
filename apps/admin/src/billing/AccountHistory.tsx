import { useState } from 'react';
import { Box, Card, Tab, Tabs, Typography } from '@mui/material';
import { RecordContextProvider } from 'react-admin';
import { CallList } from '../calls';
import { CreditHistory } from '../ledger';
import { PurchaseList } from '../purchases';
import { ReloadList } from '../reloads';
import { SettingsTrail } from './SettingsTrail';

const TABS = ['Credit history', 'Purchases', 'Reloads', 'Calls', 'Settings history'] as const;

/**
 * The account's own history on its billing page: the support console's lists (the same components),
 * for the account's Administrators and Editors, plus the settings trail. The lists read the record's id.
 */
export function AccountHistory({ accountId }: { accountId: string }) {
  const [tab, setTab] = useState(0);
  return (
    <Card data-testid="account-history" sx={{ minWidth: 0 }}>
      <Typography variant="overline" color="text.secondary" component="h2" sx={{ px: 2, pt: 2, display: 'block' }}>
        History
      </Typography>
      <Tabs value={tab} onChange={(_, value: number) => setTab(value)} variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile aria-label="Account history">
        {TABS.map((label, index) => (
          <Tab key={label} label={label} id={`history-tab-${index}`} aria-controls={`history-panel-${index}`} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`history-panel-${tab}`} aria-labelledby={`history-tab-${tab}`} sx={{ p: { xs: 1, sm: 2 }, minWidth: 0, overflowX: 'auto' }}>
        <RecordContextProvider value={{ id: accountId }}>
          {tab === 0 && <CreditHistory accountId={accountId} />}
          {tab === 1 && <PurchaseList />}
          {tab === 2 && <ReloadList />}
          {tab === 3 && <CallList />}
          {tab === 4 && <SettingsTrail accountId={accountId} />}
        </RecordContextProvider>
      </Box>
    </Card>
  );
}
