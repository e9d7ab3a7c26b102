// The billing domain's public surface. Pure TypeScript: no I/O, no clock, no randomness.
export * from './shared/money';
export * from './shared/duration';
export * from './shared/instant';
export * from './shared/calendar';
export * from './shared/actor';
export * from './shared/domain-error';

export * from './plans/plan';
export * from './plans/parse-plan-catalogue';

export * from './account/stream-name';
export * from './account/commands';
export * from './account/events';
export * from './account/state';
export * from './account/evolve';
export * from './account/auto-reload-evolution';
export * from './account/decide';
export * from './account/upcast';
export * from './account/recorded';

export { MINUTES_PER_BLOCK, MIN_BLOCKS_PER_PURCHASE, MAX_BLOCKS_PER_PURCHASE, assertPurchaseSize, minutesOfBlocks } from './account/rules/purchase-size';
export { quotePurchase } from './account/rules/purchase-price';
export type { PurchaseQuote } from './account/rules/purchase-price';
export { MIN_THRESHOLD_MINUTES, MAX_THRESHOLD_MINUTES, MIN_MONTHLY_MAXIMUM, effectiveMonthlyMaximum } from './account/rules/auto-reload-settings';
export { reloadIdFor, BLOCKS_PER_RELOAD } from './account/rules/auto-reload-trigger';
export { MAX_CONSECUTIVE_RELOAD_FAILURES, PAYMENT_PROVIDER_UNAVAILABLE } from './account/rules/reload-failures';
export { MAX_CLOCK_SKEW_MS, endedTooFarInFuture } from './account/rules/clock-skew';
export { COMMAND_PERMISSIONS, assertPermitted, mayRun, permissionRefusal } from './account/rules/permissions';

export * from './views/notices';
export * from './views/usage-level';
export * from './views/billing-summary';
export * from './views/simulate-auto-reload';
export * from './views/settings-trail';
export * from './views/credit-forecast';
