/** The console's billing page for an account: where Checkout (or the sandbox) sends the browser back. */
export function billingPageUrl(publicUrl: string, accountId: string, purchase: { outcome: 'success' | 'cancelled'; purchaseId: string }): string {
  return `${publicUrl}/#/accounts/${encodeURIComponent(accountId)}/billing?purchase=${purchase.outcome}&purchaseId=${encodeURIComponent(purchase.purchaseId)}`;
}
