import { Alert, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { Link } from 'react-admin';
import type { BillingSummary } from '../api/types';
import { AutoReloadForm } from './AutoReloadForm';
import { UsageMeter } from './UsageMeter';
import { disabledReasonText } from './reasons';

/** Auto-reload: the Free notice in place of the toggle, or the toggle, the month's counter and any notice. */
export function AutoReloadCard({ summary }: { summary: BillingSummary }) {
  const { autoReload, plan } = summary;
  const notice = autoReload.notice;
  return (
    <Card sx={{ height: '100%' }} data-testid="auto-reload">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1, gap: 1, flexWrap: 'wrap' }}>
          <Typography variant="overline" color="text.secondary" component="h2">
            Auto-reload
          </Typography>
          {autoReload.reloadInFlight && <Chip size="small" color="info" label="Reload in progress" />}
          {autoReload.paused && <Chip size="small" color="error" label="Paused this month" />}
        </Stack>
        {!plan.autoReloadAvailable ? (
          <Alert severity="info" data-testid="notice">
            {notice?.message ?? 'Auto-reload is not available on this plan.'}{' '}
            <Link to={`/upgrade?account=${encodeURIComponent(summary.accountId)}`} sx={{ fontWeight: 600 }}>
              Upgrade
            </Link>
          </Alert>
        ) : (
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              When a call ends with fewer credit minutes than the threshold, one block of 100 minutes is bought at{' '}
              the plan's rate and charged to the card on file.
            </Typography>
            <AutoReloadForm summary={summary} />
            <UsageMeter used={autoReload.usedThisMonth} maximum={autoReload.monthlyMax} text={autoReload.usageText} level={autoReload.usageLevel} />
            {notice && (
              <Alert severity={notice.code === 'monthly_limit_reached' ? 'error' : 'warning'} data-testid="notice">
                {notice.message}
              </Alert>
            )}
            {!notice && !autoReload.enabled && autoReload.disabledReason && (
              <Typography variant="body2" color="text.secondary" data-testid="disabled-reason">
                {disabledReasonText(autoReload.disabledReason)}
              </Typography>
            )}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
