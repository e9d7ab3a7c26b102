import { Alert, List, ListItem, ListItemText, Skeleton } from '@mui/material';
import type { SettingsChange } from '../api/types';
import { formatDateTime } from '../api/format';
import { accountPath, problemOf } from '../api/http';
import { useApiJson } from './useApiJson';

/** Who turned auto-reload on or off or changed it, and when (the API words each change). */
export function SettingsTrail({ accountId }: { accountId: string }) {
  const { data, error, isPending } = useApiJson<SettingsChange[]>(`${accountPath(accountId)}/settings-history`);
  if (isPending) return <Skeleton variant="rounded" height={120} />;
  if (error || !data) return <Alert severity="error">{problemOf(error)?.detail ?? 'The settings history could not be loaded.'}</Alert>;
  if (data.length === 0) return <p style={{ padding: 16 }}>Auto-reload has never been configured.</p>;
  return (
    <List dense data-testid="settings-trail">
      {data.map((change, index) => (
        <ListItem key={`${change.at}-${index}`} divider>
          <ListItemText primary={change.sentence} secondary={formatDateTime(change.at)} slotProps={{ secondary: { color: 'text.secondary' } }} />
        </ListItem>
      ))}
    </List>
  );
}
