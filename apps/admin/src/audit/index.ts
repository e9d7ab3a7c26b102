export { BalanceAsOf } from './BalanceAsOf';
