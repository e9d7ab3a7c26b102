/** Integer minor units to text: {amount: 28, currency: 'usd'} is "$0.28". */
export function formatMoney(money: { amount: number; currency: string }): string {
  const currency = money.currency.toUpperCase();
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2 }).format(money.amount / 100);
}

export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' });
}
