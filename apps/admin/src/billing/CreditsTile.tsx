import { useState } from 'react';
import { Box, Button, Card, CardContent, Divider, Stack, Typography } from '@mui/material';
import AddShoppingCartIcon from '@mui/icons-material/AddShoppingCart';
import type { BillingSummary } from '../api/types';
import { formatMoney } from '../api/format';
import { BuyCreditsDialog } from './BuyCreditsDialog';
import { CreditForecast } from './CreditForecast';

/** The balance of credit minutes, the plan's rate and the month's included minutes; Buy Credits. */
export function CreditsTile({ summary }: { summary: BillingSummary }) {
  const [open, setOpen] = useState(false);
  const { credits, plan, subscription } = summary;
  return (
    <Card sx={{ height: '100%' }} data-testid="credits-tile">
      <CardContent>
        <Typography variant="overline" color="text.secondary" component="h2">
          Credit minutes
        </Typography>
        <Typography variant="h3" component="p" sx={{ fontWeight: 600, my: 1 }} data-testid="credit-balance">
          {credits.balanceMinutes.toLocaleString('en-US')}{' '}
          <Typography component="span" variant="h6" color="text.secondary">
            min
          </Typography>
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Credit minutes never expire. Calls use the plan's included minutes first.
        </Typography>
        <CreditForecast accountId={summary.accountId} version={`${credits.balanceSeconds}:${summary.autoReload.usedThisMonth}:${summary.autoReload.monthlyMax}`} />
        <Divider sx={{ my: 2 }} />
        <Stack spacing={0.5}>
          <Row label="Plan" value={`${plan.name} · ${formatMoney(plan.ratePerMinute)}/min`} />
          <Row
            label={`Included minutes (${summary.month})`}
            value={`${subscription.remainingMinutes.toLocaleString('en-US')} of ${subscription.includedMinutes.toLocaleString('en-US')} left`}
          />
        </Stack>
        <Box sx={{ mt: 2 }}>
          <Button
            variant="contained"
            startIcon={<AddShoppingCartIcon />}
            onClick={() => setOpen(true)}
            disabled={!summary.permissions.canBuyCredits}
            fullWidth
          >
            Buy Credits
          </Button>
        </Box>
      </CardContent>
      {open && <BuyCreditsDialog summary={summary} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, flexWrap: 'wrap' }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        {value}
      </Typography>
    </Box>
  );
}
