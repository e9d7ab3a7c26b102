export { BillingPage } from './BillingPage';
export { BillingPanel } from './BillingPanel';
