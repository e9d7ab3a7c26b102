import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import type { BalanceAsOf as Answer } from '../api/types';
import { accountPath, apiJson, problemOf } from '../api/http';
import { formatDateTime } from '../api/format';
import { planName } from '../accounts/plans';

/** "What was the balance at …?" — replayed by the API from the account's events up to that instant. */
export function BalanceAsOf({ accountId }: { accountId: string }) {
  const [instant, setInstant] = useState(() => localInputValue(new Date()));
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const when = new Date(instant);
    if (Number.isNaN(when.getTime())) return setError('Choose a date and a time.');
    try {
      setAnswer(await apiJson<Answer>(`${accountPath(accountId)}/balance?asOf=${encodeURIComponent(when.toISOString())}`));
    } catch (failure) {
      setAnswer(null);
      const problem = problemOf(failure);
      setError(
        problem?.code === 'ACCOUNT.NOT_FOUND'
          ? 'The account did not exist at that instant (it was opened later), or there is no such account.'
          : (problem?.detail ?? String(failure)),
      );
    }
  };

  const plan = answer ? (typeof answer.plan === 'string' ? answer.plan : (answer.plan.name ?? answer.plan.id)) : '';
  const planLabel = planName(plan);
  return (
    <Card variant="outlined" sx={{ maxWidth: 640 }}>
      <CardContent>
        <Typography variant="overline" color="text.secondary" component="h3">
          Balance as of an instant
        </Typography>
        <Box component="form" onSubmit={submit} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center', my: 1 }}>
          <TextField
            type="datetime-local"
            label="As of (your local time)"
            value={instant}
            onChange={(e) => setInstant(e.target.value)}
            slotProps={{ htmlInput: { step: 1, 'data-testid': 'as-of' }, inputLabel: { shrink: true } }}
          />
          <Button type="submit" variant="contained">Show balance</Button>
        </Box>
        {error && <Alert severity="error">{error}</Alert>}
        {answer && (
          <Stack spacing={0.5} data-testid="balance-as-of">
            <Typography variant="h4" component="p">{answer.credits.balanceMinutes.toLocaleString('en-US')} min</Typography>
            <Typography variant="body2">As of {formatDateTime(answer.asOf)} ({answer.asOf})</Typography>
            <Typography variant="body2">Plan: {planLabel}</Typography>
            <Typography variant="body2">
              Auto-reload {answer.autoReload.enabled ? 'on' : 'off'}; {answer.autoReload.usedThisMonth} of {answer.autoReload.monthlyMax} reloads used in {answer.autoReload.month}
            </Typography>
            {answer.lastEvent && (
              <Typography variant="body2" color="text.secondary">
                Last event: {answer.lastEvent.type ?? ''} {answer.lastEvent.revision !== undefined ? `#${answer.lastEvent.revision}` : ''}{' '}
                {answer.lastEvent.recordedAt ? formatDateTime(answer.lastEvent.recordedAt) : ''}
              </Typography>
            )}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
