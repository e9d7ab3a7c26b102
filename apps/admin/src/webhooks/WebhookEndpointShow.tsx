import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Show, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { formatDateTime } from '../api/format';
import { apiJson, problemOf } from '../api/http';
import { DeliveryLog } from './DeliveryLog';
import type { Delivery, WebhookEndpoint } from './types';
import { StatusOf } from './WebhookEndpointList';

const path = (id: string) => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;

export function WebhookEndpointShow() {
  return (
    <Show title="Webhook endpoint">
      <EndpointDetails />
    </Show>
  );
}

/** The endpoint, its actions (re-enable, rotate the secret, replay) and its delivery log. */
function EndpointDetails() {
  const endpoint = useRecordContext<WebhookEndpoint>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [fromError, setFromError] = useState<string | null>(null);
  const id = endpoint?.id;

  const load = useCallback(async () => {
    if (id) setDeliveries((await apiJson<{ deliveries: Delivery[] }>(`${path(id)}/deliveries?limit=100`)).deliveries);
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!endpoint) return null;
  const act = async (what: string, request: () => Promise<unknown>) => {
    try {
      await request();
      notify(what, { type: 'success' });
      refresh();
      await load();
    } catch (error) {
      notify(problemOf(error)?.detail ?? String(error), { type: 'error' });
    }
  };
  const rotate = () => act('Secret rotated: the old one signs too for 24 hours', async () => {
    setSecret((await apiJson<{ secret: string }>(`${path(endpoint.id)}/rotate-secret`, { method: 'POST' })).secret);
  });
  const enable = (enabled: boolean) => act(enabled ? 'Enabled: delivery resumes where it stopped' : 'Disabled', () =>
    apiJson(path(endpoint.id), { method: 'PATCH', body: JSON.stringify({ enabled }) }));
  const replay = () => {
    if (!/^\d{20}-\d{20}$/.test(from.trim())) {
      setFromError('A position from the feed: two 20-digit numbers joined by "-"');
      return;
    }
    setFromError(null);
    void act('Replay started', () => apiJson(`${path(endpoint.id)}/replay`, { method: 'POST', body: JSON.stringify({ fromPosition: from.trim() }) }));
  };
  const redeliver = (eventId: string) => act('Redelivery queued', () =>
    apiJson(`${path(endpoint.id)}/deliveries/${encodeURIComponent(eventId)}/redeliver`, { method: 'POST' }));

  return (
    <Stack spacing={2} sx={{ p: 2, minWidth: 0 }} data-testid="webhook-endpoint">
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        <Typography component="h2" variant="h6" sx={{ wordBreak: 'break-all' }}>{endpoint.url}</Typography>
        <StatusOf endpoint={endpoint} />
      </Box>
      {endpoint.status === 'disabled' && <Alert severity="warning" data-testid="disabled-reason">Disabled: {endpoint.disabledReason ?? 'no reason recorded'}</Alert>}
      <Typography variant="body2">
        Events: {endpoint.eventTypes?.join(', ') ?? 'all'} · Account: {endpoint.accountId ?? 'all'} · Delivered up to position{' '}
        <span style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{endpoint.position}</span>
        {endpoint.previousSecretExpiresAt && ` · previous secret signs until ${formatDateTime(endpoint.previousSecretExpiresAt)}`}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        {endpoint.status === 'disabled'
          ? <Button variant="contained" onClick={() => void enable(true)}>Re-enable</Button>
          : <Button variant="outlined" onClick={() => void enable(false)}>Disable</Button>}
        <Button variant="outlined" onClick={() => void rotate()}>Rotate secret</Button>
        <Button variant="text" onClick={() => void load()}>Reload log</Button>
      </Box>
      {secret && (
        <Alert severity="info" data-testid="new-secret">
          New signing secret, shown only now: <span style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{secret}</span>
        </Alert>
      )}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-start' }}>
        <TextField
          size="small" label="Replay after position" value={from} onChange={(e) => setFrom(e.target.value)}
          error={Boolean(fromError)} helperText={fromError ?? 'Every matching event after it is sent again, in order'} sx={{ minWidth: { xs: '100%', sm: 420 } }}
        />
        <Button variant="outlined" onClick={replay}>Replay</Button>
      </Box>
      <Card variant="outlined">
        <CardContent>
          <Typography component="h3" variant="subtitle1" sx={{ mb: 1 }}>Delivery log</Typography>
          <DeliveryLog deliveries={deliveries} onRedeliver={(eventId) => void redeliver(eventId)} />
        </CardContent>
      </Card>
    </Stack>
  );
}
