import { Chip } from '@mui/material';
import { Datagrid, DateField, FunctionField, List, TextField } from 'react-admin';
import type { WebhookEndpoint } from './types';

export function StatusOf({ endpoint }: { endpoint: WebhookEndpoint }) {
  return endpoint.status === 'enabled'
    ? <Chip size="small" color="success" label="Enabled" />
    : <Chip size="small" color="error" label="Disabled" title={endpoint.disabledReason ?? undefined} />;
}

/** Every endpoint with its status; a disabled one says why. */
export function WebhookEndpointList() {
  return (
    <List title="Webhook endpoints" pagination={false} perPage={1000} exporter={false} sort={{ field: 'createdAt', order: 'ASC' }}>
      <Datagrid rowClick="show" bulkActionButtons={false} data-testid="webhook-endpoints">
        <TextField source="url" label="URL" sortable={false} />
        <FunctionField label="Status" sortable={false} render={(e: WebhookEndpoint) => <StatusOf endpoint={e} />} />
        <FunctionField label="Why disabled" sortable={false} render={(e: WebhookEndpoint) => e.disabledReason ?? ''} />
        <FunctionField label="Events" sortable={false} render={(e: WebhookEndpoint) => (e.eventTypes ? e.eventTypes.join(', ') : 'All')} />
        <FunctionField label="Account" sortable={false} render={(e: WebhookEndpoint) => e.accountId ?? 'All'} />
        <TextField source="description" sortable={false} emptyText="" />
        <DateField source="createdAt" label="Created" showTime sortable={false} />
      </Datagrid>
    </List>
  );
}
