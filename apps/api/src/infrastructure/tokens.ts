/** Injection tokens for what the runtime provides to Nest. */
export const RUNTIME = Symbol('RUNTIME');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PG_POOL = Symbol('PG_POOL');
export const PLANS = Symbol('PLANS');
