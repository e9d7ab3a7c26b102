import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import { lazy } from 'react';

// Loaded when first shown (react-admin's Layout suspends meanwhile): the login page stays small.
const AccountList = lazy(() => import('./AccountList').then((m) => ({ default: m.AccountList })));
const AccountShow = lazy(() => import('./AccountShow').then((m) => ({ default: m.AccountShow })));

/** The accounts resource: the list (support, auditors) and an account's tabs. */
export default { list: AccountList, show: AccountShow, icon: AccountBalanceWalletIcon, recordRepresentation: 'accountId' };
