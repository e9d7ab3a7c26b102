import { useEffect, useState } from 'react';
import { Box, Typography } from '@mui/material';
import type { AutoReloadPreview as Preview } from '../api/types';
import { accountPath, apiJson, problemOf } from '../api/http';

const DEBOUNCE_MS = 400;
/** Room for the three months' sentences, reserved before the answer arrives so nothing below moves. */
const RESERVED = { minHeight: { xs: '34rem', sm: '18rem' } };

type State = { kind: 'idle' } | { kind: 'ready'; preview: Preview } | { kind: 'error'; message: string };

/**
 * The what-if under the auto-reload fields: what the settings being typed would have done in the last three
 * months, one sentence per month (the API writes them). Debounced; the last answer stays while the next loads.
 */
export function AutoReloadPreview({ accountId, thresholdMinutes, monthlyMax }: { accountId: string; thresholdMinutes: string; monthlyMax: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const threshold = Number(thresholdMinutes);
    const maximum = Number(monthlyMax);
    if (thresholdMinutes.trim() === '' || monthlyMax.trim() === '' || !Number.isInteger(threshold) || !Number.isInteger(maximum)) {
      setState({ kind: 'error', message: 'Enter whole numbers to see what these settings would have done.' });
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      setLoading(true);
      apiJson<Preview>(`${accountPath(accountId)}/auto-reload/preview`, { method: 'POST', body: JSON.stringify({ thresholdMinutes: threshold, monthlyMaximum: maximum }) })
        .then((preview) => current && setState({ kind: 'ready', preview }))
        .catch((failure: unknown) => current && setState({ kind: 'error', message: problemOf(failure)?.detail ?? 'The preview is not available right now.' }))
        .finally(() => current && setLoading(false));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [accountId, thresholdMinutes, monthlyMax]);

  return (
    // The last answer stays at full contrast while the next loads (faded text failed axe's contrast check);
    // aria-busy tells assistive technology, and nothing is added that could grow the reserved space.
    <Box data-testid="auto-reload-preview" aria-live="polite" aria-busy={loading} sx={{ ...RESERVED, bgcolor: 'action.hover', borderRadius: 1, p: 1.5 }}>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        With these settings, the last three months
      </Typography>
      {state.kind === 'idle' && <Typography variant="body2">Working it out…</Typography>}
      {state.kind === 'error' && <Typography variant="body2">{state.message}</Typography>}
      {state.kind === 'ready' && (
        <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
          {state.preview.months.map((month) => (
            <Typography component="li" variant="body2" key={month.month} data-month={month.month} sx={{ mb: 0.5 }}>
              {month.sentence}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}
