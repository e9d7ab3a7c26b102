import { Menu as RaMenu, usePermissions } from 'react-admin';
import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import CreditCardIcon from '@mui/icons-material/CreditCard';
import WebhookIcon from '@mui/icons-material/Webhook';
import type { Permissions } from '../auth/authProvider';
import { homeOf } from '../auth/token';

/** Staff get the accounts list; an account's own users get their billing page. */
export function Menu() {
  const { permissions } = usePermissions<Permissions>();
  if (!permissions) return <RaMenu />;
  const ownAccount = permissions.role === 'admin' || permissions.role === 'editor';
  return (
    <RaMenu>
      {ownAccount ? (
        <RaMenu.Item to={homeOf(permissions)} primaryText="Billing" leftIcon={<CreditCardIcon />} />
      ) : (
        <RaMenu.Item to="/accounts" primaryText="Accounts" leftIcon={<AccountBalanceWalletIcon />} />
      )}
      {permissions.role === 'support' && <RaMenu.Item to="/webhook-endpoints" primaryText="Webhooks" leftIcon={<WebhookIcon />} />}
    </RaMenu>
  );
}
