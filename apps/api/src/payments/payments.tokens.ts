/** The Stripe SDK instance (a key-less one in sandbox mode, used only to verify webhook signatures). */
export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');
