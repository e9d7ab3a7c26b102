import { Box, Typography } from '@mui/material';
import type { CreditForecast as Forecast } from '../api/types';
import { accountPath } from '../api/http';
import { useApiJson } from './useApiJson';

/** How long the credits last and the reloads this month likely needs: the API's sentences; nothing with too little history. */
export function CreditForecast({ accountId, version }: { accountId: string; version: string }) {
  const { data } = useApiJson<Forecast>(`${accountPath(accountId)}/billing/forecast`, version);
  if (!data?.available) return null;
  return (
    <Box data-testid="credit-forecast" sx={{ mt: 2 }}>
      <Typography variant="body2">{data.sentence}</Typography>
      {data.reloads && (
        <Typography variant="body2" color={data.reloads.reachesMaximum ? 'warning.dark' : 'text.primary'} sx={{ mt: 0.5 }}>
          {data.reloads.sentence}
        </Typography>
      )}
    </Box>
  );
}
