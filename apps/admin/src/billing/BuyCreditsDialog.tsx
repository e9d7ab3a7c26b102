import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Slider, Stack, TextField, Typography } from '@mui/material';
import type { BillingSummary, PurchaseStarted, Quote } from '../api/types';
import { accountPath, apiJson, problemOf } from '../api/http';
import { formatMoney } from '../api/format';
import { newIdempotencyKey } from '../api/ids';
import { MAX_BLOCKS_PER_PURCHASE as MAX_BLOCKS, MIN_BLOCKS_PER_PURCHASE as MIN_BLOCKS, MINUTES_PER_BLOCK } from '@billing/domain';


/**
 * Choose 1 to 100 blocks of 100 minutes; the total comes from the API's quote (the price rule lives
 * there), then Checkout. One idempotency key per opening: a double click starts one purchase.
 */
export function BuyCreditsDialog({ summary, onClose }: { summary: BillingSummary; onClose(): void }) {
  const idempotencyKey = useMemo(newIdempotencyKey, []);
  const [blocks, setBlocks] = useState('1');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = accountPath(summary.accountId);

  useEffect(() => {
    setQuote(null);
    setFieldError(null);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      apiJson<Quote>(`${base}/credit-purchases/quote?blocks=${encodeURIComponent(blocks.trim())}`, { signal: controller.signal })
        .then(setQuote)
        .catch((failure: unknown) => {
          if (controller.signal.aborted) return;
          const problem = problemOf(failure);
          setFieldError(problem?.errors?.find((e) => e.field === 'blocks')?.message ?? problem?.detail ?? 'The price could not be quoted.');
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [base, blocks]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await apiJson<PurchaseStarted>(`${base}/credit-purchases`, {
        method: 'POST',
        headers: { 'Idempotency-Key': idempotencyKey },
        body: JSON.stringify({ blocks: Number(blocks) }),
      });
      window.location.assign(started.checkoutUrl);
    } catch (failure) {
      const problem = problemOf(failure);
      const forField = problem?.errors?.find((e) => e.field === 'blocks');
      if (forField) setFieldError(forField.message);
      else setError(problem?.detail ?? (failure instanceof Error ? failure.message : String(failure)));
      setBusy(false);
    }
  };

  const sliderValue = Math.min(MAX_BLOCKS, Math.max(MIN_BLOCKS, Number(blocks) || MIN_BLOCKS));
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="buy-credits-title">
      <DialogTitle id="buy-credits-title">Buy credit minutes</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            Credits come in blocks of {MINUTES_PER_BLOCK} minutes, {MIN_BLOCKS} to {MAX_BLOCKS} blocks per purchase, at your plan's rate of{' '}
            <strong data-testid="rate">{formatMoney(summary.plan.ratePerMinute)}/min</strong>.
          </Typography>
          <TextField
            label={`Blocks of ${MINUTES_PER_BLOCK} minutes`}
            type="number"
            value={blocks}
            onChange={(e) => setBlocks(e.target.value)}
            slotProps={{ htmlInput: { min: MIN_BLOCKS, max: MAX_BLOCKS, step: 1, inputMode: 'numeric', 'data-testid': 'blocks' } }}
            error={fieldError !== null}
            helperText={fieldError ?? `${MIN_BLOCKS} to ${MAX_BLOCKS} blocks`}
            autoFocus
          />
          <Box sx={{ px: 1 }}>
            <Slider value={sliderValue} min={MIN_BLOCKS} max={MAX_BLOCKS} onChange={(_, v) => setBlocks(String(v))} aria-label="Blocks" />
          </Box>
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr auto', rowGap: 0.5, bgcolor: '#f5f7fa', p: 2, borderRadius: 2 }} data-testid="quote">
            <Typography color="text.secondary">Minutes</Typography>
            <Typography align="right">{quote ? quote.minutes.toLocaleString('en-US') : '…'}</Typography>
            <Typography color="text.secondary">Rate</Typography>
            <Typography align="right">{formatMoney(quote?.ratePerMinute ?? summary.plan.ratePerMinute)}/min</Typography>
            <Typography sx={{ fontWeight: 700 }}>Total</Typography>
            <Typography align="right" sx={{ fontWeight: 700 }} data-testid="total">
              {quote ? formatMoney(quote.total) : '…'}
            </Typography>
          </Box>
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={confirm} disabled={busy || quote === null || String(quote.blocks) !== blocks.trim()}>
          {quote ? `Pay ${formatMoney(quote.total)}` : 'Pay'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
