import { useCallback } from 'react';
import { Alert, Box, CircularProgress, Stack } from '@mui/material';
import { problemOf } from '../api/http';
import { AutoReloadCard } from './AutoReloadCard';
import { CreditsTile } from './CreditsTile';
import { PermissionNote } from './PermissionNote';
import { PurchaseReturn } from './PurchaseReturn';
import { useBilling } from './useBilling';

/** The billing page's content, for an account's own users and (read-only) for support. */
export function BillingPanel({ accountId }: { accountId: string }) {
  const { data, error, isPending, refetch } = useBilling(accountId);
  const onReturn = useCallback(() => void refetch(), [refetch]);
  if (isPending) {
    return (
      <Box sx={{ p: 4, textAlign: 'center' }}>
        <CircularProgress aria-label="Loading billing" />
      </Box>
    );
  }
  if (error || !data) {
    return <Alert severity="error">{problemOf(error)?.detail ?? 'The billing summary could not be loaded.'}</Alert>;
  }
  return (
    <Stack spacing={2} data-testid="billing">
      <PurchaseReturn accountId={accountId} onReturn={onReturn} />
      <PermissionNote permissions={data.permissions} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 5fr) minmax(0, 7fr)' }, alignItems: 'stretch' }}>
        <CreditsTile summary={data} />
        <AutoReloadCard summary={data} />
      </Box>
    </Stack>
  );
}
