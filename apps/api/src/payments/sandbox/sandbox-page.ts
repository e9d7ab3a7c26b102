import { formatMoney, type Money } from '@billing/domain';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface SandboxPageModel {
  sessionId: string;
  accountId: string;
  purchaseId: string;
  minutes: number;
  ratePerMinute: Money;
  total: Money;
  status: string;
}

/** The sandbox checkout: plainly not Stripe, and plainly not charging anything. */
export function sandboxPage(model: SandboxPageModel): string {
  const action = (verb: 'pay' | 'cancel') => `/v1/sandbox/checkout/${encodeURIComponent(model.sessionId)}/${verb}`;
  const open = model.status === 'pending';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox checkout</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; padding: 2rem 1rem; color: #1d2330; }
  main { max-width: 28rem; margin: 0 auto; background: #fff; border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 4px #0002; }
  .banner { background: #fff4ce; border: 1px solid #e8c95a; border-radius: 8px; padding: .75rem; margin-bottom: 1rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .4rem 1rem; } dt { color: #5b6475; } dd { margin: 0; text-align: right; }
  .total { font-weight: 700; font-size: 1.2rem; }
  form { display: inline; } button { font-size: 1rem; padding: .6rem 1.2rem; border-radius: 8px; border: 0; cursor: pointer; }
  .pay { background: #2f5bea; color: #fff; } .cancel { background: #e6e8ee; color: #1d2330; margin-left: .5rem; }
</style></head>
<body><main>
  <div class="banner" role="note"><strong>Sandbox checkout.</strong> No Stripe key is configured, so no card is charged.
  Pay completes the purchase exactly as Stripe's confirmation would.</div>
  <h1>Buy ${model.minutes.toLocaleString('en-US')} credit minutes</h1>
  <dl>
    <dt>Account</dt><dd>${escape(model.accountId)}</dd>
    <dt>Rate</dt><dd>${formatMoney(model.ratePerMinute)}/min</dd>
    <dt>Minutes</dt><dd>${model.minutes.toLocaleString('en-US')}</dd>
    <dt class="total">Total</dt><dd class="total">${formatMoney(model.total)}</dd>
  </dl>
  ${open
    ? `<form method="post" action="${action('pay')}"><button class="pay" type="submit">Pay ${formatMoney(model.total)}</button></form>
  <form method="post" action="${action('cancel')}"><button class="cancel" type="submit">Cancel</button></form>`
    : `<p>This purchase is <strong>${escape(model.status)}</strong>.</p>`}
</main></body></html>`;
}
