import { lazy } from 'react';

/** The account's own billing page, loaded when first shown. */
export const BillingPage = lazy(() => import('./BillingPage').then((m) => ({ default: m.BillingPage })));
export { BillingPanel } from './BillingPanel';
