import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import { AccountList } from './AccountList';
import { AccountShow } from './AccountShow';

/** The accounts resource: the list (support, auditors) and an account's tabs. */
export default { list: AccountList, show: AccountShow, icon: AccountBalanceWalletIcon, recordRepresentation: 'accountId' };
export { AccountList, AccountShow };
