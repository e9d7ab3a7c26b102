import ShoppingCartIcon from '@mui/icons-material/ShoppingCart';
import { PurchaseList } from './PurchaseList';

/** Listed inside an account (Purchases tab): there is no cross-account purchase list. */
export default { list: PurchaseList, icon: ShoppingCartIcon };
export { PurchaseList };
