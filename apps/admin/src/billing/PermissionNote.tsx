import { Alert } from '@mui/material';
import { usePermissions } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import type { BillingSummary } from '../api/types';

/** Why the buttons are greyed out, in one sentence. Nothing when the viewer may act. */
export function PermissionNote({ permissions }: { permissions: BillingSummary['permissions'] }) {
  const { permissions: who } = usePermissions<Permissions>();
  if (permissions.canBuyCredits && permissions.canConfigureAutoReload) return null;
  const text =
    who?.role === 'editor'
      ? 'You are an Editor: you can see the balance and the settings. Only an Administrator can buy credits or change auto-reload.'
      : 'Read-only: support staff and auditors see this billing page as the account sees it, but cannot buy credits or change auto-reload.';
  return (
    <Alert severity="info" data-testid="permission-note">
      {text}
    </Alert>
  );
}
