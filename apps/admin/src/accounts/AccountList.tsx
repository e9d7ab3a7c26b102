import { Chip, useMediaQuery, type Theme } from '@mui/material';
import { Datagrid, FunctionField, List, SearchInput, SelectInput, SimpleList, SortButton, TextField, TopToolbar } from 'react-admin';
import { formatDateTime } from '../api/format';
import type { AccountRow } from '../api/types';
import { planName, PLAN_CHOICES } from './plans';

const filters = [
  <SearchInput key="q" source="q" placeholder="Search account id" alwaysOn />,
  <SelectInput key="plan" source="planId" label="Plan" choices={PLAN_CHOICES} alwaysOn emptyText="Any plan" />,
  <SelectInput
    key="autoReload"
    source="autoReload"
    label="Auto-reload"
    choices={[{ id: 'on', name: 'On' }, { id: 'off', name: 'Off' }]}
    alwaysOn
    emptyText="On or off"
  />,
];

const autoReload = (a: AccountRow) =>
  a.autoReloadEnabled ? (
    <Chip size="small" color="success" variant="outlined" label={`On · below ${a.thresholdMinutes} min`} />
  ) : (
    <Chip size="small" variant="outlined" label="Off" />
  );

const reloads = (a: AccountRow) =>
  a.monthlyMaximumInForce > 0 ? `${a.reloadsThisMonth} of ${a.monthlyMaximumInForce} reloads this month` : 'no auto-reload on this plan';

/** Support and auditors: every account, searchable, filtered by plan and auto-reload, sorted by balance or reloads. */
export function AccountList() {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filters={filters}
      sort={{ field: 'accountId', order: 'ASC' }}
      perPage={25}
      exporter={false}
      title="Accounts"
      actions={
        phone ? (
          <TopToolbar>
            <SortButton fields={['accountId', 'balance', 'reloadsThisMonth', 'lastEventAt']} />
          </TopToolbar>
        ) : false
      }
    >
      {phone ? (
        <SimpleList
          primaryText={(a: AccountRow) => a.accountId}
          secondaryText={(a: AccountRow) => `${planName(a.planId)} · ${reloads(a)}`}
          tertiaryText={(a: AccountRow) => `${a.balanceMinutes.toLocaleString('en-US')} min`}
          linkType="show"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="accountId" label="Account" />
          <FunctionField source="planId" sortBy="plan" label="Plan" render={(a: AccountRow) => planName(a.planId)} />
          <FunctionField
            source="balanceMinutes"
            sortBy="balance"
            label="Credit balance (min)"
            textAlign="right"
            render={(a: AccountRow) => a.balanceMinutes.toLocaleString('en-US')}
          />
          <FunctionField label="Auto-reload" sortable={false} render={autoReload} />
          <FunctionField
            source="reloadsThisMonth"
            sortBy="reloadsThisMonth"
            label="Reloads this month"
            textAlign="right"
            render={(a: AccountRow) => (a.monthlyMaximumInForce > 0 ? `${a.reloadsThisMonth} of ${a.monthlyMaximumInForce}` : '—')}
          />
          <FunctionField source="lastEventAt" sortBy="lastEventAt" label="Last activity" render={(a: AccountRow) => formatDateTime(a.lastEventAt)} />
        </Datagrid>
      )}
    </List>
  );
}
