import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { Pagination, ReferenceManyField, useListContext } from 'react-admin';
import { formatDateTime } from '../api/format';

interface StoredEvent {
  id: string;
  type: string;
  schemaVersion: number;
  stream: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
}

/** The account's stream as stored: revision, global position, type, and the raw JSON. */
export function EventList() {
  return (
    <ReferenceManyField reference="events" target="accountId" perPage={10} pagination={<Pagination rowsPerPageOptions={[10, 25, 50, 100]} />}>
      <EventCards />
    </ReferenceManyField>
  );
}

function EventCards() {
  const { data, isPending } = useListContext<StoredEvent>();
  if (isPending) return null;
  if (!data?.length) return <p style={{ padding: 16 }}>No events.</p>;
  return (
    <Stack spacing={1.5} data-testid="events" sx={{ minWidth: 0 }}>
      {data.map((event) => (
        <Card key={event.id} variant="outlined" data-testid="event">
          <CardContent sx={{ '&:last-child': { pb: 2 } }}>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center', mb: 1 }}>
              <Chip size="small" label={`#${event.revision}`} />
              <Typography sx={{ fontWeight: 600 }}>{event.type}</Typography>
              <Typography variant="body2" color="text.secondary">v{event.schemaVersion}</Typography>
              <Typography variant="body2" color="text.secondary" sx={{ ml: { sm: 'auto' } }}>
                {formatDateTime(event.recordedAt, true)}
              </Typography>
            </Box>
            <Typography variant="caption" color="text.secondary" component="p" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              position {event.position} · id {event.id}
            </Typography>
            {/* It scrolls, so it takes the focus: keyboard users scroll it too (WCAG 2.1.1). */}
            <Box
              component="pre"
              tabIndex={0}
              role="region"
              aria-label={`Event #${event.revision} ${event.type}: data and metadata`}
              sx={{ m: 0, mt: 1, p: 1.5, bgcolor: '#f5f7fa', borderRadius: 1, fontSize: 12, overflowX: 'auto', maxHeight: 280 }}
            >
              {JSON.stringify({ data: event.data, metadata: event.metadata }, null, 2)}
            </Box>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}
