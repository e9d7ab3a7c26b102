/** Money in integer minor units (cents). Floats never touch amounts. */
export type Currency = 'usd';

export interface Money {
  amount: number;
  currency: Currency;
}

export const CURRENCIES: readonly Currency[] = ['usd'];

export function usd(cents: number): Money {
  return { amount: cents, currency: 'usd' };
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const { amount, currency } = value as Record<string, unknown>;
  return Number.isSafeInteger(amount) && (CURRENCIES as readonly unknown[]).includes(currency);
}

/** A per-minute rate times whole minutes: integer × integer, so the total is exact. */
export function multiply(rate: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new RangeError(`factor must be an integer, got ${factor}`);
  return { amount: rate.amount * factor, currency: rate.currency };
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/** "$84.00" — for messages only; amounts stay integers everywhere else. */
export function formatMoney(money: Money): string {
  const sign = money.amount < 0 ? '-' : '';
  const cents = Math.abs(money.amount);
  const whole = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return `${sign}$${whole.toLocaleString('en-US')}.${rest}`;
}
