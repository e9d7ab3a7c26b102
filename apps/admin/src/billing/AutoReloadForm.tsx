import { useEffect, useState } from 'react';
import { Alert, Box, Button, Collapse, FormControlLabel, Stack, Switch, TextField } from '@mui/material';
import { useNotify, useRefresh } from 'react-admin';
import type { BillingSummary } from '../api/types';
import { accountPath, apiJson, problemOf } from '../api/http';
import { MAX_THRESHOLD_MINUTES } from '@billing/domain';
import { AutoReloadPreview } from './AutoReloadPreview';

type Field = 'thresholdMinutes' | 'monthlyMax';
/** The API's field is `monthlyMaximum` (request and errors; `monthlyMax` is its deprecated alias); the form's is `monthlyMax`. */
const FIELD_OF: Record<string, Field> = { thresholdMinutes: 'thresholdMinutes', monthlyMaximum: 'monthlyMax', monthlyMax: 'monthlyMax' };

interface Values {
  enabled: boolean;
  thresholdMinutes: string;
  monthlyMax: string;
}

const valuesOf = (summary: BillingSummary): Values => ({
  enabled: summary.autoReload.enabled,
  thresholdMinutes: String(summary.autoReload.thresholdMinutes),
  monthlyMax: String(summary.autoReload.monthlyMax),
});

/** The toggle expands the threshold and the monthly maximum; Save sends them, the API validates. */
export function AutoReloadForm({ summary }: { summary: BillingSummary }) {
  const notify = useNotify();
  const refresh = useRefresh();
  const [values, setValues] = useState<Values>(() => valuesOf(summary));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = summary.permissions.canConfigureAutoReload;

  // Follow the server while the user is not editing (the page refreshes itself).
  useEffect(() => {
    if (!dirty) setValues(valuesOf(summary));
  }, [summary, dirty]);

  const change = (patch: Partial<Values>) => {
    setValues((v) => ({ ...v, ...patch }));
    setDirty(true);
  };

  const save = async () => {
    setErrors({});
    setError(null);
    const body: Record<string, unknown> = { enabled: values.enabled };
    if (values.enabled) {
      // Numbers as typed; the API owns the limits and answers with the field concerned.
      body.thresholdMinutes = values.thresholdMinutes.trim() === '' ? undefined : Number(values.thresholdMinutes);
      body.monthlyMaximum = values.monthlyMax.trim() === '' ? undefined : Number(values.monthlyMax);
    }
    setBusy(true);
    try {
      await apiJson(`${accountPath(summary.accountId)}/auto-reload`, { method: 'PUT', body: JSON.stringify(body) });
      setDirty(false);
      notify('Auto-reload settings saved', { type: 'success' });
      refresh();
    } catch (failure) {
      const problem = problemOf(failure);
      const byField: Partial<Record<Field, string>> = {};
      for (const e of problem?.errors ?? []) {
        const field = FIELD_OF[e.field];
        if (field) byField[field] = e.message;
      }
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(problem?.detail ?? (failure instanceof Error ? failure.message : String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2}>
      <FormControlLabel
        sx={{ '&&': { ml: '-11px' } }}
        control={<Switch checked={values.enabled} onChange={(e) => change({ enabled: e.target.checked })} disabled={!canEdit} slotProps={{ input: { 'aria-label': 'Auto-reload' } }} />}
        label={values.enabled ? 'Auto-reload is on' : 'Auto-reload is off'}
      />
      <Collapse in={values.enabled} unmountOnExit>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, pt: 1 }}>
          <TextField
            label="Trigger threshold (minutes)"
            type="number"
            value={values.thresholdMinutes}
            onChange={(e) => change({ thresholdMinutes: e.target.value })}
            disabled={!canEdit}
            error={!!errors.thresholdMinutes}
            helperText={errors.thresholdMinutes ?? `Buy one block when a call ends below this balance (at most ${MAX_THRESHOLD_MINUTES}).`}
            slotProps={{ htmlInput: { 'data-testid': 'threshold', inputMode: 'numeric' } }}
          />
          <TextField
            label="Monthly maximum (reloads)"
            type="number"
            value={values.monthlyMax}
            onChange={(e) => change({ monthlyMax: e.target.value })}
            disabled={!canEdit}
            error={!!errors.monthlyMax}
            helperText={errors.monthlyMax ?? `Up to ${summary.plan.monthlyReloadLimit} on the ${summary.plan.name} plan.`}
            slotProps={{ htmlInput: { 'data-testid': 'monthly-max', inputMode: 'numeric' } }}
          />
        </Box>
        {summary.plan.autoReloadAvailable && (
          <Box sx={{ pt: 2 }}>
            <AutoReloadPreview accountId={summary.accountId} thresholdMinutes={values.thresholdMinutes} monthlyMax={values.monthlyMax} />
          </Box>
        )}
      </Collapse>
      {error && <Alert severity="error">{error}</Alert>}
      {canEdit && (
        <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
          <Button
            disabled={!dirty || busy}
            onClick={() => {
              setValues(valuesOf(summary));
              setDirty(false);
              setErrors({});
              setError(null);
            }}
          >
            Discard
          </Button>
          <Button variant="contained" onClick={save} disabled={!dirty || busy}>
            Save
          </Button>
        </Box>
      )}
    </Stack>
  );
}
