import { Card, CardContent, Typography } from '@mui/material';
import { Link, Title, useLocation } from 'react-admin';

/** Where the Free notice's Upgrade link goes: plan changes are made by the call platform, not here. */
export function UpgradePage() {
  const account = new URLSearchParams(useLocation().search).get('account');
  return (
    <Card sx={{ maxWidth: 640, mx: 'auto', my: 2 }}>
      <Title title="Upgrade" />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Upgrade your plan
        </Typography>
        <Typography sx={{ mb: 2 }}>
          Paid plans (Starter, Pro, Business) include subscription minutes every month, a lower per-minute rate and auto-reload.
          Credit minutes you already bought are kept when the plan changes.
        </Typography>
        <Typography sx={{ mb: 2 }}>To change plan, contact your account manager or our sales team; the change applies right away.</Typography>
        {account && <Link to={`/accounts/${encodeURIComponent(account)}/billing`}>Back to billing</Link>}
      </CardContent>
    </Card>
  );
}
