/**
 * What the billing page says about auto-reload. The first two sentences are the help page's, word for
 * word (the Free one ends in a comma because the Upgrade link follows it); the others are ours, written
 * where the help page is silent.
 */
export const NOTICES = {
  monthly_limit_reached: "You've reached your monthly auto-reload limit. Auto-reload is paused until next month.",
  not_available_on_free: 'Auto-reload not available on Free plan,',
  payment_failed: 'Auto-reload was turned off after 3 failed payments in a row. Update your payment method, then turn auto-reload back on.',
  authentication_required:
    'Auto-reload was turned off because your bank asked you to confirm a payment. Update your payment method, then turn auto-reload back on.',
  plan_downgrade: 'Auto-reload was turned off when your plan changed. Turn it back on to use it.',
  no_payment_method: 'Auto-reload is on but there is no payment method on file, so no reload can be bought. Add a payment method.',
  payment_provider_unavailable:
    'The last auto-reload could not be charged because our payment provider was unavailable. You were not charged, and it does not count as a failed payment; auto-reload stays on.',
  /** The reason is filled in by reloadFailedNotice. */
  reload_failed: 'The last auto-reload payment failed: {reason}. Update your payment method; after 3 failed payments in a row auto-reload turns off.',
} as const;

/**
 * Why a reload charge failed, in the customer's words, by the provider's code (a decline code or a
 * request error code); any other code is shown as it is.
 */
const FAILURE_REASONS: Record<string, string> = {
  card_declined: 'your card was declined',
  insufficient_funds: 'your card has insufficient funds',
  expired_card: 'your card has expired',
  incorrect_cvc: 'your card was declined (incorrect security code)',
  lost_card: 'your card was declined (reported lost)',
  stolen_card: 'your card was declined (reported stolen)',
  do_not_honor: 'your bank declined the payment',
  resource_missing: 'the card on file no longer exists (it was removed)',
  payment_method_unactivated: 'the card on file has not been activated',
  idempotency_error: 'the payment provider refused the charge request',
};

export type NoticeCode = keyof typeof NOTICES;

/** The link shown with a notice: Upgrade, or where to update the card. */
export type NoticeAction = 'upgrade' | 'update_payment_method' | 'configure_auto_reload' | null;

export interface Notice {
  code: NoticeCode;
  message: string;
  action: NoticeAction;
}

const ACTIONS: Record<NoticeCode, NoticeAction> = {
  monthly_limit_reached: null,
  not_available_on_free: 'upgrade',
  payment_failed: 'update_payment_method',
  authentication_required: 'update_payment_method',
  plan_downgrade: 'configure_auto_reload',
  no_payment_method: 'update_payment_method',
  payment_provider_unavailable: null,
  reload_failed: 'update_payment_method',
};

export function notice(code: Exclude<NoticeCode, 'reload_failed'>): Notice {
  return { code, message: NOTICES[code], action: ACTIONS[code] };
}

/** The last reload charge failed with this code and auto-reload is still on: say why. */
export function reloadFailedNotice(reasonCode: string): Notice {
  const reason = FAILURE_REASONS[reasonCode] ?? `the payment provider answered "${reasonCode}"`;
  return { code: 'reload_failed', message: NOTICES.reload_failed.replace('{reason}', reason), action: ACTIONS.reload_failed };
}
