import { Box, Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { formatDateTime } from '../api/format';
import type { Delivery } from './types';

/** Read by screen readers, not shown: the actions column needs a header (axe), the buttons say what they do. */
const HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

/** The endpoint's delivery log, newest event first: attempts, last answer and latency, next retry. */
export function DeliveryLog({ deliveries, onRedeliver }: { deliveries: Delivery[]; onRedeliver(eventId: string): void }) {
  if (!deliveries.length) return <Typography sx={{ p: 2 }}>Nothing delivered yet.</Typography>;
  return (
    <TableContainer tabIndex={0} role="region" aria-label="Delivery log" sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="deliveries">
        <TableHead>
          <TableRow>
            <TableCell>Event</TableCell>
            <TableCell>State</TableCell>
            <TableCell align="right">Attempts</TableCell>
            <TableCell>Last answer</TableCell>
            <TableCell align="right">Latency</TableCell>
            <TableCell>Next retry</TableCell>
            <TableCell><Box component="span" sx={HIDDEN}>Actions</Box></TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {deliveries.map((d) => (
            <TableRow key={d.eventId} data-testid="delivery">
              <TableCell>
                <strong>{d.eventType}</strong>
                <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{d.eventId}</Typography>
              </TableCell>
              <TableCell>{d.redeliver ? `${d.state} · redelivery queued` : d.state}</TableCell>
              <TableCell align="right">{d.attempts}</TableCell>
              <TableCell>{d.lastStatus !== null ? `HTTP ${d.lastStatus}` : d.lastError ?? '—'}</TableCell>
              <TableCell align="right">{d.lastLatencyMs !== null ? `${d.lastLatencyMs} ms` : '—'}</TableCell>
              <TableCell>{formatDateTime(d.nextAttemptAt, true)}</TableCell>
              <TableCell>
                <Button size="small" onClick={() => onRedeliver(d.eventId)} aria-label={`Redeliver ${d.eventType} ${d.eventId}`}>Redeliver</Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
