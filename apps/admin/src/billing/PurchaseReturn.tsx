import { useEffect, useState } from 'react';
import { Alert } from '@mui/material';
import { useLocation, useNavigate } from 'react-admin';
import { accountPath, apiJson } from '../api/http';
import type { PurchaseView as Purchase } from '../api/types';

/**
 * Checkout (or the sandbox) sends the browser back to #/accounts/:id/billing?purchase=success&purchaseId=…
 * The credits are already on the balance by then; this says so, with the minutes of that purchase.
 */
export function PurchaseReturn({ accountId, onReturn }: { accountId: string; onReturn(): void }) {
  const location = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(location.search);
  const outcome = params.get('purchase');
  const purchaseId = params.get('purchaseId');
  const [purchase, setPurchase] = useState<Purchase | null>(null);

  useEffect(() => {
    if (outcome !== 'success') return;
    onReturn();
    if (!purchaseId) return;
    apiJson<Purchase>(`${accountPath(accountId)}/credit-purchases/${encodeURIComponent(purchaseId)}`)
      .then(setPurchase)
      .catch(() => setPurchase(null)); // the message stands without the minutes
  }, [accountId, outcome, purchaseId, onReturn]);

  if (outcome !== 'success' && outcome !== 'cancelled') return null;
  const dismiss = () => navigate(location.pathname, { replace: true });
  if (outcome === 'cancelled') {
    return (
      <Alert severity="info" onClose={dismiss} data-testid="purchase-message">
        Purchase cancelled. Nothing was charged.
      </Alert>
    );
  }
  const pending = purchase !== null && purchase.status !== 'completed';
  return (
    <Alert severity={pending ? 'info' : 'success'} onClose={dismiss} data-testid="purchase-message">
      {pending
        ? 'Thank you! Your payment is being confirmed; the minutes appear on your balance as soon as it is.'
        : `Payment successful. ${purchase ? `${purchase.minutes.toLocaleString('en-US')} credit minutes were` : 'Your credit minutes were'} added to your balance.`}
    </Alert>
  );
}
