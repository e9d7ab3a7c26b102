import { Box, Typography } from '@mui/material';
import { Title, useParams } from 'react-admin';
import { AccountHistory } from './AccountHistory';
import { BillingPanel } from './BillingPanel';

/** #/accounts/:id/billing — where Administrators and Editors land (with their account's history), and where Checkout returns. */
export function BillingPage() {
  const { id = '' } = useParams<{ id: string }>();
  return (
    <Box sx={{ maxWidth: 1100, mx: 'auto', width: '100%', py: 2 }}>
      <Title title={`Billing · ${id}`} />
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Billing <Typography component="span" variant="h6" color="text.secondary">{id}</Typography>
      </Typography>
      <BillingPanel accountId={id} />
      <Box sx={{ mt: 2 }}>
        <AccountHistory accountId={id} />
      </Box>
    </Box>
  );
}
