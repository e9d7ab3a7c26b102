import { Box, Card, CardContent, Typography } from '@mui/material';
import { useGetList } from 'react-admin';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LedgerEntry } from '../api/types';
import { formatDateTime } from '../api/format';

/** The running balance after each movement (the ledger's last 500), oldest to newest. */
export function BalanceChart({ accountId }: { accountId: string }) {
  const { data, isPending } = useGetList<LedgerEntry & { id: string }>('ledger', { filter: { accountId }, pagination: { page: 1, perPage: 500 } });
  const points = (data ?? [])
    .slice()
    .reverse()
    .map((e) => ({ t: new Date(e.at).getTime(), balance: e.balanceAfterMinutes }));
  const span = points.length ? (points[points.length - 1]?.t ?? 0) - (points[0]?.t ?? 0) : 0;
  const tick = (t: number) =>
    span < 2 * 86_400_000
      ? new Date(t).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: span < 600_000 ? '2-digit' : undefined })
      : new Date(t).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
  return (
    <Card variant="outlined" data-testid="balance-chart" component="figure" sx={{ m: 0 }}>
      <CardContent>
        <Typography variant="overline" color="text.secondary" component="figcaption">
          Balance over time (credit minutes)
        </Typography>
        {isPending ? null : points.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No credit movements yet.
          </Typography>
        ) : (
          // The drawing is one image to assistive technology, named by the summary a sighted reader takes from it.
          <Box sx={{ width: '100%', height: 220 }} role="img" aria-label={chartSummary(points)} data-testid="balance-chart-summary">
            <ResponsiveContainer>
              <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={tick}
                  fontSize={12}
                  minTickGap={24}
                />
                <YAxis width={56} fontSize={12} />
                <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())} formatter={(v) => [`${String(v)} min`, 'Balance']} />
                <Line type="stepAfter" dataKey="balance" stroke="#1565c0" strokeWidth={2} dot={points.length < 40} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

/** The chart in words: its span, where the balance started and ended, and its extremes. */
export function chartSummary(points: { t: number; balance: number }[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'No credit movements yet.';
  const balances = points.map((p) => p.balance);
  const when = (t: number) => formatDateTime(new Date(t).toISOString());
  const n = points.length;
  return (
    `Credit balance over ${n} movement${n === 1 ? '' : 's'} from ${when(first.t)} to ${when(last.t)}: ` +
    `${first.balance.toLocaleString('en-US')} min after the first, ${last.balance.toLocaleString('en-US')} min now; ` +
    `lowest ${Math.min(...balances).toLocaleString('en-US')} min, highest ${Math.max(...balances).toLocaleString('en-US')} min.`
  );
}
